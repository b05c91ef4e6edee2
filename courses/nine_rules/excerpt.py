"""What the nine-rules course adds to its printed excerpt: rule 9's steps when a leak is discovered.

Registered with the paper app in ``NineRulesConfig.ready``; the paper app calls it for pages whose
``course_code`` is ``COURSE_CODE``.
"""

from lms.learning.models import CoursePage, LessonPage
from lms.learning.selectors import lessons_of
from lms.paper.excerpts import ExcerptContent, excerpt_content_generic, page_in_language

# Rule 9 of the source documents: what to do when a leak is discovered.
LEAK_RULE_NUMBER = 9


def nine_rules_excerpt(*, course: CoursePage, language: str) -> ExcerptContent:
    content = excerpt_content_generic(course=course, language=language)
    for source_lesson in lessons_of(course):
        if source_lesson.kind == LessonPage.Kind.RULE and source_lesson.rule_number == LEAK_RULE_NUMBER:
            _read_leak_steps(content, page_in_language(source_lesson, language))
    return content


def _read_leak_steps(content: ExcerptContent, lesson: LessonPage) -> None:
    """The lesson's 'do' list and its warnings, as steps to follow."""
    content.leak_heading = lesson.title
    for block in lesson.body:
        if block.block_type == "do_dont":
            content.leak_steps.extend(str(item) for item in block.value["do"])
        elif block.block_type == "callout" and block.value["tone"] in ("warning", "info"):
            content.leak_notes.append({"heading": block.value["heading"], "text": block.value["text"]})
