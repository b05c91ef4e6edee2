"""Sealing PDFs with the installation's own key (PAdES), and checking such a seal.

Invariants:
- one key pair per installation, in ``MAMORI_SEAL_KEY_FILE`` and ``MAMORI_SEAL_CERT_FILE``; it is
  created only where neither file exists (``manage.py seal_key_create``, run by scripts/start) and
  Mamori never replaces or deletes it: a new key would make every PDF sealed before fail the check;
- the certificate is self-signed and is the only trust root of a check: nothing from the operating
  system's trust store, nothing from the PDF;
- nothing touches the network: no timestamp server, no OCSP or CRL, no certificate fetching;
- a seal covers the whole file: a byte changed or appended after sealing fails the check;
- ``pdf_seal_check`` turns anything wrong with the PDF's bytes into a problem sentence and never
  raises for them; a missing or unreadable key pair raises ``SealKeyError`` everywhere, with the
  command or settings that fix it.
"""

import asyncio
import concurrent.futures
import contextlib
import datetime
import fcntl
import functools
import hashlib
import io
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID
from django.conf import settings

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner

# pyHanko is imported inside the functions that need it: the import takes over half a second, which
# key creation, every test session and every process that never seals would otherwise pay.
# Its import of cryptography's DSA support warns that DSA is deprecated; seals never use DSA.
warnings.filterwarnings(
    "ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning, module="pyhanko"
)

SEAL_FIELD_NAME = "MamoriSeal"
# Ten years. The check trusts the certificate itself as its root, and a root's validity period is
# not checked (RFC 5280), so seals stay checkable after it ends; PDF readers may show them expired.
CERTIFICATE_VALIDITY = datetime.timedelta(days=3650)

T = TypeVar("T")


class SealKeyError(RuntimeError):
    """The installation's seal key pair is missing, incomplete or unreadable."""


@dataclass
class SealCheck:
    """The outcome of ``pdf_seal_check``: no problem means the seal is this installation's and intact."""

    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- Key pair ------------------------------------------------------------------------------------


def seal_key_create(*, key_path: Path, cert_path: Path, common_name: str, passphrase: str | None = None) -> bool:
    """Create the key pair where neither file exists; return whether it was created.

    Both present: nothing is done (False). Exactly one present: ``SealKeyError``, never a new key,
    because the other file may be a backup someone forgot to restore. ``passphrase`` encrypts the
    key file (``MAMORI_SEAL_KEY_PASSPHRASE``).
    """
    key_path, cert_path = Path(key_path), Path(cert_path)
    if key_path.exists() and cert_path.exists():
        return False  # without a lock: a key mounted read-only as a secret ends here
    # 0700 for a new directory: it holds a private key (existing directories are left as they are).
    key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    cert_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _directory_locked(key_path.parent):
        # Under the lock, so a pair another process (a second worker starting, a test session) is
        # writing right now is seen whole, never as a lone file; it may also have won the race.
        if _pair_present(key_path, cert_path):
            return False
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _self_signed_certificate(key, common_name)
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
        )
        key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
        _write_atomically(key_path, key_pem, mode=0o600)
        _write_atomically(cert_path, certificate.public_bytes(serialization.Encoding.PEM), mode=0o644)
    return True


def _pair_present(key_path: Path, cert_path: Path) -> bool:
    key_exists, cert_exists = key_path.exists(), cert_path.exists()
    if key_exists != cert_exists:
        present, missing = (key_path, cert_path) if key_exists else (cert_path, key_path)
        raise SealKeyError(
            f"Only one file of the PDF seal key pair exists: {present} is there, {missing} is missing. "
            f"Restore {missing} from the backup; only if nothing was ever sealed with this pair, delete "
            f"{present} and run `python manage.py seal_key_create` again."
        )
    return key_exists


@contextlib.contextmanager
def _directory_locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on the directory itself (Linux flock works on a directory's descriptor),
    so two processes setting up at once cannot write halves of two different key pairs."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _self_signed_certificate(key: ec.EllipticCurvePrivateKey, common_name: str) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        # A few minutes back: a seal made right away on a host whose clock is slightly behind stays valid.
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + CERTIFICATE_VALIDITY)
        # Not a CA: the certificate signs PDFs, never other certificates. A check trusts it directly.
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # contentCommitment (nonRepudiation): what pyHanko and PAdES readers expect of a signing certificate.
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _write_atomically(path: Path, data: bytes, *, mode: int) -> None:
    """Write beside the target and rename, so a crash never leaves half a key; fsync both the file
    and the directory, because a key lost after sealing cannot be recreated."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")  # created 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# --- Configuration -------------------------------------------------------------------------------


def _configured_paths() -> tuple[Path, Path]:
    return Path(settings.MAMORI_SEAL_KEY_FILE), Path(settings.MAMORI_SEAL_CERT_FILE)


def _missing(path: Path) -> SealKeyError:
    return SealKeyError(
        f"The PDF seal key pair is missing ({path} does not exist). Run `python manage.py seal_key_create`, "
        "or set MAMORI_SEAL_KEY_FILE and MAMORI_SEAL_CERT_FILE to the installation's key and certificate."
    )


def _stamp(path: Path) -> tuple[int, int, int]:
    """Identity of a file's current content, so a cache keyed on it never serves a replaced file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _missing(path) from None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _certificate(cert_path: Path) -> x509.Certificate:
    return _certificate_cached(cert_path, _stamp(cert_path))


