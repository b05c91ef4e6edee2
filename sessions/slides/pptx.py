"""The deck as an editable PowerPoint file (python-pptx).

Everything is native and editable: titles in the title placeholders, text in text boxes with real
bullets and numbering, the classification table as a PowerPoint table, the trainer notes in the
notes pages. No picture of text anywhere.

Every run names its language (``lang``) and its East Asian typeface (``a:ea``): python-pptx's
``font.name`` only sets the Latin one, and without ``a:ea`` PowerPoint on a Mac, LibreOffice or a
viewer may draw Japanese and Chinese in a face without those characters, or draw Japanese with
Chinese glyph shapes. Japanese runs get a Japanese face, Chinese runs a Chinese one.
"""

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from .content import SOURCE_LANGUAGE, Deck, ListStyle, Phrase, Slide, SlideKind
from .fitting import Line, em_width, fitting_size

# Typefaces PowerPoint has on Windows and macOS (Office installs them); LibreOffice substitutes.
EAST_ASIAN_TYPEFACES = {"ja": "Yu Gothic", "zh-hans": "Microsoft YaHei"}
# The Latin typeface is set only where the theme's (Calibri) would clash with the East Asian one.
LATIN_TYPEFACES = EAST_ASIAN_TYPEFACES
LANGUAGE_TAGS = {
    "ja": "ja-JP",
    "en": "en-US",
    "pt-br": "pt-BR",
    "vi": "vi-VN",
    "zh-hans": "zh-CN",
    "fil": "fil-PH",
    "id": "id-ID",
}

SLIDE_WIDTH = Emu(12192000)  # 13.333 in: 16:9
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
LABEL_TOP, LABEL_HEIGHT = Inches(0.3), Inches(0.45)
TITLE_TOP, TITLE_HEIGHT = Inches(0.75), Inches(1.3)
BODY_TOP = Inches(2.15)
BODY_HEIGHT = SLIDE_HEIGHT - BODY_TOP - Inches(0.4)
# A text box keeps 0.1 inch free on each side.
BOX_INSET = Inches(0.2)
TABLE_COLUMNS = (Inches(1.7), Inches(2.3), Inches(4.3), CONTENT_WIDTH - Inches(8.3))

BODY_SIZES = (28, 24, 22, 20, 18, 16, 14, 12)
TITLE_SIZES = (36, 32, 28, 24, 20, 18)
TABLE_SIZES = (20, 18, 16, 14, 12, 11)
LABEL_SIZE = 16
JAPANESE_SCALE = 0.85
BULLET_INDENT = Inches(0.4)

TITLE_COLOR = RGBColor(0x12, 0x35, 0x5B)
LABEL_COLOR = RGBColor(0x4A, 0x4A, 0x4A)
JAPANESE_COLOR = RGBColor(0x3D, 0x3D, 0x3D)

TITLE_SLIDE_LAYOUT = 0
TITLE_ONLY_LAYOUT = 5


def points(length: Emu) -> float:
    return length / 12700


# --- Runs and paragraphs -------------------------------------------------------------------------


def run_add(paragraph, text: str, *, language: str, size: float, bold: bool = False, color=None):
    """A run of ``text`` in ``language``, with its language tag and East Asian typeface."""
    run = paragraph.add_run()
    run.text = text
    font = run.font
    font.size = Pt(size)
    if bold:
        font.bold = True
    if color is not None:
        font.color.rgb = color
    latin = LATIN_TYPEFACES.get(language)
    if latin:
        font.name = latin
    properties = run._r.get_or_add_rPr()
    properties.set("lang", LANGUAGE_TAGS.get(language, language))
    east_asian = OxmlElement("a:ea")
    east_asian.set("typeface", EAST_ASIAN_TYPEFACES.get(language, EAST_ASIAN_TYPEFACES[SOURCE_LANGUAGE]))
    properties.insert_element_before(
        east_asian, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst"
    )
    return run


def lines_add(paragraph, text: str, **run_options) -> None:
    """``text`` in runs separated by line breaks, one per line of the text."""
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.add_line_break()
        run_add(paragraph, line, **run_options)


