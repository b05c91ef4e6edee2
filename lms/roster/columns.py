"""The roster's columns: header names (English and Japanese) and how each cell is read.

Every cell reader takes the raw cell (a string, or a ``date`` from an XLSX date
cell) and returns the Python value or raises ``CellError`` with a message for
the uploader.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.organisation.models import JoinedVia


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the uploader."""


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy translation
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("company_code", gettext_lazy("Company code"), ("会社コード", "会社"), required=True),
    Column("employee_number", gettext_lazy("Employee number"), ("社員番号", "従業員番号"), required=True),
    Column("full_name", gettext_lazy("Full name"), ("氏名", "名前"), required=True),
    Column("name_reading", gettext_lazy("Name reading"), ("フリガナ", "ふりがな", "氏名カナ", "カナ")),
    Column("unit_code", gettext_lazy("Unit code"), ("所属コード", "部署コード"), required=True),
    Column("category", gettext_lazy("Category"), ("区分", "社員区分", "従業員区分"), required=True),
    Column("is_key_person", gettext_lazy("Key person"), ("キーマン", "活動推進キーマン")),
    Column("preferred_language", gettext_lazy("Language"), ("言語", "使用言語")),
    Column("has_pc", gettext_lazy("Has a PC"), ("pc", "パソコン")),
    Column("reads_japanese", gettext_lazy("Reads Japanese"), ("日本語", "日本語読解")),
    Column("joined_via", gettext_lazy("Joined via"), ("入社区分", "採用区分"), required=True),
    Column("hire_date", gettext_lazy("Hire date"), ("入社日",), required=True),
    Column("leaving_date", gettext_lazy("Leaving date"), ("退職日",)),
    Column("email", gettext_lazy("E-mail"), ("メール", "メールアドレス", "e-mail")),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}


def normalise_text(value: str) -> str:
    """NFKC (full-width digits and letters become ASCII) and trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def _header_key(header: str) -> str:
    return re.sub(r"[\s_\-・*]+", "", normalise_text(header).lower())


_HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    _HEADER_LOOKUP[_header_key(_column.key)] = _column.key
    for _alias in _column.aliases:
        _HEADER_LOOKUP[_header_key(_alias)] = _column.key


def column_for_header(header: str) -> str | None:
    """The column key a header names (``社員番号`` → ``employee_number``), or None."""
    return _HEADER_LOOKUP.get(_header_key(header))


YES = frozenset({"yes", "y", "true", "1", "はい", "○", "〇", "◯"})
NO = frozenset({"no", "n", "false", "0", "いいえ", "×", "✕"})


def read_yes_no(value: str) -> bool:
    text = normalise_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(
        _("“%(value)s” is not yes or no (use yes/no, y/n, true/false, 1/0, はい/いいえ or ○/×).") % {"value": value}
    )


_DATE_PATTERN = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def read_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalise_text(value)
    # A spreadsheet may add a midnight time to a date ("2026-04-01 00:00:00").
    text = re.sub(r"[ T]00:00(:00)?$", "", text)
    match = _DATE_PATTERN.match(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date (use 2026-04-01 or 2026/04/01).") % {"value": value})


def read_language(value: str) -> str:
    code = normalise_text(value).lower().replace("_", "-")
    if code in {c for c, _name in settings.LANGUAGES}:
        return code
    raise CellError(
        _("“%(value)s” is not a supported language (use one of %(codes)s).")
        % {"value": value, "codes": ", ".join(c for c, _name in settings.LANGUAGES)}
    )


def read_email(value: str) -> str:
    """An e-mail address, full-width characters made ASCII (ＡＢＣ＠example.jp → ABC@example.jp)."""
    text = normalise_text(str(value))
    try:
        if len(text) > 254:
            raise ValidationError("too long")
        validate_email(text)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not an e-mail address (use name@example.com, or leave the cell empty).")
            % {"value": value}
        ) from None
    return text


_JOINED_VIA_ALIASES = {
    JoinedVia.REGULAR_INTAKE: ("定期採用", "新卒", "新卒採用"),
    JoinedVia.MID_CAREER: ("中途採用", "中途"),
    JoinedVia.IRREGULAR: ("不定期採用", "不定期"),
    JoinedVia.AGENCY: ("派遣",),
}
_JOINED_VIA_LOOKUP = {code: code for code in JoinedVia.values}
for _code, _aliases in _JOINED_VIA_ALIASES.items():
    for _alias in _aliases:
        _JOINED_VIA_LOOKUP[_alias] = _code


def read_joined_via(value: str) -> str:
    text = normalise_text(value).lower().replace("-", "_").replace(" ", "_")
    if text in _JOINED_VIA_LOOKUP:
        return _JOINED_VIA_LOOKUP[text]
    raise CellError(
        _("“%(value)s” is not a way of joining (use one of %(codes)s).")
        % {"value": value, "codes": ", ".join(JoinedVia.values)}
    )


def cell_is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
