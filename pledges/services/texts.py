"""Pledge texts: the Japanese clauses of a version, their translations, what is shown for signing.

Invariants:
- a published or retired version's Japanese title and clauses never change (``PledgeRefused``);
- a translated segment counts only while its ``source_sha256`` is the SHA-256 of the Japanese it
  translates; a language is offered for signing only when every segment counts;
- the text shown and the Japanese text are built by one function (``pledge_text``), so what the
  signing page shows, what is hashed and what the PDF prints are the same characters.
"""

from dataclasses import dataclass

import polib
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit.services import audit_log

from ..models import PledgeClause, PledgeTranslation, PledgeType, PledgeVersion, sha256_text
from . import PledgeRefused

SOURCE_LANGUAGE = "ja"
TITLE_KEY = "title"


def clause_key(position: int) -> str:
    return f"clause/{position}"


@dataclass(frozen=True)
class ShownClause:
    number: int
    text: str
    text_ja: str


@dataclass(frozen=True)
class PledgeText:
    """A version as shown in one language, with the binding Japanese beside it."""

    version: PledgeVersion
    language: str
    title: str
    title_ja: str
    clauses: tuple[ShownClause, ...]

    @property
    def text(self) -> str:
        return canonical_text(self.title, [(c.number, c.text) for c in self.clauses])

    @property
    def text_ja(self) -> str:
        return canonical_text(self.title_ja, [(c.number, c.text_ja) for c in self.clauses])

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    @property
    def sha256_ja(self) -> str:
        return sha256_text(self.text_ja)

    @property
    def is_bilingual(self) -> bool:
        return self.language != SOURCE_LANGUAGE


def canonical_text(title: str, clauses: list[tuple[int, str]]) -> str:
    """The one serialisation that is stored and hashed: the title, then "N. clause" per paragraph."""
    return "\n\n".join([title.strip(), *(f"{number}. {text.strip()}" for number, text in clauses)])


def source_segments(version: PledgeVersion) -> dict[str, str]:
    """{key: Japanese text} of a version, title first, clauses in order."""
    segments = {TITLE_KEY: version.title}
    for clause in version.clauses.order_by("position"):
        segments[clause_key(clause.position)] = clause.text
    return segments


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    segments: int
    translated: int
    out_of_date: int

    @property
    def missing(self) -> int:
        return self.segments - self.translated - self.out_of_date

    @property
    def is_complete(self) -> bool:
        return self.translated == self.segments


def translation_status(version: PledgeVersion) -> list[LanguageStatus]:
    """Per translation language: how many segments are current, out of date or missing. Two queries."""
    source = source_segments(version)
    hashes = {key: sha256_text(text) for key, text in source.items()}
    counts: dict[str, list[int]] = {code: [0, 0] for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE}
    for row in PledgeTranslation.objects.filter(version=version).values("language", "key", "source_sha256", "text"):
        if row["language"] not in counts or row["key"] not in hashes or not row["text"].strip():
            continue
        counts[row["language"]][0 if row["source_sha256"] == hashes[row["key"]] else 1] += 1
    return [
        LanguageStatus(language=code, segments=len(source), translated=current, out_of_date=stale)
        for code, (current, stale) in counts.items()
    ]


def languages_offered(version: PledgeVersion) -> list[str]:
    """Languages this version may be signed in: Japanese and every complete, current translation."""
    return [SOURCE_LANGUAGE, *(s.language for s in translation_status(version) if s.is_complete)]


