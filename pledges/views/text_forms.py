"""Forms of the secretariat's pledge-text screens (``texts``): types, checklist items, a draft's
Japanese, a language's translation (with the segments it shows), a translator's PO file."""

import re
from dataclasses import dataclass

import polib
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import PledgePurpose, PledgeTranslation, PledgeVersion, sha256_text
from ..services.texts import SOURCE_LANGUAGE, TITLE_KEY, language_name, source_segments

PO_MAX_BYTES = 1024 * 1024
EXTRA_CLAUSES = 2
CLAUSES_MAX = 200
CLAUSE_FIELD = re.compile(r"^clause_(\d+)$")


def translation_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def _name_field(language: str) -> str:
    return "name_" + language.replace("-", "_")


class TranslatedNamesForm(forms.Form):
    """The code, the Japanese name and one name per translation language (``translated_names``)."""

    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("Letters, digits, hyphens and underscores; it names the texts in translators' files."),
    )
    name = forms.CharField(label=gettext_lazy("Japanese name"), max_length=200)
    position = forms.IntegerField(
        label=gettext_lazy("Position"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=gettext_lazy("Lower numbers come first."),
    )
    own_fields: tuple[str, ...] = ()
    fields_after_code: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            initial = {field: getattr(instance, field) for field in ("code", "name", "position", *self.own_fields)}
            for language, name in instance.translated_names.items():
                initial[_name_field(language)] = name
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for language in translation_languages():
            self.fields[_name_field(language)] = forms.CharField(
                label=_("Name in %(language)s") % {"language": language_name(language)},
                max_length=200,
                required=False,
            )
        names = [_name_field(code) for code in translation_languages()]
        self.order_fields(["code", *self.fields_after_code, "name", *names, "position"])

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "name": data["name"],
            "translated_names": {
                language: data[_name_field(language)]
                for language in translation_languages()
                if data.get(_name_field(language))
            },
            "position": data["position"],
            **{field: data[field] for field in self.own_fields},
        }

    def add_model_errors(self, error: ValidationError) -> None:
        """Show a service's ``ValidationError`` (a code already taken…) on the form."""
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, messages in errors.items():
            self.add_error(field if field in self.fields else None, messages)


class PledgeTypeForm(TranslatedNamesForm):
    purpose = forms.ChoiceField(
        label=gettext_lazy("Purpose"),
        choices=PledgePurpose.choices,
        help_text=gettext_lazy(
            "Hiring and leaving pledges are tracked in “Pledges missing”; others are signed when asked. "
            "Code and purpose cannot change once a version has been published."
        ),
    )
    own_fields = ("purpose",)
    fields_after_code = ("purpose",)


class ReturnItemKindForm(TranslatedNamesForm):
    active = forms.BooleanField(
        label=gettext_lazy("In new checklists"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Untick to leave this item out of the checklists opened from now on. Checklists already opened "
            "keep it, with what was recorded for it."
        ),
    )
    own_fields = ("active",)


class VersionEditForm(forms.Form):
    """A draft's Japanese: the title and one field per clause, plus empty ones to add clauses."""

    title = forms.CharField(label=gettext_lazy("Title (Japanese)"), max_length=255)

    def __init__(self, *args, title: str, clauses: list[str], **kwargs):
        super().__init__(*args, initial={"title": title}, **kwargs)
        count = len(clauses) + EXTRA_CLAUSES
        if self.is_bound:
            # The page may have been drawn for more clauses than are stored now.
            posted = [int(m.group(1)) for key in self.data if (m := CLAUSE_FIELD.match(key))]
            count = max([count, *posted])
        for number in range(1, min(count, CLAUSES_MAX) + 1):
            self.fields[f"clause_{number}"] = forms.CharField(
                label=_("Clause %(number)s") % {"number": number},
                required=False,
                initial=clauses[number - 1] if number <= len(clauses) else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clause_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("clause_")]

    def clause_texts(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields if name.startswith("clause_")]


