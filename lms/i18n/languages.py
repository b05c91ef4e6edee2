"""The platform's languages, named in their own language from Babel's CLDR data."""

from functools import cache
from urllib.parse import urlsplit

from babel import Locale
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_from_path, override, to_locale


def babel_locale(language_code: str | None = None) -> Locale:
    """The Babel locale for a Django language code (``pt-br`` → ``pt_BR``)."""
    code = language_code or get_language() or settings.LANGUAGE_CODE
    return Locale.parse(to_locale(code))


@cache
def native_name(language_code: str) -> str:
    """E.g. ``vi`` → "Tiếng Việt", ``pt-br`` → "Português (Brasil)"."""
    name = babel_locale(language_code).get_display_name(babel_locale(language_code)) or language_code
    return name[:1].upper() + name[1:]


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def normalise_language(code: str | None) -> str:
    """A supported Django language code, or the default one."""
    if code:
        code = code.lower().replace("_", "-")
        if code in language_codes():
            return code
        base = code.split("-")[0]
        for candidate in language_codes():
            if candidate.split("-")[0] == base:
                return candidate
    return settings.LANGUAGE_CODE


def url_in_language(url: str, language: str) -> str:
    """A local URL (path, query, fragment) as the same page in ``language``.

    ``translate_url`` resolves the path in the *active* language, so a
    ``/ja/...`` path does not resolve while Vietnamese is active (after login,
    or when the language cookie differs from the page). Resolve it in the
    language of its own prefix instead.
    """
    path_language = get_language_from_path(urlsplit(url).path) or get_language() or settings.LANGUAGE_CODE
    with override(path_language):
        return translate_url(url, language)