def pledge_text(*, version: PledgeVersion, language: str) -> PledgeText:
    """The version in ``language`` beside the Japanese; ``PledgeRefused`` if that translation is not current."""
    source = source_segments(version)
    if language == SOURCE_LANGUAGE:
        shown = source
    else:
        translated = {
            t.key: t for t in PledgeTranslation.objects.filter(version=version, language=language, key__in=list(source))
        }
        shown = {}
        for key, japanese in source.items():
            row = translated.get(key)
            if row is None or not row.text.strip() or row.source_sha256 != sha256_text(japanese):
                raise PledgeRefused(
                    _(
                        "The %(language)s translation of this pledge is out of date or incomplete, so it cannot be "
                        "signed in %(language)s. Choose Japanese or another language, or ask HR."
                    )
                    % {"language": language_name(language)}
                )
            shown[key] = row.text
    clauses = tuple(
        ShownClause(number=int(key.split("/")[1]), text=shown[key], text_ja=source[key])
        for key in source
        if key != TITLE_KEY
    )
    return PledgeText(
        version=version, language=language, title=shown[TITLE_KEY], title_ja=source[TITLE_KEY], clauses=clauses
    )


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


# --- Editing (the secretariat) ----------------------------------------------------------------


def pledge_version_draft(*, pledge_type: PledgeType, actor) -> PledgeVersion:
    """A new draft, copied from the type's latest version with its translations (and their source hashes,
    so only the clauses changed afterwards become out of date)."""
    with transaction.atomic():
        latest = pledge_type.versions.select_for_update().order_by("-number").first()
        if latest is not None and latest.status == PledgeVersion.Status.DRAFT:
            raise PledgeRefused(_("This pledge already has a draft (version %(number)d).") % {"number": latest.number})
        version = PledgeVersion.objects.create(
            pledge_type=pledge_type,
            number=(latest.number + 1) if latest else 1,
            title=latest.title if latest else pledge_type.name,
        )
        if latest is not None:
            PledgeClause.objects.bulk_create(
                [PledgeClause(version=version, position=c.position, text=c.text) for c in latest.clauses.all()]
            )
            PledgeTranslation.objects.bulk_create(
                [
                    PledgeTranslation(
                        version=version,
                        language=t.language,
                        key=t.key,
                        text=t.text,
                        source_sha256=t.source_sha256,
                        updated_by=t.updated_by,
                    )
                    for t in latest.translations.all()
                ]
            )
        audit_log(
            actor=actor,
            action="mamori.pledge_version.create",
            instance=version,
            data={"copied_from": latest.number if latest else None},
        )
    return version


def pledge_version_edit(*, version: PledgeVersion, actor, title: str, clauses: list[str]) -> dict:
    """Replace a draft's Japanese title and clauses (numbered 1…n in the given order)."""
    clauses = [c.strip() for c in clauses if c and c.strip()]
    with transaction.atomic():
        version = PledgeVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_frozen:
            raise PledgeRefused(
                _("Version %(number)d is published and frozen; draft a new version.") % {"number": version.number}
            )
        if not title.strip():
            raise PledgeRefused(_("A pledge needs a title."))
        if not clauses:
            raise PledgeRefused(_("A pledge needs at least one clause."))
        before = source_segments(version)
        version.title = title.strip()
        version.save(update_fields=["title"])
        version.clauses.all().delete()
        PledgeClause.objects.bulk_create(
            [PledgeClause(version=version, position=n, text=text) for n, text in enumerate(clauses, 1)]
        )
        after = source_segments(version)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        if changed:
            audit_log(actor=actor, action="mamori.pledge_version.update", instance=version, data={"changed": changed})
    return {"changed": changed}


def pledge_version_publish(*, version: PledgeVersion, actor) -> PledgeVersion:
    """Freeze a draft and offer it for signing; the type's previously published version is retired."""
    with transaction.atomic():
        version = PledgeVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != PledgeVersion.Status.DRAFT:
            raise PledgeRefused(_("Only a draft can be published."))
        if not version.clauses.exists():
            raise PledgeRefused(_("A pledge needs at least one clause."))
        for previous in PledgeVersion.objects.published().filter(pledge_type_id=version.pledge_type_id):
            previous.status = PledgeVersion.Status.RETIRED
            previous.save(update_fields=["status"])
            audit_log(
                actor=actor, action="mamori.pledge_version.retire", instance=previous, data={"by": version.number}
            )
        version.status = PledgeVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = actor
        version.save(update_fields=["status", "published_at", "published_by"])
        audit_log(
            actor=actor,
            action="mamori.pledge_version.publish",
            instance=version,
            data={"sha256_ja": sha256_text(canonical_text(version.title, _clauses(version)))},
        )
    return version


