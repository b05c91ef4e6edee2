"""Loading the seed pledges (``seeds/``): the hire and leaving pledges in Japanese with their
translations, and the return checklist items. Idempotent: what exists is left as it is, so the
secretariat's edits survive a second run."""

import json
from pathlib import Path

import polib
from django.conf import settings
from django.db import transaction

from lms.audit.services import audit_log

from .models import PledgeClause, PledgeType, PledgeVersion, ReturnItemKind
from .services.texts import SOURCE_LANGUAGE, pledge_po_load, pledge_version_publish

SEEDS = Path(__file__).resolve().parent / "seeds"


def seed_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def seed_po(language: str) -> polib.POFile:
    return polib.pofile(str(SEEDS / "translations" / f"{language}.po"))


def _names_of(names: dict[str, dict[str, str]], key: str) -> dict[str, str]:
    """{language: translation} of one seed entry, for a ``translated_names`` field."""
    return {language: entries[key] for language, entries in names.items() if key in entries}


def pledges_seed(*, actor=None) -> dict[str, int]:
    """Create the seed pledge types (version 1, translated, published) and checklist items if missing."""
    source = json.loads((SEEDS / "pledges.ja.json").read_text(encoding="utf-8"))
    catalogs = {language: seed_po(language) for language in seed_languages()}
    names = {
        language: {entry.msgctxt: entry.msgstr for entry in po if entry.msgctxt and entry.msgstr}
        for language, po in catalogs.items()
    }
    counts = {"types": 0, "versions": 0, "return_items": 0}
    with transaction.atomic():
        for position, spec in enumerate(source["types"], 1):
            pledge_type, created = PledgeType.objects.get_or_create(
                code=spec["code"],
                defaults={
                    "purpose": spec["purpose"],
                    "name": spec["name"],
                    "position": position * 10,
                    "translated_names": _names_of(names, f"{spec['code']}/name"),
                },
            )
            counts["types"] += created
            if pledge_type.versions.exists():
                continue
            version = PledgeVersion.objects.create(pledge_type=pledge_type, number=1, title=spec["version"]["title"])
            PledgeClause.objects.bulk_create(
                [PledgeClause(version=version, position=n, text=t) for n, t in enumerate(spec["version"]["clauses"], 1)]
            )
            audit_log(actor=actor, action="mamori.pledge_version.create", instance=version, data={"seed": True})
            for language, po in catalogs.items():
                pledge_po_load(version=version, language=language, po=po, actor=actor)
            pledge_version_publish(version=version, actor=actor)
            counts["versions"] += 1
        for position, spec in enumerate(source["return_items"], 1):
            _kind, created = ReturnItemKind.objects.get_or_create(
                code=spec["code"],
                defaults={
                    "name": spec["name"],
                    "position": position * 10,
                    "translated_names": _names_of(names, f"return-item/{spec['code']}"),
                },
            )
            counts["return_items"] += created
    return counts
