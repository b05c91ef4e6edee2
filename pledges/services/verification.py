"""Re-checking stored pledge evidence: texts against their hashes, the Japanese against the frozen
version, the PDF's bytes, its seal and the hashes sealed inside it, the scan against its hash."""

import hashlib

from lms.pdf.sealing import pdf_seal_check

from ..documents import pdf_metadata
from ..models import SignedPledge, sha256_text
from .texts import canonical_text


def _read(file) -> bytes | None:
    try:
        with file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def pledge_integrity_problems(pledge: SignedPledge, *, check_files: bool = True) -> list[str]:
    """What no longer matches for this record; empty when it is intact. Never raises for bad data."""
    problems = []
    if sha256_text(pledge.text_shown) != pledge.sha256_shown:
        problems.append("the text shown does not match its stored SHA-256")
    if sha256_text(pledge.text_ja) != pledge.sha256_ja:
        problems.append("the Japanese text does not match its stored SHA-256")
    version = pledge.version
    published = canonical_text(version.title, [(c.position, c.text) for c in version.clauses.order_by("position")])
    if published != pledge.text_ja:
        problems.append(f"the Japanese text differs from version {version.number} as published")
    if pledge.language == "ja" and pledge.text_shown != pledge.text_ja:
        problems.append("the Japanese text shown differs from the Japanese text stored")
    if not check_files:
        return problems
    pdf = _read(pledge.pdf) if pledge.pdf else None
    if pdf is None:
        problems.append("the PDF file is missing")
    else:
        if hashlib.sha256(pdf).hexdigest() != pledge.pdf_sha256:
            problems.append("the PDF's bytes differ from the stored SHA-256")
        problems.extend(f"PDF seal: {problem}" for problem in pdf_seal_check(pdf).problems)
        sealed = pdf_metadata(pdf)
        for field in ("sha256_shown", "sha256_ja", "verification_code", "scan_sha256"):
            if sealed.get(field, "") != (getattr(pledge, field) or ""):
                problems.append(f"the sealed PDF records a different {field.replace('_', ' ')}")
    if pledge.scan_sha256 or pledge.scan:
        scan = _read(pledge.scan) if pledge.scan else None
        if scan is None:
            problems.append("the signed scan is missing")
        elif hashlib.sha256(scan).hexdigest() != pledge.scan_sha256:
            problems.append("the signed scan differs from its stored SHA-256")
    return problems
