"""The comparison page (`inspections report`): figures from hand-made frames, the page's HTML,
and end to end on the sample data in raw/, drawn by headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from inspections.cli import main
from pictures import figures
from pictures.comparison import SECTION_TITLES, UnknownPdu, build_page, resolve_highlight, synthetic_note
from pictures.page import PAGE_TITLE, Section, render_page
from pictures.palette import HIGHLIGHT, rating_colours, rating_order
from tests.conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")

# deliberately not in scale order: the order comes from rating_points
RATINGS = pl.DataFrame({"rating": ["Good", "Inadequate", "Outstanding", "Requires improvement"],
                        "rating_points": [2, 0, 3, 1]})
SCALE = ["Inadequate", "Requires improvement", "Good", "Outstanding"]


def _cells(rows: list[tuple]) -> pl.DataFrame:
    """(pdu_code, pdu_name, region_name, column_order, column_name, rating) -> standard_cells rows."""
    return pl.DataFrame([{
        "pdu_code": code, "pdu_name": name, "region_code": region[:3], "region_name": region,
        "inspection_status": "inspected", "inspection_id": f"{name.lower()}-2024-01",
        "published_on": dt.date(2024, 1, 1), "framework_code": "pdu-2021", "standard_code": f"1.{order}",
        "standard_name": column, "rating": rating,
        "rating_points": None if rating is None else SCALE.index(rating),
        "comparison_key": column.lower(), "column_name": column, "column_order": order,
    } for code, name, region, order, column, rating in rows])


CELLS = _cells([
    ("N02", "Zulu", "East", 1, "Leadership", "Good"),
    ("N02", "Zulu", "East", 2, "Court work", "Outstanding"),
    ("N03", "Alpha", "North", 1, "Leadership", "Inadequate"),
    ("N01", "Bravo", "North", 1, "Leadership", "Requires improvement"),
    ("N01", "Bravo", "North", 2, "Court work", "Good"),
])


def test_rating_order_and_colours_come_from_the_scale_frame():
    assert rating_order(RATINGS) == SCALE
    colours = rating_colours(SCALE)
    assert list(colours) == SCALE
    assert colours["Inadequate"] == "rgb(165, 0, 38)"      # RdYlGn's red end
    assert colours["Outstanding"] == "rgb(0, 104, 55)"     # RdYlGn's green end


def test_heatmap_rows_grouped_by_region_and_each_cell_is_the_rating():
    fig = figures.rating_heatmap(CELLS, RATINGS)
    heat = fig.data[0]
    regions, names = (list(level) for level in heat.y)
    assert regions == ["East", "North", "North"]
    assert names == ["Zulu", "Alpha", "Bravo"]
    assert list(heat.x) == ["Leadership", "Court work"]
    bravo = names.index("Bravo")
    assert heat.text[bravo][1] == "Good" and heat.z[bravo][1] == 2
    assert heat.text[bravo][0] == "Requires improvement" and heat.z[bravo][0] == 1
    alpha = names.index("Alpha")
    assert heat.text[alpha][0] == "Inadequate" and heat.z[alpha][0] == 0
    assert heat.text[alpha][1] == "" and heat.z[alpha][1] is None        # no such standard: blank
    assert heat.customdata[alpha][1] == "not in this framework"
    assert list(heat.colorbar.ticktext) == SCALE
    assert list(heat.colorbar.tickvals) == [0, 1, 2, 3]
    assert (heat.zmin, heat.zmax) == (-0.5, 3.5)
    assert fig.layout.shapes == ()                                        # no highlight


def test_heatmap_outlines_the_highlighted_row():
    fig = figures.rating_heatmap(CELLS, RATINGS, highlight="N01")
    (shape,) = fig.layout.shapes
    assert (shape.y0, shape.y1) == (1.5, 2.5)                              # Bravo is row 2
    assert shape.line.color == HIGHLIGHT
    assert figures.rating_heatmap(CELLS, RATINGS, highlight="N99").layout.shapes == ()


def test_long_column_names_wrap():
    cells = _cells([("N01", "Bravo", "North", 1, "Implementation and delivery", "Good")])
    assert list(figures.rating_heatmap(cells, RATINGS).data[0].x) == ["Implementation<br>and delivery"]


KEY_QUESTIONS = pl.DataFrame({
    "pdu_code": ["N01", "N01", "N01", "N02", "N02", "N02"],
    "pdu_name": ["Bravo"] * 3 + ["Zulu"] * 3,
    "region_name": ["North"] * 3 + ["East"] * 3,
    "inspection_id": ["bravo-2024-01"] * 3 + ["zulu-2023-05"] * 3,
    "published_on": [dt.date(2024, 1, 1)] * 3 + [dt.date(2023, 5, 1)] * 3,
    "standard_code": ["2.6", "2.1", "2.2", "2.6", "2.1", "2.2"],
    "standard_name": ["Outcomes", "Court work", "Assessment"] * 2,
    "theme": ["outcomes", "court", "safety"] * 2,
    "question_text": ["q"] * 6,
    "pct_yes": [52.0, 61.0, 45.0, 70.0, 88.0, 64.0],
})


EXPLORE = pl.DataFrame({
    "pdu_code": ["N01", "N01", "N02"], "pdu_name": ["Bravo", "Bravo", "Zulu"], "region_code": ["Nor", "Nor", "Eas"],
    "region_name": ["North", "North", "East"], "inspection_id": ["bravo-2022-01", "bravo-2024-01", "zulu-2023-05"],
    "published_on": [dt.date(2022, 1, 1), dt.date(2024, 1, 1), dt.date(2023, 5, 1)],
    "framework_code": ["pdu-2021", "pdu-2023", "pdu-2021"], "standard_code": ["2.2", "2.1", "2.2"],
    "standard_name": ["Assessment"] * 3, "comparison_key": ["assessment"] * 3, "theme": ["safety"] * 3,
    "pct_yes": [40.0, 45.0, 64.0], "in_benchmark": [False, True, True], "national_n": [2, 2, 2],
    "national_rank": [None, 2, 1], "national_percentile": [None, 0.0, 100.0], "national_median_pct": [54.5] * 3,
    "regional_n": [1, 1, 1], "regional_rank": [None, 1, 1], "regional_percentile": [None, 0.0, 0.0],
    "regional_median_pct": [45.0, 45.0, 64.0], "change_from_previous_pct": [None, 5.0, None],
    "source_file": ["raw/reports/bravo-pdu-2022-01.txt", "raw/reports/bravo-pdu-2024-01.txt",
                    "raw/reports/zulu-pdu-2023-05.txt"],
    "source_line": [120, 95, 118],
})


def test_explorer_data_lists_pdus_by_region_and_names_each_source_line():
    from pictures.explore import explorer_data

    data = explorer_data(EXPLORE, PDUS)
    assert data["pdus"] == [{"code": "N02", "name": "Zulu", "region_code": "Eas", "region_name": "East"},
                            {"code": "N01", "name": "Bravo", "region_code": "Nor", "region_name": "North"}]
    first = data["rows"][0]
    assert (first["published_on"], first["standard"], first["source"]) == (
        "2022-01-01", "2.2 Assessment", "raw/reports/bravo-pdu-2022-01.txt:120")
    assert [c["label"] for c in data["columns"]][:5] == ["published", "comparison key", "standard", "theme", "% yes"]
    # an older inspection is not ranked: no median or percentile of a population it is not part of
    assert (first["national_median_pct"], first["national_percentile"]) == (None, None)
    assert (data["rows"][1]["national_median_pct"], data["rows"][1]["national_percentile"]) == (54.5, 0.0)


def test_theme_distribution_has_every_pdu_and_the_highlighted_pdu_on_top():
    fig = figures.theme_distribution(KEY_QUESTIONS, highlight="N01")
    box, mine = fig.data
    assert list(fig.layout.xaxis.categoryarray) == ["court", "safety", "outcomes"]   # by first standard code
    assert sorted(box.y) == [45.0, 52.0, 61.0, 64.0, 70.0, 88.0]
    assert box.boxpoints == "all"
    assert mine.name == "Bravo (N01)"
    assert dict(zip(mine.x, mine.y)) == {"court": 61.0, "safety": 45.0, "outcomes": 52.0}
    assert mine.marker.color == HIGHLIGHT


def test_theme_distribution_without_highlight_or_with_an_uninspected_pdu_has_one_trace():
    assert len(figures.theme_distribution(KEY_QUESTIONS).data) == 1
    assert len(figures.theme_distribution(KEY_QUESTIONS, highlight="N99").data) == 1


MIX = pl.DataFrame({
    "national": [True, True, True, False, False, False],
    "scope": ["England and Wales"] * 3 + ["North", "North", "East"],
    "period": ["2023 H1", "2023 H1", "2024 H1", "2023 H1", "2023 H1", "2024 H1"],
    "rating": ["Good", "Requires improvement", "Inadequate", "Good", "Requires improvement", "Inadequate"],
    "inspections": [1, 3, 2, 1, 3, 2],
})


def _bar(fig, scope: str, rating: str):
    (bar,) = [t for t in fig.data if t.meta == scope and t.name == rating]
    return bar


def test_rating_mix_shares_nationally_and_per_region():
    fig = figures.rating_mix(MIX, RATINGS)
    assert [a.text for a in fig.layout.annotations] == ["England and Wales", "East", "North"]
    assert [t.name for t in fig.data if t.showlegend] == ["Inadequate", "Requires improvement", "Good"]  # scale order
    good = _bar(fig, "England and Wales", "Good")
    assert list(good.x) == ["2023 H1", "2024 H1"]
    assert list(good.y) == [25.0, 0.0]
    assert list(good.text) == ["1 of 4", "0 of 2"]
    assert list(_bar(fig, "England and Wales", "Inadequate").y) == [0.0, 100.0]
    assert list(_bar(fig, "North", "Requires improvement").y) == [75.0, None]    # no inspection in 2024 H1
    assert fig.layout.barmode == "stack"


SURVEYS = pl.DataFrame({
    "pdu_code": ["N01", "N02", "N01", "N02"],
    "pdu_name": ["Bravo", "Zulu", "Bravo", "Zulu"],
    "region_name": ["North", "East", "North", "East"],
    "inspection_id": ["bravo-2024-01", "zulu-2023-05"] * 2,
    "published_on": [dt.date(2024, 1, 1), dt.date(2023, 5, 1)] * 2,
    "survey": ["sentencers", "sentencers", "staff", "staff"],
    "survey_name": ["Sentencer survey", "Sentencer survey", "Probation staff survey", "Probation staff survey"],
    "question_code": ["sent_q", "sent_q", "staff_q", "staff_q"],
    "question_text": ["Advice is good", "Advice is good", "Workload is manageable", "Workload is manageable"],
    "respondents": [12, 6, 80, 40],
    "answered": [12, 6, 78, 40],
    "pct_positive": [50.0, None, 70.0, 40.0],
    "ci_low": [25.0, None, 59.0, 26.0],
    "ci_high": [75.0, None, 79.0, 55.5],
    "suppressed": [False, True, False, False],
    "min_answers": [10] * 4,
})


def test_survey_intervals_plot_no_suppressed_row_and_draw_each_wilson_interval():
    fig = figures.survey_intervals(SURVEYS, highlight="N01")
    others, mine = fig.data
    assert others.name == "Every inspected PDU"
    assert [c[0] for c in others.customdata] == ["Zulu"]          # Zulu's suppressed sentencer row is absent
    assert list(others.x) == [40.0]
    assert list(others.error_x.array) == [15.5] and list(others.error_x.arrayminus) == [14.0]
    assert mine.name == "Bravo (N01)"
    assert list(mine.x) == [50.0, 70.0]
    assert list(mine.error_x.array) == [25.0, 9.0] and list(mine.error_x.arrayminus) == [25.0, 11.0]
    plotted = [x for trace in fig.data for x in trace.x]
    assert None not in plotted and 0 not in plotted and len(plotted) == 3
    # rows: Probation staff survey (0) above Sentencer survey (1); Zulu (East) sits above Bravo (North)
    assert list(fig.layout.yaxis.ticktext) == ["Probation staff survey: Workload is manageable",
                                               "Sentencer survey: Advice is good"]
    assert list(mine.y) == [1.3, 0.3] and list(others.y) == [-0.3]
    (note,) = fig.layout.annotations
    assert note.text == "1 suppressed result(s) not plotted: too few answers (listed below)"


def test_suppressed_rows_are_listed():
    assert figures.suppressed_results(SURVEYS).rows() == [
        ("Zulu", "N02", "Sentencer survey", "Advice is good", 6, 10)]


PDUS = pl.DataFrame({"pdu_code": ["N01", "N02", "N51CUMB"], "pdu_name": ["Bravo", "Zulu", "Cumbria"],
                     "region_code": ["Nor", "Eas", "N51"], "region_name": ["North", "East", "North West"],
                     "status": ["current"] * 3})


def test_highlight_is_a_register_code_or_name_in_any_case():
    assert resolve_highlight(PDUS, None) is None
    assert resolve_highlight(PDUS, "n51cumb") == "N51CUMB"
    assert resolve_highlight(PDUS, "cumbria") == "N51CUMB"
    assert resolve_highlight(PDUS, "Cumbria PDU") == "N51CUMB"
    assert resolve_highlight(PDUS, " zulu ") == "N02"
    with pytest.raises(UnknownPdu, match="unknown PDU 'N00NOPE'"):
        resolve_highlight(PDUS, "N00NOPE")
    with pytest.raises(UnknownPdu, match="unknown PDU 'Cumbrian'"):
        resolve_highlight(PDUS, "Cumbrian")


def _meta(synthetic: int, total: int) -> pl.DataFrame:
    return pl.DataFrame({"run_id": ["run-1"], "run_at": ["2024-01-01 00:00 UTC"], "inspections": [total],
                         "report_files": [total], "synthetic_report_files": [synthetic],
                         "current_pdus": [108], "inspected_pdus": [2]})


def test_synthetic_note_says_how_much_is_synthetic():
    assert synthetic_note(_meta(0, 5)) is None
    assert synthetic_note(_meta(5, 5)).startswith("Synthetic data: all 5 reports loaded are synthetic samples")
    assert synthetic_note(_meta(2, 5)).startswith("Partly synthetic: 2 of 5 reports loaded are synthetic samples")


STUB_JS = "/* plotly.js stand-in */ window.Plotly = {newPlot: function () {}};"
EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)


def _frames() -> dict[str, pl.DataFrame]:
    return {"meta": _meta(5, 5), "ratings": RATINGS, "pdus": PDUS, "standard_cells": CELLS,
            "key_questions": KEY_QUESTIONS, "rating_mix": MIX, "survey_results": SURVEYS, "explore": EXPLORE}


def test_page_has_its_titles_inlines_plotly_once_and_loads_nothing_from_outside():
    page = build_page(_frames(), "N01", "the warehouse file w.duckdb", plotlyjs=STUB_JS)
    assert page.startswith("<!DOCTYPE html>")
    assert f"<title>{PAGE_TITLE}</title>" in page and f"<h1>{PAGE_TITLE}</h1>" in page
    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "Explore a PDU", "Ratings by PDU and standard", "Key-question results by theme", "Rating mix over time", "Survey results"]
    assert list(SECTION_TITLES.values()) == re.findall(r"<h2>(.*?)</h2>", page)
    assert page.count(STUB_JS) == 1
    assert page.index(STUB_JS) < page.index("Plotly.newPlot")
    assert page.count("Plotly.newPlot(") == 4
    assert EXTERNAL.findall(page) == []
    assert "<script src" not in page
    assert "Built from the warehouse file w.duckdb, run run-1 (2024-01-01 00:00 UTC)." in page
    assert "Highlighted: Bravo (N01)." in page
    assert "Synthetic data: all 5 reports loaded are synthetic samples" in page
    assert "<td>Zulu</td><td>N02</td><td>Sentencer survey</td><td>Advice is good</td><td>6</td><td>10</td>" in page


def test_page_with_the_real_bundle_holds_it_exactly_once():
    from plotly.offline import get_plotlyjs

    bundle = get_plotlyjs()
    page = build_page(_frames(), None, "w.duckdb")
    assert page.count(bundle[:2000]) == 1
    assert len(page) > len(bundle)
    assert EXTERNAL.findall(page) == []
    assert "No PDU highlighted (choose one with --pdu CODE or NAME)." in page


def test_a_section_with_nothing_to_plot_says_so():
    page = render_page([Section("x", "Survey results", "", None, empty="Nothing here.")], ["note"], None, STUB_JS)
    assert '<h2>Survey results</h2>\n<p class="note">Nothing here.</p>' in page
    assert "Plotly.newPlot" not in page


# --- end to end: sample data -> warehouse -> `inspections report` -> Chromium ------------------

@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory, prefect_harness) -> Path:
    from flows.pipeline import run_pipeline

    warehouse = tmp_path_factory.mktemp("sample") / "inspections.duckdb"
    summary = run_pipeline(PROJECT / "raw", warehouse)
    assert summary.ok
    return warehouse


@pytest.fixture
def report_env(monkeypatch, sample_warehouse):
    monkeypatch.setenv("INSPECTIONS_WAREHOUSE", str(sample_warehouse))
    monkeypatch.delenv("INSPECTIONS_RELEASES_DIR", raising=False)
    return sample_warehouse


def test_report_reads_the_published_release_by_default(report_env, tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["report", "--out", str(out), "--pdu", "N56NOSU"]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    page = out.read_text(encoding="utf-8")
    release = (report_env.parent / "current").resolve().name
    assert f"Built from the published release {release} (created " in page
    assert str(report_env.parent) not in page                      # no local path anywhere on the page
    assert "Highlighted: Norfolk (N56NOSU)." in page
    assert "Synthetic data: all 5 reports loaded are synthetic samples" in page
    assert "5 inspection(s) loaded; 4 of 108 current PDUs have an inspection" in page
    assert EXTERNAL.findall(page) == []


def test_report_on_a_named_file_and_an_unknown_pdu(report_env, tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["report", "--out", str(out), "--warehouse", str(report_env)]) == 0
    assert f"Built from the warehouse file {report_env.name}, run " in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "--out", str(tmp_path / "other.html"), "--pdu", "N00NOPE"]) == 2
    err = capsys.readouterr().err
    assert err == ("unknown PDU 'N00NOPE': not a code or name in the PDU register "
                   "(reference/probation_delivery_units.csv)\n")
    assert not (tmp_path / "other.html").exists()
    assert main(["report", "--out", str(out), "--warehouse", str(tmp_path / "none.duckdb")]) == 1


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args],
        capture_output=True, text=True, timeout=120, check=True)


def read_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of pixel bytes) of an 8-bit RGB/RGBA PNG
    (what Chromium writes), decoded with zlib and struct only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data[pos + 8:pos + 8 + length])
        elif kind == b"IDAT":
            idat.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + (((line[i - bpp] if i >= bpp else 0) + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a, b, c = (line[i - bpp] if i >= bpp else 0), prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def _rgb(colour: str) -> bytes:
    if colour.startswith("#"):
        return bytes.fromhex(colour[1:])
    return bytes(int(v) for v in re.findall(r"\d+", colour)[:3])


def _require_chromium() -> None:
    """Skip without Chromium, unless INSPECTIONS_REQUIRE_BROWSER=1 (CI): then fail."""
    if not CHROMIUM.is_file():
        if os.environ.get("INSPECTIONS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and INSPECTIONS_REQUIRE_BROWSER=1: "
                        "install it with `apt-get install chromium`")
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium); the page is not drawn")


def test_the_page_renders_in_headless_chromium(report_env, tmp_path):
    _require_chromium()
    out = tmp_path / "page.html"
    assert main(["report", "--out", str(out), "--pdu", "N56NOSU"]) == 0
    url = out.as_uri()

    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    assert f"<title>{PAGE_TITLE}</title>" in dom and f"<h1>{PAGE_TITLE}</h1>" in dom
    assert re.findall(r"<h2>(.*?)</h2>", dom) == list(SECTION_TITLES.values())
    assert dom.count('class="plot-container plotly"') == 6          # the explorer's two charts and the four others
    svg_text = re.findall(r"<text[^>]*>([^<]+)</text>", dom)       # text plotly.js rendered into the SVG
    for expected in ("Norfolk (N56NOSU)", "Key-question theme", "% of inspected cases judged sufficient",
                     "England and Wales", "East Midlands", "Gateshead and South Tyneside", "Court work",
                     "% positive, with its 95% Wilson interval", "Requires improvement", "Outstanding"):
        assert expected in svg_text, expected

    png = tmp_path / "page.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=1400,4200", url)
    width, height, bpp, rows = read_png(png.read_bytes())
    assert (width, height) == (1400, 4200)
    pixels = Counter(row[i:i + 3] for row in rows for i in range(0, len(row), bpp))
    assert len(pixels) > 500                                        # not a blank page
    assert pixels[b"\xff\xff\xff"] < 0.9 * width * height           # and not nearly all white
    # every rating's colour fills some heatmap cells (the sample has all four), and the highlight shows
    for colour in [*rating_colours(SCALE).values(), HIGHLIGHT]:
        assert pixels[_rgb(colour)] > 50, colour


def test_browser_requirement_is_enforced_in_ci():
    """.ci/run installs Chromium and sets INSPECTIONS_REQUIRE_BROWSER=1, so the browser test
    cannot silently skip there."""
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export INSPECTIONS_REQUIRE_BROWSER=1" in ci
    assert "apt-get install" in ci and "chromium" in ci
    assert ci.index("export INSPECTIONS_REQUIRE_BROWSER=1") < ci.index("exec python3 bootstrap.py test")


def _explore_table(dom: str) -> list[tuple[str, ...]]:
    """The explorer's table rows as drawn by the page's script (cell texts)."""
    (table,) = re.findall(r'<table id="table-explore".*?</table>', dom, re.S)
    body = table.split("<tbody>", 1)[1]
    return [tuple(re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", tr, re.S))
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _marts_rows(warehouse, pdu_code: str) -> list[tuple[str, ...]]:
    """The same rows straight from the marts: published, comparison key, standard, theme, % yes,
    national rank, source (file:line), in the page's default order."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        got = con.execute("""
            SELECT strftime(b.published_on, '%Y-%m-%d'), b.comparison_key, b.standard_code || ' ' || b.standard_name,
                   b.theme, b.pct_yes, b.national_rank, k.source_file || ':' || k.source_line
            FROM mart.key_question_benchmarks AS b
            JOIN mart.key_questions AS k USING (inspection_id, standard_code, theme)
            WHERE b.pdu_code = ? ORDER BY b.published_on, b.comparison_key, b.theme""", [pdu_code]).fetchall()
    return [(d, key, std, theme, f"{pct:g}", "" if rank is None else str(rank), src)
            for d, key, std, theme, pct, rank, src in got]


def _columns(row: tuple[str, ...]) -> tuple[str, ...]:
    return (row[0], row[1], row[2], row[3], row[4], row[5], row[12])


def test_choosing_a_pdu_changes_what_is_drawn_and_the_table_matches_the_marts(report_env, tmp_path):
    """The explorer's choice lives in the address (#pdu=CODE&sort=...), as a change of the
    selectors leaves it: open the page on two PDUs and a sort order, and read what was drawn."""
    _require_chromium()
    out = tmp_path / "page.html"
    assert main(["report", "--out", str(out)]) == 0
    release = report_env.parent / "current" / "inspections.duckdb"

    derby = _chromium(tmp_path, "--dump-dom", out.as_uri() + "#region=N53&pdu=N53DRBY").stdout
    norfolk = _chromium(tmp_path, "--dump-dom", out.as_uri() + "#pdu=N56NOSU").stdout
    derby_rows, norfolk_rows = _explore_table(derby), _explore_table(norfolk)
    assert [_columns(r) for r in derby_rows] == _marts_rows(release, "N53DRBY")
    assert [_columns(r) for r in norfolk_rows] == _marts_rows(release, "N56NOSU")
    assert len(derby_rows) == 28 and len(norfolk_rows) == 14     # 2021-23: 14 key questions an inspection
    assert '<h3 id="explore-title">Derby City (N53DRBY), East Midlands</h3>' in derby
    assert '<h3 id="explore-title">Norfolk (N56NOSU), East of England</h3>' in norfolk
    # with a region chosen, the PDU selector lists only that region's inspected PDUs, and the ratings
    # heatmap shows only that region's rows; with none, every PDU and every row
    (options,) = re.findall(r'<select id="pdu-select">(.*?)</select>', derby, re.S)
    assert re.findall(r">([^<]+)</option>", options) == ["Derby City (N53DRBY)"]
    (options,) = re.findall(r'<select id="pdu-select">(.*?)</select>', norfolk, re.S)
    assert re.findall(r">([^<]+)</option>", options) == [
        "Derby City (N53DRBY)", "Norfolk (N56NOSU)", "Gateshead and South Tyneside (N54SOT)",     # by region
        "Bristol and South Gloucestershire (N58BSG)"]
    heatmap_rows = lambda dom: set(re.findall(r'<text[^>]*data-unformatted="([^"]+)"', dom))  # noqa: E731
    assert "Gateshead and South Tyneside" in heatmap_rows(norfolk)
    assert "Gateshead and South Tyneside" not in heatmap_rows(derby) and "Derby City" in heatmap_rows(derby)
    svg_text = set(re.findall(r"<text[^>]*>([^<]+)</text>", derby))
    assert "Key questions of Derby City over time, by comparison key" in svg_text
    assert "Key questions of Norfolk over time, by comparison key" not in svg_text
    assert "assessment · safety" in svg_text                       # a trace per comparison key and theme
    # each figure links to the line of the report it was read from
    assert re.search(r'<a href="raw/reports/derby-city-pdu-2024-01.txt" title="line \d+ of ', derby)
    # a CSV of what is shown, made in the page
    assert re.search(r'<a id="explore-csv" href="blob:[^"]+" download="N53DRBY-key-questions.csv">', derby)

    by_pct = _explore_table(_chromium(tmp_path, "--dump-dom", out.as_uri() + "#pdu=N53DRBY&sort=-pct_yes").stdout)
    assert [float(r[4]) for r in by_pct] == sorted((float(r[4]) for r in derby_rows), reverse=True)
