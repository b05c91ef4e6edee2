"""Create the installation's PDF seal key pair once, where neither file exists. Safe to run again."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.pdf.sealing import SealKeyError, seal_certificate_fingerprint, seal_key_create


class Command(BaseCommand):
    help = (
        "Create the key and self-signed certificate that seal evidence PDFs, at MAMORI_SEAL_KEY_FILE and "
        "MAMORI_SEAL_CERT_FILE, unless both exist; print their paths and the certificate's SHA-256 fingerprint."
    )

    def handle(self, *args, **options):
        key_path, cert_path = Path(settings.MAMORI_SEAL_KEY_FILE), Path(settings.MAMORI_SEAL_CERT_FILE)
        try:
            created = seal_key_create(
                key_path=key_path,
                cert_path=cert_path,
                common_name=settings.MAMORI_SEAL_NAME,
                passphrase=settings.MAMORI_SEAL_KEY_PASSPHRASE or None,
            )
            fingerprint = seal_certificate_fingerprint()
        except SealKeyError as exc:
            # Never a new key beside a lone file: the other half may be waiting in a backup.
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Seal key: {key_path} ({'created' if created else 'already there'})")
        self.stdout.write(f"Seal certificate: {cert_path}")
        self.stdout.write(f"Certificate SHA-256: {fingerprint}")