@functools.lru_cache(maxsize=8)
def _certificate_cached(cert_path: Path, stamp: tuple[int, int, int]) -> x509.Certificate:
    try:
        data = cert_path.read_bytes()
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except (OSError, ValueError) as exc:
        raise SealKeyError(f"The PDF seal certificate {cert_path} cannot be read: {exc}") from exc


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def seal_certificate_fingerprint() -> str:
    """SHA-256 (hex) of the configured certificate's DER: what an auditor compares out of band."""
    return hashlib.sha256(_der(_certificate(_configured_paths()[1]))).hexdigest()


# --- Sealing -------------------------------------------------------------------------------------


def _signer() -> "SimpleSigner":
    key_path, cert_path = _configured_paths()
    passphrase = settings.MAMORI_SEAL_KEY_PASSPHRASE or None
    # Per process and per key pair: a test overriding the settings gets a signer of its own.
    return _signer_cached(key_path, cert_path, passphrase, _stamp(key_path), _stamp(cert_path))


@functools.lru_cache(maxsize=8)
def _signer_cached(
    key_path: Path,
    cert_path: Path,
    passphrase: str | None,
    key_stamp: tuple[int, int, int],
    cert_stamp: tuple[int, int, int],
) -> "SimpleSigner":
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = _certificate_cached(cert_path, cert_stamp)
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=passphrase and passphrase.encode())
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
        # TypeError: a passphrase given for a plain key, or none for an encrypted one.
        raise SealKeyError(
            f"The PDF seal key {key_path} cannot be read ({exc}); check MAMORI_SEAL_KEY_PASSPHRASE."
        ) from exc
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*public) != certificate.public_key().public_bytes(*public):
        # Sealing would work, but no seal made with this pair would ever pass the check.
        raise SealKeyError(f"The PDF seal key {key_path} does not belong to the certificate {cert_path}.")
    return SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(_der(certificate)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore(),
    )


def _outside_event_loop(function: Callable[[], T]) -> T:
    """Run one of pyHanko's synchronous calls, which wrap ``asyncio.run()``.

    ``asyncio.run()`` refuses to start in a thread whose event loop is running (an async view,
    Playwright's sync API in browser tests): there the call runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def pdf_seal(data: bytes, *, reason: str, location: str = "") -> bytes:
    """The PDF with the installation's PAdES seal appended as an incremental update.

    The signature is invisible (a reader shows it in its signature panel) and covers every byte
    of the result. Raises ``SealKeyError`` without a usable key pair.
    """
    signer = _signer()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,  # no empty /Location entry
    )
    # No timestamper: a timestamp authority is a network service, and nothing leaves the server.
    pdf_signer = signers.PdfSigner(metadata, signer=signer)
    # The writer reads a copy, so the caller's bytes are never touched.
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    output = _outside_event_loop(lambda: pdf_signer.sign_pdf(writer))
    return output.getvalue()


# --- Checking ------------------------------------------------------------------------------------


def pdf_seal_check(data: bytes) -> SealCheck:
    """Whether ``data`` carries this installation's seal, intact and covering the whole file.

    Every embedded signature must pass; problems are short sentences for a command's output.
    Only the certificate is needed (a lost key still lets old seals be checked); it missing or
    unreadable raises ``SealKeyError``, whatever ``data`` is.
    """
    installation = _certificate(_configured_paths()[1])
    installation_fingerprint = hashlib.sha256(_der(installation)).hexdigest()
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    try:
        # Any exception: a damaged or hostile file can make the parser fail in many ways.
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:
        return SealCheck(["the file is not a readable PDF"])
    if not signatures:
        return SealCheck(["the PDF is not sealed"])
    # Only the installation's own certificate is trusted, and nothing is fetched.
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(_der(installation))], allow_fetching=False)
    problems: list[str] = []
    for signature in signatures:
        problems.extend(_signature_problems(signature, context, installation_fingerprint))
    return SealCheck(list(dict.fromkeys(problems)))  # one line per distinct problem


def _signature_problems(signature, context, installation_fingerprint: str) -> list[str]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        # No difference analysis: any update after sealing is a problem by itself (coverage below).
        status = _outside_event_loop(
            lambda: validate_pdf_signature(signature, signer_validation_context=context, skip_diff=True)
        )
    except Exception:
        # A malformed signature dictionary or CMS blob, a document timestamp: not a seal that holds.
        return ["a signature in the PDF cannot be validated"]
    problems = []
    if not status.intact:
        problems.append("the PDF was changed after it was sealed")
    elif not status.valid:
        problems.append("the seal's signature is not valid")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("something was added to the PDF after it was sealed")
    signer_fingerprint = hashlib.sha256(status.signing_cert.dump()).hexdigest()
    if signer_fingerprint != installation_fingerprint:
        # Not trusted either, but the certificate says more about what happened than that.
        name = status.signing_cert.subject.human_friendly
        problems.append(
            f"the PDF was sealed with another certificate ({name}, SHA-256 {signer_fingerprint}), "
            "not this installation's"
        )
    elif status.intact and status.valid and not status.trusted:
        reason = status.trust_problem_indic.name.lower().replace("_", " ") if status.trust_problem_indic else ""
        problems.append(f"the seal's certificate is not trusted ({reason})")
    return problems
