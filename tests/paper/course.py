"""A small nine-rules course built in the test database (the real content is loaded elsewhere)."""

import datetime

from wagtail.models import Locale

from lms.home.models import HomePage
from lms.learning.models import CoursePage, LessonPage
from lms.training.models import Assignment, Campaign, TrainingMethod
from tests.factories import EmployeeFactory

CLASSIFICATION_ROWS = [
    {"mark": "社外極秘", "label": "社外極秘", "scope": "指名された者のみ", "example": "新製品の設計図"},
    {"mark": "社外秘", "label": "社外秘", "scope": "社員のみ", "example": "工程表"},
    {"mark": "関係者外秘", "label": "関係者外秘", "scope": "関係部署のみ", "example": "取引条件"},
    {"mark": "公開情報", "label": "公開情報", "scope": "誰でも", "example": "カタログ"},
]


def _body(number: int, lang: str) -> list[dict]:
    if lang == "ja":
        points = [f"ルール{number}の要点その一。", f"ルール{number}の要点その二。"]
    else:
        points = [f"Rule {number} key point one.", f"Rule {number} key point two."]
    body = [
        {"type": "paragraph", "value": "<p>本文は抜粋に載らない。</p>" if lang == "ja" else "<p>Body text.</p>"},
        {"type": "key_points", "value": {"heading": "ポイント", "items": points}},
    ]
    if number == 2:
        rows = CLASSIFICATION_ROWS
        if lang != "ja":
            rows = [dict(r, label=f"{r['mark']} label", scope="Employees only", example="Schedule") for r in rows]
        body.append(
            {
                "type": "classification_table",
                "value": {"heading": "区分表" if lang == "ja" else "Classification marks", "rows": rows},
            }
        )
    if number == 9:
        body.append(
            {
                "type": "do_dont",
                "value": {
                    "heading": "する・しない",
                    "do": ["すぐに上長へ報告する。", "証拠を保全する。"]
                    if lang == "ja"
                    else ["Report to your supervisor at once.", "Preserve the evidence."],
                    "dont": ["自分で調査しない。"] if lang == "ja" else ["Do not investigate alone."],
                },
            }
        )
    return body


def course_build(*, translate_to: tuple[str, ...] = ("en",), course_code: str = "nine-rules") -> CoursePage:
    """A live Japanese course with nine rule lessons, and its live translations."""
    home = HomePage.objects.get(depth=2)
    course = CoursePage(
        title="技術情報保護 9 つのルール",
        slug=f"{course_code}-test",
        revision_label="2026.1",
        course_code=course_code,
    )
    home.add_child(instance=course)
    for number in range(1, 10):
        lesson = LessonPage(
            title=f"ルール{number}　テスト",
            slug=f"rule-{number}",
            kind=LessonPage.Kind.RULE,
            rule_number=number,
            summary=f"ルール{number}の一行要約。",
            body=_body(number, "ja"),
        )
        course.add_child(instance=lesson)
    for language in translate_to:
        locale, _ = Locale.objects.get_or_create(language_code=language)
        translated_course = course.copy_for_translation(locale, copy_parents=True)
        translated_course.title = "Protecting technical information: nine rules"
        translated_course.live = True
        translated_course.save()
        for lesson in LessonPage.objects.child_of(course):
            translated = lesson.copy_for_translation(locale)
            translated.title = f"Rule {lesson.rule_number}: test"
            translated.summary = f"Rule {lesson.rule_number} in one line."
            translated.body = _body(lesson.rule_number, language)
            translated.live = True
            translated.save()
    return CoursePage.objects.get(pk=course.pk)


def campaign_build(*, course: CoursePage, status: str = Campaign.Status.LAUNCHED, name: str = "FY2026") -> Campaign:
    return Campaign.objects.create(
        name=name, course=course, fiscal_year=2026, due_date=datetime.date(2027, 3, 31), status=status
    )


def paper_assignment(*, campaign: Campaign, unit, language: str = "ja", method=TrainingMethod.PRINTED_EXCERPT, **kw):
    employee = EmployeeFactory(unit=unit, preferred_language=language, **kw)
    return Assignment.objects.create(campaign=campaign, employee=employee, method=method)