@dataclass(frozen=True)
class Segment:
    """A translatable segment of a version as the translation page shows it."""

    key: str
    japanese: str
    translation: str
    state: str  # "current", "out_of_date" or "missing"

    @property
    def label(self) -> str:
        if self.key == TITLE_KEY:
            return _("Title")
        return _("Clause %(number)s") % {"number": self.key.split("/")[1]}

    @property
    def source_sha256(self) -> str:
        return sha256_text(self.japanese)


def translation_segments(version: PledgeVersion, language: str) -> list[Segment]:
    """The version's segments in order, each with its stored translation and whether it is current."""
    stored = {t.key: t for t in PledgeTranslation.objects.filter(version=version, language=language)}
    segments = []
    for key, japanese in source_segments(version).items():
        row = stored.get(key)
        if row is None or not row.text.strip():
            state, text = "missing", ""
        else:
            state = "current" if row.source_sha256 == sha256_text(japanese) else "out_of_date"
            text = row.text
        segments.append(Segment(key=key, japanese=japanese, translation=text, state=state))
    return segments


class TranslationForm(forms.Form):
    """One field per segment; an out-of-date one counts as revised only if its text changed or the
    "still correct" box is ticked, so saving the page never silently confirms an old translation."""

    def __init__(self, *args, segments: list[Segment], **kwargs):
        super().__init__(*args, **kwargs)
        self.segments = segments
        for index, segment in enumerate(segments):
            self.fields[f"text_{index}"] = forms.CharField(
                label=segment.label,
                required=False,
                initial=segment.translation,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if segment.state == "out_of_date":
                self.fields[f"confirm_{index}"] = forms.BooleanField(
                    label=_("Still correct for the new Japanese"), required=False
                )

    def rows(self) -> list[tuple[Segment, forms.BoundField, forms.BoundField | None]]:
        return [
            (segment, self[f"text_{index}"], self[f"confirm_{index}"] if f"confirm_{index}" in self.fields else None)
            for index, segment in enumerate(self.segments)
        ]

    def clean(self):
        cleaned = super().clean()
        for index, segment in enumerate(self.segments):
            # The Japanese the translator saw, sent back by the page: it may have been edited since.
            if self.data.get(f"source_{index}") != segment.source_sha256:
                self.add_error(
                    f"text_{index}",
                    _("The Japanese of this segment changed while you were translating. Compare it again."),
                )
        return cleaned

    def texts(self) -> dict[str, str]:
        """{key: text} of the segments to store."""
        texts = {}
        for index, segment in enumerate(self.segments):
            text = self.cleaned_data[f"text_{index}"]
            if not text:
                continue
            unrevised = segment.state == "out_of_date" and text == segment.translation.strip()
            if unrevised and not self.cleaned_data.get(f"confirm_{index}"):
                continue
            texts[segment.key] = text
        return texts


class PoImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("PO file"),
        help_text=gettext_lazy("A file exported from this page and translated, UTF-8, at most 1 MB."),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.po: polib.POFile | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        nothing = _("Nothing was imported.")
        if upload.size > PO_MAX_BYTES:
            raise ValidationError(_("The file is larger than 1 MB.") + " " + nothing)
        try:
            text = upload.read(PO_MAX_BYTES + 1).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not a PO file: it is not text in UTF-8.") + " " + nothing) from None
        # polib reads a string that names an existing file as that file; file contents end with a newline.
        if not text.endswith("\n"):
            text += "\n"
        try:
            po = polib.pofile(text, encoding="utf-8")
        except (OSError, ValueError):
            raise ValidationError(_("The file is not a PO file the import can read.") + " " + nothing) from None
        header = po.metadata.get("Language", "").strip().lower().replace("_", "-")
        if header and header.split("-")[0] != self.language.split("-")[0]:
            raise ValidationError(
                _("The file is for the language “%(file)s”, not %(language)s.")
                % {"file": header, "language": language_name(self.language)}
                + " "
                + nothing
            )
        self.po = po
        return upload
