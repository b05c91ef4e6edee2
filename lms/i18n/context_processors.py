from django.urls import translate_url
from django.utils.translation import get_language

from .languages import language_codes, native_name


def languages(request):
    """The language switcher: each language by its own name, linking to this page in it."""
    current = get_language()
    path = request.get_full_path()
    return {
        "mamori_languages": [
            {"code": code, "name": native_name(code), "url": translate_url(path, code), "current": code == current}
            for code in language_codes()
        ]
    }
