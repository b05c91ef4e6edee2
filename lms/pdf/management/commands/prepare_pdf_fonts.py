"""Convert the Noto CJK fonts to TrueType once, for xhtml2pdf. Safe to run again."""

import os
import tempfile
import time

from django.core.management.base import BaseCommand
from xhtml2pdf.opentype import to_truetype

from lms.pdf.fonts import FONTS, font_dir, font_path, font_source_bytes


class Command(BaseCommand):
    help = "Convert the PDF fonts (Noto Sans JP / SC) to TrueType into var/fonts/ (skips fonts already converted)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Convert again even if the files exist.")

    def handle(self, *args, force: bool = False, **options):
        directory = font_dir()
        directory.mkdir(parents=True, exist_ok=True)
        for font in FONTS:
            target = font_path(font)
            if target.is_file() and target.stat().st_size > 0 and not force:
                self.stdout.write(f"{target.name}: already prepared")
                continue
            started = time.monotonic()
            data = to_truetype(font_source_bytes(font))
            # Write beside the target and rename, so a crash never leaves half a font.
            fd, tmp = tempfile.mkstemp(dir=directory, suffix=".part")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
            self.stdout.write(f"{target.name}: converted in {time.monotonic() - started:.0f} s")