def phrase_add(paragraph, phrase: Phrase, *, size: float, bold: bool = False, color=None, inline=False) -> None:
    """The phrase, and its Japanese original under it (``inline``: after it, on the same line)."""
    lines_add(paragraph, phrase.text, language=phrase.language, size=size, bold=bold, color=color)
    if phrase.japanese:
        if inline:
            run_add(paragraph, "    ", language=phrase.language, size=size)
        else:
            paragraph.add_line_break()
        lines_add(
            paragraph,
            phrase.japanese,
            language=SOURCE_LANGUAGE,
            size=size if inline else size * JAPANESE_SCALE,
            bold=bold,
            color=color if inline else JAPANESE_COLOR,
        )


def list_style_set(paragraph, style: str) -> None:
    """A native bullet or number on the paragraph, hanging indent included."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(BULLET_INDENT))
    properties.set("indent", str(-BULLET_INDENT))
    if style == ListStyle.BULLET:
        marker = OxmlElement("a:buChar")
        marker.set("char", "•")
    else:
        marker = OxmlElement("a:buAutoNum")
        marker.set("type", "alphaUcPeriod" if style == ListStyle.LETTER else "arabicPeriod")
    properties.insert_element_before(marker, "a:tabLst", "a:defRPr", "a:extLst")


def text_frame_prepare(frame, *, anchor=MSO_ANCHOR.TOP) -> None:
    frame.word_wrap = True
    # PowerPoint shrinks the text further if someone edits it and it no longer fits.
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.vertical_anchor = anchor


def first_paragraph(frame, used: list[bool]):
    """The frame's empty first paragraph the first time, a new one after."""
    if not used[0]:
        used[0] = True
        return frame.paragraphs[0]
    return frame.add_paragraph()


# --- Fitting -------------------------------------------------------------------------------------


def phrase_lines(phrase: Phrase | None, *, scale: float = 1.0, width: float = 1.0) -> list[Line]:
    if phrase is None:
        return []
    lines = [Line(phrase.text, scale, width, space_after=0.05 if phrase.japanese else 0.3)]
    if phrase.japanese:
        lines.append(Line(phrase.japanese, scale * JAPANESE_SCALE, width))
    return lines


def body_lines(slide: Slide) -> list[Line]:
    lines = phrase_lines(slide.text)
    indent = 1 - BULLET_INDENT / (CONTENT_WIDTH - BOX_INSET)
    for section in slide.sections:
        lines += phrase_lines(section.heading)
        for item in section.items:
            lines += phrase_lines(item, width=indent)
    return lines


def size_for(lines: list[Line], *, width: Emu, height: Emu, sizes) -> float:
    return fitting_size(lines, width=points(width - BOX_INSET), height=points(height - BOX_INSET), sizes=sizes)


# --- Slides --------------------------------------------------------------------------------------


def title_set(
    placeholder, phrase: Phrase, *, left, top, width, height, sizes=TITLE_SIZES, anchor=MSO_ANCHOR.TOP
) -> None:
    placeholder.left, placeholder.top, placeholder.width, placeholder.height = left, top, width, height
    frame = placeholder.text_frame
    text_frame_prepare(frame, anchor=anchor)
    size = size_for(phrase_lines(phrase), width=width, height=height, sizes=sizes)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    phrase_add(paragraph, phrase, size=size, bold=True, color=TITLE_COLOR)


def label_add(pptx_slide, phrase: Phrase) -> None:
    box = pptx_slide.shapes.add_textbox(MARGIN, LABEL_TOP, CONTENT_WIDTH, LABEL_HEIGHT)
    text_frame_prepare(box.text_frame)
    phrase_add(box.text_frame.paragraphs[0], phrase, size=LABEL_SIZE, bold=True, color=LABEL_COLOR, inline=True)


def body_add(pptx_slide, slide: Slide) -> None:
    lines = body_lines(slide)
    if not lines:
        return
    box = pptx_slide.shapes.add_textbox(MARGIN, BODY_TOP, CONTENT_WIDTH, BODY_HEIGHT)
    frame = box.text_frame
    text_frame_prepare(frame)
    size = size_for(lines, width=CONTENT_WIDTH, height=BODY_HEIGHT, sizes=BODY_SIZES)
    used = [False]
    if slide.text is not None:
        paragraph = first_paragraph(frame, used)
        paragraph.space_after = Pt(size * 0.6)
        phrase_add(paragraph, slide.text, size=size)
    for section in slide.sections:
        if section.heading is not None:
            paragraph = first_paragraph(frame, used)
            paragraph.space_before = Pt(size * 0.3)
            paragraph.space_after = Pt(size * 0.2)
            phrase_add(paragraph, section.heading, size=size, bold=True, color=TITLE_COLOR)
        for item in section.items:
            paragraph = first_paragraph(frame, used)
            paragraph.space_after = Pt(size * 0.35)
            list_style_set(paragraph, section.style)
            phrase_add(paragraph, item, size=size)


