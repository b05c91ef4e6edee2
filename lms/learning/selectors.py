"""Reads for the course: finding the course and its lessons, and a learner's progress.

Course-lookup functions come first; the learner's reads (outline with
progress, My training rows, final test attempts) follow. Every learner read
runs a fixed number of queries whatever the number of lessons or employees.
What every learner sees the same (a course's outline, a lesson's body and
questions) comes from the shared content cache (``content_cache``); what is a
learner's own (progress, training method, answers) is read every time.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from lms.organisation.models import Employee
from lms.training.models import Assignment, Campaign, CompletionRecord, TrainingMethod

from . import content_cache
from .content_cache import LessonContent, LessonLink, PageLink, course_structure, lesson_content_render
from .models import CoursePage, FinalTestAttempt, LessonPage, LessonProgress, QuestionResponse

# --- Course lookup -------------------------------------------------------------------------------


def course_source_page(course_code: str | None = None) -> CoursePage | None:
    """A live course in the source language (Japanese), the one campaigns point at.

    With ``course_code``, the course of that course app; without, the first course in the tree.
    """
    courses = CoursePage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    if course_code is not None:
        courses = courses.filter(course_code=course_code)
    return courses.order_by("path").first()


def course_for_language(*, course: CoursePage, language: str) -> CoursePage:
    """The live translation of ``course`` in ``language``; the course itself when there is none."""
    if course.locale.language_code == language:
        return course
    translation = (
        CoursePage.objects.live().filter(translation_key=course.translation_key, locale__language_code=language).first()
    )
    return translation or course


def lessons_of(course: CoursePage) -> list[LessonPage]:
    """The course's live lessons in reading order (tree order)."""
    return list(LessonPage.objects.live().child_of(course).order_by("path"))


# --- The learner ---------------------------------------------------------------------------------

# How each non-e-learning method records completion; shown on the course pages.
METHOD_NOTICES = {
    TrainingMethod.PRINTED_EXCERPT: _(
        "You are trained with the printed excerpt: your completion is recorded when you hand in your signed slip."
    ),
    TrainingMethod.CLASSROOM: _(
        "You are trained in a classroom lecture: your completion is recorded when you attend the session."
    ),
    TrainingMethod.READ_ALOUD: _(
        "You are trained at a read-aloud session: your completion is recorded at the read-aloud session."
    ),
    TrainingMethod.HR_HANDOUT: _(
        "You are trained with the hand-out from your site's HR: your completion is recorded when you "
        "return the slip to your site's HR."
    ),
}


def page_source(page: Page, model: type[Page]) -> Page:
    """The source-language version of ``page`` (itself when it is the source): answers are checked there."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    source = model.objects.filter(
        translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    return source or page


def _course_assignments(*, employee: Employee, course_key: uuid.UUID):
    """The employee's assignments of launched campaigns for this course, the newest fiscal year first."""
    return (
        Assignment.objects.filter(
            employee=employee,
            campaign__status=Campaign.Status.LAUNCHED,
            campaign__course__translation_key=course_key,
        )
        .with_completion()
        .order_by("-campaign__fiscal_year", "campaign__due_date", "pk")
    )


def assignment_for_course(*, employee: Employee, course_key: uuid.UUID) -> Assignment | None:
    """The employee's assignment of a launched campaign for this course: the open one first,
    else the most recent completed one (one query)."""
    assignments = list(_course_assignments(employee=employee, course_key=course_key).select_related("campaign"))
    for assignment in assignments:
        if not assignment.is_completed:
            return assignment
    return assignments[0] if assignments else None


def training_method_for_course(*, employee: Employee, course_key: uuid.UUID) -> str | None:
    """The training method of the assignment ``assignment_for_course`` gives (one query, no models built)."""
    rows = list(_course_assignments(employee=employee, course_key=course_key).values_list("method", "is_completed"))
    for method, is_completed in rows:
        if not is_completed:
            return method
    return rows[0][0] if rows else None


def final_test_offered(assignment: Assignment | None) -> bool:
    """People trained by another method read the course but do not take the test."""
    return assignment is None or assignment.method == TrainingMethod.ELEARNING


@dataclass
class LessonEntry:
    lesson: LessonLink
    number: int
    done: bool


@dataclass
class CourseOutline:
    """A course's lessons with one learner's progress, and what their training method means for them."""

    course: PageLink
    lessons: list[LessonEntry]
    final_test: PageLink | None
    method: str | None = None
    done_count: int = 0

    @property
    def lesson_count(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.lesson_count) if self.lessons else 0

    @property
    def all_done(self) -> bool:
        return self.done_count == self.lesson_count

    @property
    def next_lesson(self) -> LessonEntry | None:
        """Where to continue: the first lesson not done yet."""
        return next((entry for entry in self.lessons if not entry.done), None)

    @property
    def started(self) -> bool:
        return self.done_count > 0

    @property
    def notice(self):
        """How a method other than e-learning records completion; None for e-learning."""
        return METHOD_NOTICES.get(self.method)

    @property
    def final_test_offered(self) -> bool:
        """People trained by another method read the course but do not take the test."""
        return self.method is None or self.method == TrainingMethod.ELEARNING

    def entry_for(self, lesson: Page) -> LessonEntry | None:
        return next((entry for entry in self.lessons if entry.lesson.pk == lesson.pk), None)

    def entry_after(self, lesson: Page) -> LessonEntry | None:
        for index, entry in enumerate(self.lessons):
            if entry.lesson.pk == lesson.pk:
                return self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return None


