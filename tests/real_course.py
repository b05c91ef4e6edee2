"""The real nine-rules course, loaded from courses/nine_rules/content and its PO files."""

from io import StringIO

from django.core.management import call_command


def load_real_course(*languages: str) -> str:
    """Run load_nine_rules for the Japanese source and the given translations (all when none given)."""
    output = StringIO()
    args = ["load_nine_rules", "--strict"]
    for language in languages:
        args += ["--language", language]
    call_command(*args, stdout=output)
    return output.getvalue()
