"""The TrueType fonts every Mamori PDF embeds.

xhtml2pdf (ReportLab) embeds TrueType outlines only, and the Noto fonts come
as OpenType/CFF. Converting one takes about a minute, so it is done once by
``manage.py prepare_pdf_fonts`` into ``var/fonts/``; rendering only reads the
converted files and never converts or downloads anything.
"""

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class FontSource:
    family: str  # the CSS font-family name used in templates
    package: str
    filename: str

    @property
    def target_name(self) -> str:
        return Path(self.filename).with_suffix(".ttf").name


# Noto Sans JP covers ja, en, pt, vi, fil, id; Noto Sans SC draws Chinese in Chinese shapes.
FONT_JP = FontSource(family="MamoriJP", package="pylopdf_fonts_jp", filename="NotoSansJP-Regular.otf")
FONT_SC = FontSource(family="MamoriSC", package="pylopdf_fonts_zh_cn", filename="NotoSansSC-Regular.otf")
FONTS = (FONT_JP, FONT_SC)


class FontsMissing(RuntimeError):
    """The converted fonts are not there: set-up has not run."""


def font_dir() -> Path:
    return Path(getattr(settings, "MAMORI_PDF_FONT_DIR", settings.VAR_DIR / "fonts"))


def font_path(font: FontSource) -> Path:
    return font_dir() / font.target_name


def fonts_check() -> dict[str, Path]:
    """Family name → TrueType path; raises ``FontsMissing`` naming the command to run."""
    paths = {}
    for font in FONTS:
        path = font_path(font)
        if not path.is_file() or path.stat().st_size == 0:
            raise FontsMissing(
                f"The PDF font {path} is missing. Run `python manage.py prepare_pdf_fonts` "
                "(scripts/bootstrap does it) before rendering PDFs."
            )
        paths[font.family] = path
    return paths


def font_source_bytes(font: FontSource) -> bytes:
    return resources.files(font.package).joinpath(font.filename).read_bytes()
