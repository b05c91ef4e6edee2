from django.utils.translation import get_language

from .languages import language_codes, native_name


def languages(request):
    """The language switcher: each language by its own name. The switcher posts the current path,
    and ``switch_language`` finds the page in the chosen language, so no URL is worked out here
    (working one out for every language cost every page seven URL resolutions)."""
    current = get_language()
    return {
        "mamori_languages": [
            {"code": code, "name": native_name(code), "current": code == current} for code in language_codes()
        ]
    }