def finished_lesson_keys(*, employee: Employee, course_key: uuid.UUID) -> set[uuid.UUID]:
    return set(
        LessonProgress.objects.filter(employee=employee, course_key=course_key).values_list("lesson_key", flat=True)
    )


def course_outline(*, course_path: str, employee: Employee | None) -> CourseOutline | None:
    """The lessons of the course page at ``course_path`` in order, with the employee's progress and
    training method (two queries; the course's structure comes from the shared content cache).

    ``employee`` is None for an editor's preview: no progress, no assignment."""
    structure = course_structure(course_path=course_path)
    if structure is None:
        return None
    course_key = structure.course.translation_key
    done_keys = finished_lesson_keys(employee=employee, course_key=course_key) if employee else set()
    lessons = [
        LessonEntry(lesson=lesson, number=number, done=lesson.translation_key in done_keys)
        for number, lesson in enumerate(structure.lessons, start=1)
    ]
    return CourseOutline(
        course=structure.course,
        lessons=lessons,
        final_test=structure.final_test,
        method=training_method_for_course(employee=employee, course_key=course_key) if employee else None,
        done_count=sum(1 for entry in lessons if entry.done),
    )


@dataclass
class TrainingRow:
    """One line of My training."""

    assignment: Assignment
    course: Page | None
    course_url: str | None
    lesson_count: int = 0
    done_count: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.lesson_count) if self.lesson_count else 0


def my_training_rows(*, employee: Employee, language: str, request=None) -> list[TrainingRow]:
    """The employee's assignments with their course in ``language`` and lesson progress (four queries)."""
    from lms.training.selectors import assignments_for_employee

    assignments = list(assignments_for_employee(employee=employee).select_related("campaign__course"))
    keys = {a.campaign.course.translation_key for a in assignments}
    if not keys:
        return []
    courses = {}
    for page in (
        Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code__in={language, settings.LANGUAGE_CODE})
        .select_related("locale")
    ):
        current = courses.get(page.translation_key)
        if current is None or page.locale.language_code == language:
            courses[page.translation_key] = page
    # Lessons counted on the source tree: progress is keyed by the lessons' translation keys.
    sources = [a.campaign.course for a in assignments]
    lesson_rows = LessonPage.objects.live().filter(_children_of(sources)).values_list("path", "translation_key")
    lessons_by_course: dict[uuid.UUID, set[uuid.UUID]] = {}
    for path, lesson_key in lesson_rows:
        for source in sources:
            if path.startswith(source.path) and len(path) == len(source.path) + Page.steplen:
                lessons_by_course.setdefault(source.translation_key, set()).add(lesson_key)
    done: dict[uuid.UUID, set[uuid.UUID]] = {}
    for course_key, lesson_key in LessonProgress.objects.filter(employee=employee, course_key__in=keys).values_list(
        "course_key", "lesson_key"
    ):
        done.setdefault(course_key, set()).add(lesson_key)
    rows = []
    for assignment in assignments:
        key = assignment.campaign.course.translation_key
        course = courses.get(key)
        lesson_keys = lessons_by_course.get(key, set())
        rows.append(
            TrainingRow(
                assignment=assignment,
                course=course,
                course_url=course.get_url(request) if course is not None else None,
                lesson_count=len(lesson_keys),
                done_count=len(lesson_keys & done.get(key, set())),
            )
        )
    return rows


def _children_of(pages: Iterable[Page]) -> Q:
    condition = Q(pk__in=[])
    for page in pages:
        condition |= Q(path__startswith=page.path, depth=page.depth + 1)
    return condition


# --- Final test --------------------------------------------------------------------------------


def final_test_attempts_of(*, employee: Employee, course_key: uuid.UUID) -> list[FinalTestAttempt]:
    """The employee's own attempts, newest first: a learner never sees another's."""
    return list(FinalTestAttempt.objects.filter(employee=employee, course_key=course_key).order_by("-started_at")[:20])


def final_test_attempt_of(*, employee: Employee, attempt_id: int, course_key: uuid.UUID) -> FinalTestAttempt | None:
    return FinalTestAttempt.objects.filter(pk=attempt_id, employee=employee, course_key=course_key).first()


def attempt_completion(*, attempt: FinalTestAttempt) -> CompletionRecord | None:
    """The current completion of the attempt's assignment, if any."""
    if attempt.assignment_id is None:
        return None
    return CompletionRecord.objects.current().filter(assignment_id=attempt.assignment_id).first()


def attempt_wrong_rules(*, attempt: FinalTestAttempt) -> list[int]:
    """Rules with at least one wrong answer in the attempt, in order."""
    return sorted(
        set(QuestionResponse.objects.filter(attempt=attempt, is_correct=False).values_list("rule_number", flat=True))
    )


def lessons_to_review(*, outline: CourseOutline, rules: Iterable[int]) -> list[LessonEntry]:
    """The lessons teaching the given rules (rule 0 is the introduction)."""
    rules = set(rules)
    return [
        entry
        for entry in outline.lessons
        if entry.lesson.rule_number in rules or (0 in rules and entry.lesson.kind == LessonPage.Kind.INTRODUCTION)
    ]


def lesson_content(*, lesson: LessonPage, language: str, preview: bool = False) -> LessonContent:
    """The lesson's body and questions as learners read them, from the shared content cache.

    An editor's preview shows a draft: rendered each time, never stored."""
    if preview:
        with translation.override(language):
            return lesson_content_render(lesson)
    return content_cache.lesson_content(lesson=lesson, language=language)
