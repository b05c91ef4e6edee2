"""The server-drawn charts: self-contained SVG, escaped labels, a text alternative and a table of the numbers."""

import re

import pytest
from django.template.loader import render_to_string

from lms.reports.charts import PALETTE, SCREEN_FONT_FAMILY, completion_bar_chart, completion_trend_chart

NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def _bar():
    return completion_bar_chart(
        title="Completion per site",
        rows=[("Plant A", 0.83), ("<script>alert(1)</script>", 0.4), ("Nhà máy Hà Nội", None), ("東京工場", 0.05)],
        due_marker=("Due", 0.9),
    )


def _trend():
    return completion_trend_chart(
        title="Trend",
        fiscal_year_labels=["FY2024", "FY2025", "FY2026"],
        series=[("Whole group", [0.5, 0.7, 0.8]), ("ACME", [0.4, None, 0.9]), ("上海工厂", [0.6, 0.65, 0.7])],
    )


@pytest.mark.parametrize("build", [_bar, _trend])
def test_a_chart_references_nothing_outside_itself(build):
    svg = build().svg
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", svg))
    assert urls == NAMESPACES
    assert "kozea" not in svg.lower()
    assert "<script" not in svg
    assert "href" not in svg
    assert "@import" not in svg
    assert "<!--" not in svg


def test_labels_are_escaped_in_the_svg_the_alt_text_and_the_table():
    chart = _bar()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart.svg
    assert "<script" not in chart.svg
    html = render_to_string("mamori_admin/includes/chart.html", {"chart": chart})
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # the SVG's label, its <desc>, the table


def test_the_svg_is_an_image_named_by_its_title_and_described_by_the_text_alternative():
    chart = _bar()
    root = re.match(r"<svg [^>]*>", chart.svg).group(0)
    assert 'role="img"' in root
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', root).group(1).split()
    title_id, desc_id = labelled_by
    assert f'<title id="{title_id}">Completion per site</title>' in chart.svg
    assert re.search(rf'<desc id="{desc_id}">Bar chart, Completion per site: Plant A 83%', chart.svg)
    # Only our title and description: pygal's own ("Pygal", tooltip data) would be read out too.
    assert chart.svg.count("<title") == 1
    assert chart.svg.count("<desc") == 1


def test_the_text_alternative_gives_every_number_the_extremes_and_the_marker():
    alt = _bar().alt
    assert "Plant A 83%" in alt
    assert "<script>alert(1)</script> 40%" in alt
    assert "Nhà máy Hà Nội no one assigned" in alt
    assert "東京工場 5%" in alt
    assert "Highest: Plant A (83%); lowest: 東京工場 (5%)" in alt
    assert "The line marks Due at 90%" in alt
    trend = _trend().alt
    assert "ACME: FY2024 40%, FY2025 —, FY2026 90%" in trend


def test_the_table_holds_the_numbers_of_the_chart():
    bar = _bar()
    assert bar.headers == ("Unit", "Completion rate")
    assert bar.table == [
        ("Plant A", "83%"),
        ("<script>alert(1)</script>", "40%"),
        ("Nhà máy Hà Nội", "—"),
        ("東京工場", "5%"),
    ]
    trend = _trend()
    assert trend.headers == ("Unit", "FY2024", "FY2025", "FY2026")
    assert trend.table[1] == ("ACME", "40%", "—", "90%")


def test_the_bars_are_drawn_with_their_values_and_the_due_marker_is_labelled():
    svg = _bar().svg
    # pygal draws the first row at the top by drawing the rows reversed; a missing rate draws no bar.
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="[^"]+" rx="0" ry="0" width="([^"]+)"', svg)]
    assert len(widths) == 3
    assert widths[0] < widths[1] < widths[2]  # 5 %, 40 %, 83 % from the bottom up
    assert "Due 90%" in svg
    assert "stroke-width:2.5" in svg


def test_cjk_labels_are_kept_and_the_font_list_names_cjk_fonts():
    svg = _trend().svg
    assert "上海工厂" in svg
    assert '"Noto Sans CJK JP"' in SCREEN_FONT_FAMILY
    assert "Noto Sans CJK JP" in svg


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", PALETTE)
def test_every_bar_colour_contrasts_at_least_3_to_1_with_white(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 3


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 rates for 3 fiscal years"):
        completion_trend_chart(title="T", fiscal_year_labels=["a", "b", "c"], series=[("x", [0.1, 0.2])])


def test_no_rows_draws_an_empty_chart_that_says_so():
    chart = completion_bar_chart(title="Empty", rows=[])
    assert chart.alt == "Empty: no data."
    assert chart.table == []
    assert "No data" in chart.svg


def test_the_include_shows_a_figure_with_caption_and_a_table_with_row_and_column_headers():
    html = render_to_string("mamori_admin/includes/chart.html", {"chart": _trend()})
    assert re.search(r"<figure[^>]*>\s*<figcaption[^>]*>Trend</figcaption>", html)
    assert "<caption" in html and "Numbers of the chart “Trend”" in html
    assert html.count('<th scope="col">') == 4
    assert '<th scope="row">上海工厂</th>' in html
    assert 'role="img"' in html
    assert "aria-hidden" not in html
