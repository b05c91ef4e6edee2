"""Certificates follow the completion events published by training (see ``lms.training.events``)."""

from .services import certificate_issue, certificates_follow_correction


def on_completion_recorded(sender, *, completion_id: int, **kwargs) -> None:
    certificate_issue(completion_id=completion_id)


def on_completion_corrected(
    sender, *, correction_id: int, corrected_id: int, void: bool, reason: str, actor_id=None, **kwargs
) -> None:
    certificates_follow_correction(
        correction_id=correction_id, corrected_id=corrected_id, void=void, reason=reason, actor_id=actor_id
    )
