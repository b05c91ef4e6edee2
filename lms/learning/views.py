"""The learner's pages. Called by the pages' ``serve`` methods, which have already
checked that the user is a logged-in employee (see ``LearnerPageMixin``), or that
this is an editor's preview in the admin: then ``employee`` is None and the
page is shown read-only, as to a learner who has not started."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from lms.accounts.permissions import employee_required

from . import selectors, services
from .models import CoursePage, FinalTestPage, LessonPage
from .questions import option_order, questions_for_display


def _course_of(page) -> CoursePage:
    course = CoursePage.objects.filter(path=page.path[: -page.steplen]).first()
    if course is None:
        raise Http404
    return course


def _employee(request):
    return getattr(request.user, "employee", None) if request.user.is_authenticated else None


def _outline(page, *, employee) -> selectors.CourseOutline:
    """The outline of ``page``'s course (the page itself for a course page)."""
    course_path = page.path if isinstance(page, CoursePage) else page.path[: -page.steplen]
    outline = selectors.course_outline(course_path=course_path, employee=employee)
    if outline is None:
        raise Http404
    return outline


def course_view(request, page: CoursePage):
    """Employees: the course outline with their progress."""
    outline = _outline(page, employee=_employee(request))
    return TemplateResponse(request, "learning/course_page.html", {"page": page, "self": page, "outline": outline})


def lesson_view(request, page: LessonPage):
    """Employees: GET reads the lesson; POST answers the knowledge check or marks a question-less lesson finished.

    The course's outline and the lesson's body and questions come from the shared content cache;
    the learner's progress, training method and option order are read and rendered every time."""
    employee = _employee(request)
    language = get_language()
    content = selectors.lesson_content(lesson=page, language=language, preview=getattr(request, "is_preview", False))
    answers = results = None
    finished_now = False
    if request.method == "POST" and employee is not None:
        if content.questions:
            result = services.knowledge_check_submit(
                employee=employee, lesson=page, data=request.POST, language=language, actor=request.user
            )
            answers, results = result.answers, result.results
        else:
            services.lesson_finish(employee=employee, lesson=page, actor=request.user)
        finished_now = True
    outline = _outline(page, employee=employee)

    def order_for(question_id: str, count: int) -> list[int]:
        return option_order(employee_id=employee.pk if employee else 0, question_id=question_id, count=count)

    if answers is None:
        # Unanswered: the questions as rendered once for every learner, options in this learner's order.
        questions = [form.html(order_for(form.id, len(form.options))) for form in content.question_forms]
    else:
        questions = questions_for_display(content.questions, order_for=order_for, answers=answers, results=results)
    entry = outline.entry_for(page)
    context = {
        "page": page,
        "self": page,
        "course": outline.course,
        "outline": outline,
        "entry": entry,
        "next_entry": outline.entry_after(page),
        # A draft in the editor's preview may not be in the outline yet.
        "page_url": entry.lesson.url if entry is not None else page.get_url(request),
        "body_html": content.body_html,
        "questions": questions,
        "answered": answers is not None,
        "correct_count": sum(1 for ok in (results or {}).values() if ok),
        "finished_now": finished_now,
    }
    return TemplateResponse(request, "learning/lesson_page.html", context)


def final_test_index_view(request, page: FinalTestPage):
    """Employees: the final test's introduction, the start button or why it is locked, their past attempts."""
    employee = _employee(request)
    course = _course_of(page)
    outline = _outline(page, employee=employee)
    attempts = (
        selectors.final_test_attempts_of(employee=employee, course_key=course.translation_key) if employee else []
    )
    context = {
        "page": page,
        "self": page,
        "course": course,
        "outline": outline,
        "attempts": attempts,
        "open_attempt": next((a for a in attempts if a.submitted_at is None), None),
        "page_url": page.get_url(request),
    }
    return TemplateResponse(request, "learning/final_test_page.html", context)


def final_test_start_view(request, page: FinalTestPage):
    """Employees, POST only: open an attempt (or the one still open) and go to its form."""
    base = page.get_url(request)
    if request.method != "POST" or _employee(request) is None:
        return HttpResponseRedirect(base)
    try:
        attempt = services.final_test_start(
            employee=request.user.employee, final_test=page, language=get_language(), actor=request.user
        )
    except services.LearningError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(base)
    return HttpResponseRedirect(base + page.reverse_subpage("attempt", kwargs={"attempt_id": attempt.pk}))


def final_test_attempt_view(request, page: FinalTestPage, attempt_id: int):
    """Employees, own attempts only (another's id is a 404): the form, the submission, the result."""
    employee = _employee(request)
    if employee is None:
        raise Http404
    course = _course_of(page)
    attempt = selectors.final_test_attempt_of(
        employee=employee, attempt_id=attempt_id, course_key=course.translation_key
    )
    if attempt is None:
        raise Http404
    attempt.employee = employee
    base = page.get_url(request)
    here = base + page.reverse_subpage("attempt", kwargs={"attempt_id": attempt.pk})
    if request.method == "POST":
        outcome = services.final_test_submit(attempt=attempt, final_test=page, data=request.POST, actor=request.user)
        if not outcome.accepted:
            messages.info(request, _("This attempt was already submitted; your answers were not changed."))
        return HttpResponseRedirect(here)
    context = {"page": page, "self": page, "course": course, "attempt": attempt, "page_url": base, "action": here}
    if attempt.submitted_at is None:
        plan_options = {item["id"]: item["options"] for item in attempt.plan}
        by_id = {block.id: block for block in page.questions if block.block_type == "question"}
        if any(item["id"] not in by_id for item in attempt.plan):
            # The translation lacks a question (not yet translated): show it from the source page.
            source = selectors.page_source(page, FinalTestPage)
            by_id = {block.id: block for block in source.questions if block.block_type == "question"} | by_id
        blocks = [by_id[item["id"]] for item in attempt.plan if item["id"] in by_id]
        context["questions"] = questions_for_display(
            blocks, order_for=lambda block_id, count: plan_options.get(block_id, list(range(count)))
        )
        return TemplateResponse(request, "learning/final_test_form.html", context)
    outline = _outline(page, employee=employee)
    wrong = set(selectors.attempt_wrong_rules(attempt=attempt))
    context.update(
        {
            "outline": outline,
            "review": selectors.lessons_to_review(outline=outline, rules=wrong),
            "completion": selectors.attempt_completion(attempt=attempt) if attempt.passed else None,
        }
    )
    return TemplateResponse(request, "learning/final_test_result.html", context)


# A function registered under this Wagtail hook name takes ``(request, employee)`` and returns a list
# of ``(message, url, link_label)`` shown above the learner's training (empty when nothing is asked).
MY_TRAINING_NOTICES_HOOK = "mamori_my_training_notices"


@employee_required
def my_training(request):
    """Learners: their own assignments, newest fiscal year first, with the course in their language,
    and what domain apps ask of them (a pledge to sign, a session to attend) through
    ``MY_TRAINING_NOTICES_HOOK``: each hook returns (message, url, link label); an empty url is a
    notice without a link."""
    employee = request.user.employee
    rows = selectors.my_training_rows(employee=employee, language=get_language(), request=request)
    notices = [
        notice for notices_for in hooks.get_hooks(MY_TRAINING_NOTICES_HOOK) for notice in notices_for(request, employee)
    ]
    return TemplateResponse(
        request, "learning/my_training.html", {"employee": employee, "rows": rows, "notices": notices}
    )
