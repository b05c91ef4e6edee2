"""StreamField blocks of the course: lesson bodies and questions.

Every text a learner reads is a Char/Text/RichText block, so wagtail-localize
extracts it as a translation segment; choices, flags and numbers are
synchronised from the Japanese source.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ul", "ol", "h3", "link"]

# The marks stay in Japanese in every language: they are what is printed on the documents.
CLASSIFICATION_MARKS = [
    ("社外極秘", "社外極秘"),
    ("社外秘", "社外秘"),
    ("関係者外秘", "関係者外秘"),
    ("公開情報", "公開情報"),
]


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("Point")), label=_("Points"))

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "learning/blocks/key_points.html"


class DoDontBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    do = blocks.ListBlock(blocks.CharBlock(label=_("Do")), label=_("Do"))
    dont = blocks.ListBlock(blocks.CharBlock(label=_("Don't")), label=_("Don't"))

    class Meta:
        icon = "tasks"
        label = _("Do / don't table")
        template = "learning/blocks/do_dont.html"


class ExampleBlock(blocks.StructBlock):
    setting = blocks.ChoiceBlock(
        label=_("Where"),
        choices=[("plant", _("Plant")), ("office", _("Office")), ("outside", _("Outside the company"))],
        default="plant",
    )
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Workplace example")
        template = "learning/blocks/example.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("mistake", _("Common mistake")),
            ("link", _("Link to other rules")),
        ],
        default="info",
    )
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "learning/blocks/callout.html"


class ClassificationRowBlock(blocks.StructBlock):
    mark = blocks.ChoiceBlock(label=_("Mark"), choices=CLASSIFICATION_MARKS)
    label = blocks.CharBlock(label=_("Name of the mark in this language"))
    scope = blocks.CharBlock(label=_("Who may see it"))
    example = blocks.CharBlock(label=_("Example document"), required=False)


class ClassificationTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    rows = blocks.ListBlock(ClassificationRowBlock(), label=_("Marks"))

    class Meta:
        icon = "table"
        label = _("Classification marks")
        template = "learning/blocks/classification_table.html"


class LessonBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Text"), template="learning/blocks/paragraph.html"
    )
    key_points = KeyPointsBlock()
    do_dont = DoDontBlock()
    example = ExampleBlock()
    callout = CalloutBlock()
    classification_table = ClassificationTableBlock()
    image = ImageBlock(label=_("Image"), template="learning/blocks/image.html")


class QuestionKind:
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    SCENARIO = "scenario"

    CHOICES = [
        (SINGLE, _("Single choice")),
        (MULTIPLE, _("Multiple choice")),
        (TRUE_FALSE, _("True or false")),
        (SCENARIO, _("Scenario")),
    ]
    # Kinds whose answer is exactly one option.
    ONE_ANSWER = frozenset({SINGLE, TRUE_FALSE, SCENARIO})


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(label=pgettext_lazy("answer option", "Correct answer"), required=False)
    feedback = blocks.TextBlock(label=_("Why this answer is right or wrong"))


class QuestionBlock(blocks.StructBlock):
    """A question. Options are identified by their position, which translations keep."""

    kind = blocks.ChoiceBlock(label=_("Kind"), choices=QuestionKind.CHOICES, default=QuestionKind.SINGLE)
    rule = blocks.IntegerBlock(
        label=_("Rule"), min_value=0, max_value=9, help_text=_("The rule it tests (0 for the introduction).")
    )
    scenario = blocks.TextBlock(label=_("Situation"), required=False)
    prompt = blocks.TextBlock(label=_("Question"))
    options = blocks.ListBlock(OptionBlock(), label=_("Answers"), min_num=2)
    explanation = blocks.TextBlock(label=_("Explanation"), required=False)

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        from django.core.exceptions import ValidationError

        value = super().clean(value)
        correct = [o for o in value["options"] if o["correct"]]
        if not correct:
            raise ValidationError(_("Mark at least one answer as correct."))
        if value["kind"] in QuestionKind.ONE_ANSWER and len(correct) != 1:
            raise ValidationError(_("This kind of question has exactly one correct answer."))
        return value


class QuestionStreamBlock(blocks.StreamBlock):
    question = QuestionBlock()
