"""Training announces completions after commit, to whoever subscribed, and survives a failing subscriber."""

import datetime
from unittest import mock

import pytest
from django.db import transaction

import lms.events as events
from lms.training.events import completion_corrected, completion_recorded
from lms.training.models import Assignment, CompletionRecord, TrainingMethod
from lms.training.services import campaign_launch, completion_correct, completion_record

DAY = datetime.date(2026, 7, 1)


@pytest.fixture
def assignment(campaign, people, trainer):
    campaign_launch(campaign=campaign, actor=trainer, on=datetime.date(2026, 6, 1))
    return Assignment.objects.get(campaign=campaign, employee=people["a1"])


@pytest.fixture
def heard():
    """Every event received, in order, as (signal name, kwargs without the signal)."""
    events = []

    def recorded(sender, **kwargs):
        kwargs.pop("signal")
        events.append(("recorded", kwargs))

    def corrected(sender, **kwargs):
        kwargs.pop("signal")
        events.append(("corrected", kwargs))

    completion_recorded.connect(recorded, dispatch_uid="test-recorded")
    completion_corrected.connect(corrected, dispatch_uid="test-corrected")
    yield events
    completion_recorded.disconnect(dispatch_uid="test-recorded")
    completion_corrected.disconnect(dispatch_uid="test-corrected")


def _record(assignment, trainer):
    return completion_record(
        assignment=assignment,
        method=TrainingMethod.ELEARNING,
        completed_on=DAY,
        recorded_by=trainer,
        evidence_kind="quiz_attempt",
    )


def test_events_are_sent_after_commit_only(assignment, trainer, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = _record(assignment, trainer)
    assert heard == []  # written, not yet committed
    for callback in callbacks:
        callback()
    assert heard == [("recorded", {"completion_id": record.pk})]
    with django_capture_on_commit_callbacks(execute=True):
        correction = completion_correct(record=record, actor=trainer, reason=" Wrong person ", void=True)
    assert heard[1] == (
        "corrected",
        {
            "correction_id": correction.pk,
            "corrected_id": record.pk,
            "void": True,
            "reason": "Wrong person",
            "actor_id": trainer.pk,
        },
    )


def test_a_rolled_back_completion_is_never_announced(assignment, trainer, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _record(assignment, trainer)
        raise RuntimeError("rolled back")
    assert heard == [] and not CompletionRecord.objects.exists()


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(
    assignment, trainer, heard, django_capture_on_commit_callbacks
):
    def broken(sender, **kwargs):
        raise ValueError("subscriber bug")

    completion_recorded.connect(broken, dispatch_uid="test-broken")
    try:
        with (
            mock.patch.object(events.logger, "error") as log_error,
            django_capture_on_commit_callbacks(execute=True),
        ):
            record = _record(assignment, trainer)
    finally:
        completion_recorded.disconnect(dispatch_uid="test-broken")
    assert CompletionRecord.objects.current().get() == record
    assert heard == [("recorded", {"completion_id": record.pk})]
    (logged,) = log_error.call_args_list
    assert str(logged.kwargs["exc_info"]) == "subscriber bug"
