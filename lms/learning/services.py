"""Writes of the learner: finishing lessons, answering knowledge checks, sitting the final test.

Answers are always checked here, on the server, against the source (Japanese)
page's question blocks by block id: a translation has the same block ids and
flags, only its text differs, so what the browser sends can never decide
what is correct.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log
from lms.organisation.models import Employee
from lms.training.counting import completion_counts_rebuild
from lms.training.models import Assignment, Campaign, CompletionRecord, EvidenceKind, TrainingMethod
from lms.training.services import AlreadyCompleted, completion_record

from .blocks import QuestionKind
from .models import CoursePage, FinalTestAttempt, FinalTestPage, LessonPage, LessonProgress, QuestionResponse
from .selectors import (
    assignment_for_course,
    final_test_offered,
    finished_lesson_keys,
    lessons_of,
    page_source,
)


class LearningError(Exception):
    """A learner operation refused, with a message for the learner."""


@dataclass(frozen=True)
class Checked:
    question_id: str
    rule: int
    selected: list[int]
    is_correct: bool


def answers_parse(data: Mapping, question_ids: Sequence[str]) -> dict[str, list[int]]:
    """Selected option positions per question from POST data (``q-<block id>`` fields).

    Only the given question ids are read; anything else posted is ignored.
    Values that are not integers are dropped.
    """
    answers: dict[str, list[int]] = {}
    for question_id in question_ids:
        values = data.getlist(f"q-{question_id}") if hasattr(data, "getlist") else data.get(f"q-{question_id}", [])
        positions = set()
        for value in values:
            try:
                positions.add(int(value))
            except (TypeError, ValueError):
                continue
        answers[question_id] = sorted(positions)
    return answers


def answer_check(question: Mapping, selected: Sequence[int]) -> bool:
    """Exactly the correct options, and one option only for one-answer kinds."""
    correct = {index for index, option in enumerate(question["options"]) if option["correct"]}
    chosen = set(selected)
    if question["kind"] in QuestionKind.ONE_ANSWER and len(chosen) != 1:
        return False
    return bool(correct) and chosen == correct


def _question_blocks(page) -> dict[str, object]:
    return {block.id: block for block in page.questions if block.block_type == "question"}


def _check(source_blocks: Mapping[str, object], answers: Mapping[str, list[int]]) -> list[Checked]:
    checked = []
    for question_id, selected in answers.items():
        block = source_blocks.get(question_id)
        if block is None:
            continue
        count = len(block.value["options"])
        valid = [p for p in selected if 0 <= p < count]
        is_correct = answer_check(block.value, valid) and len(valid) == len(selected)
        checked.append(Checked(question_id, int(block.value["rule"]), valid, is_correct))
    return checked


def lesson_finish(*, employee: Employee, lesson: LessonPage, actor=None) -> LessonProgress:
    """Record that the employee finished the lesson (idempotent: finishing twice keeps the first time)."""
    course_key = lesson.get_parent().translation_key
    with transaction.atomic():
        progress, created = LessonProgress.objects.get_or_create(
            employee=employee, lesson_key=lesson.translation_key, defaults={"course_key": course_key}
        )
        if created:
            audit_log(
                actor=actor,
                action="mamori.lesson.finish",
                instance=progress,
                data={"lesson": lesson.title, "language": lesson.locale.language_code},
            )
        assignments_started_mark(employee=employee, course_key=course_key)
    return progress


def assignments_started_mark(*, employee: Employee, course_key) -> int:
    """The employee's open assignments of the course are now in progress (``Assignment.started_on``);
    the reports' counts of their unit follow. Returns how many were marked (0 once they are)."""
    waiting = Assignment.objects.filter(
        employee=employee,
        campaign__course__translation_key=course_key,
        completed_on__isnull=True,
        started_on__isnull=True,
    ).exclude(campaign__status=Campaign.Status.DRAFT)
    campaign_ids = list(waiting.values_list("campaign_id", flat=True))
    if not campaign_ids:
        return 0
    marked = Assignment.objects.filter(
        employee=employee, campaign_id__in=campaign_ids, started_on__isnull=True, completed_on__isnull=True
    ).update(started_on=timezone.localdate())
    completion_counts_rebuild(unit_ids=[employee.unit_id], campaign_ids=campaign_ids)
    return marked