def _clauses(version: PledgeVersion) -> list[tuple[int, str]]:
    return [(c.position, c.text) for c in version.clauses.order_by("position")]


def pledge_translations_set(*, version: PledgeVersion, language: str, texts: dict[str, str], actor) -> list[str]:
    """Store translations of the given segments, each against the Japanese it translates now.

    Returns the keys that changed. Empty texts are skipped; unknown keys are refused.
    """
    if language == SOURCE_LANGUAGE or language not in dict(settings.LANGUAGES):
        raise PledgeRefused(_("Choose a translation language."))
    source = source_segments(version)
    unknown = sorted(set(texts) - set(source))
    if unknown:
        raise PledgeRefused(_("These segments are not in this version: %(keys)s") % {"keys": ", ".join(unknown)})
    changed = []
    with transaction.atomic():
        existing = {t.key: t for t in PledgeTranslation.objects.filter(version=version, language=language)}
        for key, text in texts.items():
            text = (text or "").strip()
            if not text:
                continue
            source_hash = sha256_text(source[key])
            row = existing.get(key)
            if row is not None and row.text == text and row.source_sha256 == source_hash:
                continue
            PledgeTranslation.objects.update_or_create(
                version=version,
                language=language,
                key=key,
                defaults={"text": text, "source_sha256": source_hash, "updated_by": actor},
            )
            changed.append(key)
        if changed:
            audit_log(
                actor=actor,
                action="mamori.pledge_translation.update",
                instance=version,
                data={"language": language, "segments": changed},
            )
    return changed


# --- PO files for translators ------------------------------------------------------------------


def po_context(pledge_type: PledgeType, key: str) -> str:
    return f"{pledge_type.code}/{key}"


def pledge_po_build(*, version: PledgeVersion, language: str) -> polib.POFile:
    """A PO file of the version for one language: the Japanese as msgid, the current translation as msgstr;
    an out-of-date translation is kept but marked fuzzy, so the translator sees what to revise."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"Mamori pledge {version.pledge_type.code} v{version.number}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    translations = {t.key: t for t in version.translations.filter(language=language)}
    for key, japanese in source_segments(version).items():
        row = translations.get(key)
        entry = polib.POEntry(
            msgctxt=po_context(version.pledge_type, key), msgid=japanese, msgstr=row.text if row else ""
        )
        if row is not None and row.source_sha256 != sha256_text(japanese):
            entry.flags.append("fuzzy")
        po.append(entry)
    return po


def pledge_po_load(*, version: PledgeVersion, language: str, po: polib.POFile, actor) -> list[str]:
    """Take a translator's PO file: entries whose msgid is the current Japanese and that are not fuzzy.

    An entry for a Japanese text that has since changed is refused as a whole file (nothing is
    written), so a stale translation is never attached to new Japanese.
    """
    source = source_segments(version)
    prefix = f"{version.pledge_type.code}/"
    texts, stale = {}, []
    for entry in po:
        if entry.obsolete or not entry.msgctxt or not entry.msgctxt.startswith(prefix):
            continue
        key = entry.msgctxt[len(prefix) :]
        if key not in source:
            # A clause this version no longer has is stale; other keys (the type's name) are not segments.
            if key == TITLE_KEY or key.startswith("clause/"):
                stale.append(key)
            continue
        if entry.msgid != source[key]:
            stale.append(key)
            continue
        if "fuzzy" in entry.flags or not entry.msgstr.strip():
            continue
        texts[key] = entry.msgstr
    if stale:
        raise PledgeRefused(
            _("The file was made from other Japanese text (%(keys)s). Export the file again; nothing was imported.")
            % {"keys": ", ".join(sorted(stale))}
        )
    if not texts:
        raise PledgeRefused(_("The file has no finished translation for this pledge; nothing was imported."))
    return pledge_translations_set(version=version, language=language, texts=texts, actor=actor)
