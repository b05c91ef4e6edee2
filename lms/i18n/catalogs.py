"""Interface message catalogs, extracted and compiled with Babel (no GNU gettext).

msgids are English. Every language, English included, gets a complete
catalog: with ``LANGUAGE_CODE = "ja"`` a string missing from, say, the
Vietnamese catalog would otherwise show in Japanese.
"""

import copy
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

SKIP_PARTS = {"migrations", "__pycache__", "static", "node_modules"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
DOMAIN = "django"


def locales_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalog_locales() -> list[str]:
    """Babel/Django locale names of the catalogs: ``pt_BR``, ``zh_Hans``, ..."""
    return [to_locale(code) for code, _name in settings.LANGUAGES]


def po_path(locale: str) -> Path:
    return locales_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _source_files() -> Iterator[Path]:
    base = Path(settings.BASE_DIR)
    for top in settings.MAMORI_CATALOG_SOURCE_DIRS:
        for path in sorted((base / top).rglob("*")):
            if SKIP_PARTS & set(path.parts) or not path.is_file():
                continue
            if path.suffix in {".py", ".html", ".txt"}:
                yield path


def extract() -> Catalog:
    """A template catalog of every translatable string in the source tree."""
    base = Path(settings.BASE_DIR)
    template = Catalog(project="Mamori", fuzzy=False)
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            if "gettext" not in text and "_(" not in text:
                continue
            source = text
        else:
            if "{% trans" not in text and "{% blocktrans" not in text:
                continue
            # templatize keeps the template's lines; strip their indentation so the
            # output tokenizes as Python (its string literals are single-line reprs).
            source = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).splitlines())
        for lineno, funcname, messages, _comments in extract_python(
            io.BytesIO(source.encode("utf-8")), KEYWORDS.keys(), [], {}
        ):
            spec = KEYWORDS[funcname] or (1,)
            msgid, context = _message_from(messages, spec)
            if not msgid:
                continue
            template.add(msgid, locations=[(str(path.relative_to(base)), lineno)], context=context)
    return template


def _message_from(messages, spec):
    if not isinstance(messages, tuple):
        messages = (messages,)
    context = None
    ids = []
    for index in spec:
        if isinstance(index, tuple):
            context = messages[index[0] - 1]
        else:
            if index - 1 < len(messages):
                ids.append(messages[index - 1])
    if not ids or ids[0] is None:
        return None, None
    msgid = tuple(ids) if len(ids) > 1 else ids[0]
    return msgid, context


def read_catalog(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, project="Mamori")
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def write_catalog(catalog: Catalog, locale: str) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_previous=False)


def update_catalogs() -> dict[str, int]:
    """Merge the extracted strings into each catalog; English gets msgstr = msgid.

    Returns the number of untranslated entries per locale after the update.
    """
    template = extract()
    gaps = {}
    for locale in catalog_locales():
        catalog = read_catalog(locale)
        # update() shares Message objects with the template: give each catalog its own copy.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if locale == "en":
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
                message.flags.discard("fuzzy")
        write_catalog(catalog, locale)
        gaps[locale] = sum(1 for m in catalog if m.id and not _translated(m))
    return gaps


def _translated(message) -> bool:
    if "fuzzy" in message.flags:
        return False
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


@dataclass
class CatalogProblem:
    locale: str
    msgid: str
    problem: str


def catalog_problems() -> list[CatalogProblem]:
    """Untranslated, fuzzy or missing entries, and catalogs behind the source."""
    template = extract()
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    problems = []
    for locale in catalog_locales():
        if not po_path(locale).exists():
            problems.append(CatalogProblem(locale, "", "catalog file missing"))
            continue
        catalog = read_catalog(locale)
        present = set()
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            present.add((key, message.context))
            if "fuzzy" in message.flags:
                problems.append(CatalogProblem(locale, key, "fuzzy"))
            elif not _translated(message):
                problems.append(CatalogProblem(locale, key, "untranslated"))
        for key, _context in sorted(wanted - present, key=lambda k: k[0]):
            problems.append(CatalogProblem(locale, key, "missing (run extract_catalogs)"))
    return problems


def compile_catalogs() -> int:
    """Write a .mo beside every .po. Returns the number of catalogs compiled."""
    count = 0
    for po in sorted(locales_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        count += 1
    return count


def catalog_counts() -> dict[str, int]:
    """Translated interface strings per locale."""
    return {locale: sum(1 for m in read_catalog(locale) if m.id and _translated(m)) for locale in catalog_locales()}