@dataclass
class KnowledgeCheckResult:
    answers: dict[str, list[int]]
    results: dict[str, bool]
    progress: LessonProgress

    @property
    def correct_count(self) -> int:
        return sum(1 for ok in self.results.values() if ok)


def knowledge_check_submit(
    *, employee: Employee, lesson: LessonPage, data: Mapping, language: str, actor=None
) -> KnowledgeCheckResult:
    """Check the lesson's questions on the server, keep one response per question, finish the lesson.

    Unanswered questions are stored as wrong answers with nothing selected.
    """
    source = page_source(lesson, LessonPage)
    source_blocks = _question_blocks(source)
    answers = answers_parse(data, list(source_blocks))
    checked = _check(source_blocks, answers)
    with transaction.atomic():
        QuestionResponse.objects.bulk_create(
            [
                QuestionResponse(
                    employee=employee,
                    context=QuestionResponse.Context.KNOWLEDGE_CHECK,
                    page_key=lesson.translation_key,
                    question_id=item.question_id,
                    rule_number=item.rule,
                    selected=item.selected,
                    is_correct=item.is_correct,
                    language=language,
                )
                for item in checked
            ]
        )
        progress = lesson_finish(employee=employee, lesson=lesson, actor=actor)
        audit_log(
            actor=actor,
            action="mamori.knowledge_check.submit",
            instance=progress,
            data={"correct": sum(item.is_correct for item in checked), "questions": len(checked)},
        )
    return KnowledgeCheckResult(
        answers={item.question_id: item.selected for item in checked},
        results={item.question_id: item.is_correct for item in checked},
        progress=progress,
    )


def final_test_draw(blocks: Sequence, *, size: int, rng: random.Random) -> list[dict]:
    """A plan of ``size`` questions spread across the rules.

    Round-robin over the rules (in rule order), a random question within each
    rule; each question's options in a random order.
    """
    by_rule: dict[int, list] = {}
    for block in blocks:
        by_rule.setdefault(int(block.value["rule"]), []).append(block)
    for pool in by_rule.values():
        rng.shuffle(pool)
    chosen = []
    rules = sorted(by_rule)
    # Start the round-robin at a random rule so a short test does not always favour the first rules.
    if rules:
        start = rng.randrange(len(rules))
        rules = rules[start:] + rules[:start]
    while len(chosen) < size and any(by_rule[rule] for rule in rules):
        for rule in rules:
            if by_rule[rule] and len(chosen) < size:
                chosen.append(by_rule[rule].pop())
    rng.shuffle(chosen)
    plan = []
    for block in chosen:
        positions = list(range(len(block.value["options"])))
        rng.shuffle(positions)
        plan.append({"id": block.id, "options": positions})
    return plan


def final_test_start(*, employee: Employee, final_test: FinalTestPage, language: str, actor=None) -> FinalTestAttempt:
    """Open an attempt with a frozen plan, or return the attempt still open.

    Refused when a lesson is not finished or the employee is trained by another method.
    """
    course = final_test.get_parent().specific
    if not isinstance(course, CoursePage):
        raise LearningError(_("This final test does not belong to a course."))
    assignment = assignment_for_course(employee=employee, course_key=course.translation_key)
    if not final_test_offered(assignment):
        raise LearningError(_("Your training is recorded another way; the final test is not part of it."))
    done = finished_lesson_keys(employee=employee, course_key=course.translation_key)
    if any(lesson.translation_key not in done for lesson in lessons_of(course)):
        raise LearningError(_("Finish every lesson before taking the final test."))
    open_attempt = FinalTestAttempt.objects.filter(
        employee=employee, course_key=course.translation_key, submitted_at__isnull=True
    ).first()
    if open_attempt is not None:
        return open_attempt
    source = page_source(final_test, FinalTestPage)
    blocks = list(_question_blocks(source).values())
    if not blocks:
        raise LearningError(_("The final test has no questions yet."))
    plan = final_test_draw(blocks, size=course.final_test_size, rng=random.SystemRandom())
    try:
        with transaction.atomic():
            attempt = FinalTestAttempt.objects.create(
                employee=employee,
                assignment=assignment if assignment is not None and not assignment.is_completed else None,
                course_key=course.translation_key,
                language=language,
                plan=plan,
                question_count=len(plan),
            )
            audit_log(
                actor=actor,
                action="mamori.final_test.start",
                instance=attempt,
                data={"questions": len(plan), "language": language},
            )
            assignments_started_mark(employee=employee, course_key=course.translation_key)
    except IntegrityError:
        # A second click started one at the same moment: use that one.
        return FinalTestAttempt.objects.get(
            employee=employee, course_key=course.translation_key, submitted_at__isnull=True
        )
    return attempt