def table_add(pptx_slide, slide: Slide) -> None:
    table_data = slide.table
    rows = (table_data.header, *table_data.rows)
    lines = []
    for row in rows:
        # A row is as tall as its fullest cell.
        fullest = max(
            range(len(row)), key=lambda i: (em_width(row[i].text) + em_width(row[i].japanese)) / TABLE_COLUMNS[i]
        )
        lines += phrase_lines(row[fullest], width=TABLE_COLUMNS[fullest] / CONTENT_WIDTH)
    size = size_for(lines, width=CONTENT_WIDTH, height=BODY_HEIGHT, sizes=TABLE_SIZES)
    shape = pptx_slide.shapes.add_table(len(rows), len(table_data.header), MARGIN, BODY_TOP, CONTENT_WIDTH, Inches(0.5))
    table = shape.table
    for index, width in enumerate(TABLE_COLUMNS[: len(table_data.header)]):
        table.columns[index].width = width
    for row_index, row in enumerate(rows):
        table.rows[row_index].height = Inches(0.4)
        for column_index, phrase in enumerate(row):
            frame = table.cell(row_index, column_index).text_frame
            frame.word_wrap = True
            phrase_add(frame.paragraphs[0], phrase, size=size, bold=row_index == 0 or column_index == 0)


def notes_set(pptx_slide, notes: tuple[Phrase, ...]) -> None:
    if not notes:
        return
    frame = pptx_slide.notes_slide.notes_text_frame
    used = [False]
    for note in notes:
        paragraph = first_paragraph(frame, used)
        paragraph.space_after = Pt(6)
        lines_add(paragraph, note.text, language=note.language, size=12)


def title_slide_add(presentation, slide: Slide) -> None:
    pptx_slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_SLIDE_LAYOUT])
    title_set(
        pptx_slide.shapes.title,
        slide.title,
        left=MARGIN,
        top=Inches(1.6),
        width=CONTENT_WIDTH,
        height=Inches(2.2),
        sizes=(44, 40, 36, 32, 28),
        anchor=MSO_ANCHOR.BOTTOM,
    )
    subtitle = pptx_slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(4.1), CONTENT_WIDTH, Inches(2.8)
    if slide.text is not None:
        frame = subtitle.text_frame
        text_frame_prepare(frame)
        size = size_for(phrase_lines(slide.text), width=CONTENT_WIDTH, height=Inches(2.8), sizes=BODY_SIZES)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        phrase_add(paragraph, slide.text, size=size)
    notes_set(pptx_slide, slide.notes)


def content_slide_add(presentation, slide: Slide) -> None:
    pptx_slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    if slide.label is not None:
        label_add(pptx_slide, slide.label)
    title_set(
        pptx_slide.shapes.title, slide.title, left=MARGIN, top=TITLE_TOP, width=CONTENT_WIDTH, height=TITLE_HEIGHT
    )
    if slide.table is not None:
        table_add(pptx_slide, slide)
    body_add(pptx_slide, slide)
    notes_set(pptx_slide, slide.notes)


def presentation_pptx(deck: Deck) -> bytes:
    """The deck as a .pptx file, 16:9."""
    presentation = Presentation()
    presentation.slide_width = SLIDE_WIDTH
    presentation.slide_height = SLIDE_HEIGHT
    properties = presentation.core_properties
    properties.title = deck.title.text
    properties.language = LANGUAGE_TAGS.get(deck.language, deck.language)
    if deck.revision:
        properties.version = deck.revision
    for slide in deck.slides:
        if slide.kind == SlideKind.TITLE:
            title_slide_add(presentation, slide)
        else:
            content_slide_add(presentation, slide)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
