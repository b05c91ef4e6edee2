"""Builds a small course for the learner tests: a course page with lessons, a final test pool,
a launched campaign and e-learning learners. Stream data is raw with explicit block ids."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache

from lms.home.models import HomePage
from lms.learning.models import CoursePage, FinalTestPage, LessonPage
from lms.training.models import Assignment, Campaign, TrainingMethod
from tests.factories import EmployeeFactory, UserFactory

PASSWORD = "pw-Mamori-2026"


def question(qid: str, *, rule: int, kind: str = "single", correct=(0,), count: int = 3) -> dict:
    return {
        "type": "question",
        "id": qid,
        "value": {
            "kind": kind,
            "rule": rule,
            "scenario": f"Situation of {qid}" if kind == "scenario" else "",
            "prompt": f"Prompt of {qid}?",
            "options": [
                {
                    "text": f"Option {position} of {qid}",
                    "correct": position in correct,
                    "feedback": f"Feedback {position} of {qid}",
                }
                for position in range(count)
            ],
            "explanation": f"Explanation of {qid}",
        },
    }


def lesson_body(number: int) -> list[dict]:
    body = [
        {"type": "paragraph", "id": f"b{number}-p", "value": f"<p>Body text of lesson {number}.</p>"},
        {
            "type": "key_points",
            "id": f"b{number}-k",
            "value": {"heading": "Points", "items": [f"Point A{number}", f"Point B{number}"]},
        },
        {
            "type": "do_dont",
            "id": f"b{number}-d",
            "value": {"heading": "Do and don't", "do": ["Lock the screen"], "dont": ["Share passwords"]},
        },
        {
            "type": "callout",
            "id": f"b{number}-c",
            "value": {"tone": "mistake", "heading": "A common mistake", "text": "Leaving papers out."},
        },
    ]
    if number == 1:
        body.append(
            {
                "type": "classification_table",
                "id": "b1-t",
                "value": {
                    "heading": "Classification marks",
                    "rows": [
                        {
                            "mark": "社外極秘",
                            "label": "Strictly confidential",
                            "scope": "Named people",
                            "example": "Designs",
                        },
                        {"mark": "社外秘", "label": "Confidential", "scope": "Employees", "example": "Price lists"},
                    ],
                },
            }
        )
    return body


@dataclass
class Course:
    course: CoursePage
    lessons: list[LessonPage]
    final_test: FinalTestPage
    campaign: Campaign
    learners: list = field(default_factory=list)

    @property
    def learner(self):
        return self.learners[0]

    def lesson_questions(self, lesson: LessonPage) -> list[dict]:
        return [{"id": b.id, **b.value} for b in lesson.questions]

    def pool(self) -> dict[str, object]:
        return {b.id: b.value for b in FinalTestPage.objects.get(pk=self.final_test.pk).questions}


def build_course(
    *,
    slug: str = "nine-rules-test",
    lessons: int = 3,
    learners: int = 1,
    units=None,
    method: str = TrainingMethod.ELEARNING,
    final_test_size: int = 4,
    pass_mark: int = 75,
    questionless: tuple[int, ...] = (3,),
) -> Course:
    """A course under the HomePage: lesson 1 introduction (rule 0), then rules 1-9, then summaries.

    Lessons listed in ``questionless`` have no knowledge check. Every rule has two
    pool questions in the final test, option 0 correct ("multiple" ones: 0 and 2).
    """
    cache.clear()
    home = HomePage.objects.get(depth=2)
    course = CoursePage(title=f"Course {slug}", slug=slug, pass_mark_percent=pass_mark, final_test_size=final_test_size)
    home.add_child(instance=course)
    course.save_revision().publish()
    pages = []
    for number in range(1, lessons + 1):
        # Introduction (rule 0), rules 1-9, then summaries that test rule 9 again.
        rule = min(number - 1, 9)
        kind = LessonPage.Kind.INTRODUCTION if number == 1 else LessonPage.Kind.RULE
        if number > 10:
            kind = LessonPage.Kind.SUMMARY
        questions = []
        if number not in questionless:
            questions = [
                question(f"l{number}-q1", rule=rule, kind="single"),
                question(f"l{number}-q2", rule=rule, kind="multiple", correct=(0, 2), count=4),
            ]
        lesson = LessonPage(
            title=f"Lesson {number} of {slug}",
            slug=f"lesson-{number}",
            kind=kind,
            rule_number=rule if kind == LessonPage.Kind.RULE else None,
            summary=f"Summary {number}",
            body=lesson_body(number),
            questions=questions,
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
        pages.append(LessonPage.objects.get(pk=lesson.pk))
    pool = []
    for rule in range(min(lessons, 10)):
        pool.append(question(f"ft-r{rule}-a", rule=rule, kind="true_false", count=2))
        pool.append(question(f"ft-r{rule}-b", rule=rule, kind="multiple", correct=(0, 2), count=4))
    final_test = FinalTestPage(title="Final test", slug="final-test", questions=pool)
    course.add_child(instance=final_test)
    final_test.save_revision().publish()
    campaign = Campaign.objects.create(
        name=f"Campaign {slug}",
        course=course,
        fiscal_year=2026,
        due_date=datetime.date(2027, 3, 31),
        status=Campaign.Status.LAUNCHED,
    )
    built = Course(
        course=CoursePage.objects.get(pk=course.pk),
        lessons=pages,
        final_test=FinalTestPage.objects.get(pk=final_test.pk),
        campaign=campaign,
    )
    for _ in range(learners):
        built.learners.append(learner_add(built, units=units, method=method))
    return built


def learner_add(course: Course, *, units, method: str = TrainingMethod.ELEARNING):
    employee = EmployeeFactory(unit=units["plant_a"])
    employee.user = UserFactory(username=f"login-{employee.number}")
    employee.save()
    Assignment.objects.create(campaign=course.campaign, employee=employee, method=method)
    return employee


def correct_answers(questions: dict[str, dict], ids) -> dict[str, list[str]]:
    """POST data answering the given questions correctly (by option position)."""
    return {
        f"q-{qid}": [str(i) for i, option in enumerate(questions[qid]["options"]) if option["correct"]] for qid in ids
    }


def wrong_answers(questions: dict[str, dict], ids) -> dict[str, list[str]]:
    return {
        f"q-{qid}": [str(next(i for i, o in enumerate(questions[qid]["options"]) if not o["correct"]))] for qid in ids
    }


def finish_all_lessons(client, course: Course) -> None:
    for lesson in course.lessons:
        data = {}
        if lesson.questions:
            questions = {b.id: b.value for b in lesson.questions}
            data = correct_answers(questions, questions)
        response = client.post(lesson.url, data)
        assert response.status_code == 200


def ui(msgid: str, language: str = "ja", **values) -> str:
    """An interface string as the learner reads it in ``language`` (placeholders filled)."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(msgid)
    return text % values if values else text


def shows(html: str, msgid: str, language: str = "ja", **values) -> bool:
    """Whether the page shows the translated string (escaped by the template or not)."""
    from django.utils.html import escape

    text = ui(msgid, language, **values)
    return text in html or escape(text) in html