@dataclass
class FinalTestOutcome:
    attempt: FinalTestAttempt
    accepted: bool
    completion: CompletionRecord | None = None
    already_completed: CompletionRecord | None = None


def final_test_submit(
    *, attempt: FinalTestAttempt, final_test: FinalTestPage, data: Mapping, actor=None
) -> FinalTestOutcome:
    """Score the attempt once. A replayed submission changes nothing and returns the stored result.

    Only the plan's questions are read; a missing answer is wrong. Passing
    records the completion of the attempt's assignment.
    """
    course = final_test.get_parent().specific
    if attempt.course_key != course.translation_key:
        raise LearningError(_("This attempt belongs to another course."))
    if attempt.submitted_at is not None:
        return FinalTestOutcome(attempt=attempt, accepted=False)
    source = page_source(final_test, FinalTestPage)
    source_blocks = _question_blocks(source)
    plan_ids = [item["id"] for item in attempt.plan]
    answers = answers_parse(data, plan_ids)
    checked = _check(source_blocks, answers)
    # Questions removed from the pool since the draw cannot be scored; they count as wrong.
    total = len(plan_ids)
    correct = sum(1 for item in checked if item.is_correct)
    score = round(100 * correct / total) if total else 0
    passed = total > 0 and score >= course.pass_mark_percent
    assignment = assignment_for_course(employee=attempt.employee, course_key=attempt.course_key)
    if assignment is not None and assignment.method != TrainingMethod.ELEARNING:
        assignment = None
    now = timezone.now()
    with transaction.atomic():
        updated = FinalTestAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            submitted_at=now,
            correct_count=correct,
            question_count=total,
            score_percent=score,
            passed=passed,
            assignment=assignment if assignment is not None else attempt.assignment,
        )
        if updated != 1:
            attempt.refresh_from_db()
            return FinalTestOutcome(attempt=attempt, accepted=False)
        attempt.refresh_from_db()
        QuestionResponse.objects.bulk_create(
            [
                QuestionResponse(
                    employee_id=attempt.employee_id,
                    context=QuestionResponse.Context.FINAL_TEST,
                    attempt=attempt,
                    page_key=final_test.translation_key,
                    question_id=item.question_id,
                    rule_number=item.rule,
                    selected=item.selected,
                    is_correct=item.is_correct,
                    language=attempt.language,
                )
                for item in checked
            ]
        )
        audit_log(
            actor=actor,
            action="mamori.final_test.submit",
            instance=attempt,
            data={"correct": correct, "questions": total, "score": score, "passed": passed},
        )
        outcome = FinalTestOutcome(attempt=attempt, accepted=True)
        if passed and assignment is not None:
            try:
                outcome.completion = completion_record(
                    assignment=assignment,
                    method=TrainingMethod.ELEARNING,
                    completed_on=timezone.localdate(now),
                    recorded_by=actor,
                    evidence_kind=EvidenceKind.QUIZ_ATTEMPT,
                    evidence=attempt,
                )
            except AlreadyCompleted as exc:
                outcome.already_completed = exc.record
    return outcome
