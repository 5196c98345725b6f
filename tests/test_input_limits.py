"""Inputs over a limit are refused before they are read: by size, by an XLSX's zip directory
(a zip bomb is never inflated), by cell count and cell length, by line length. Reasons are one
bounded line, whatever they quote."""

from __future__ import annotations

import io
import zipfile

import pytest

from flows.input_limits import over_limits
from core.errors import MAX_REASON_CHARS, RejectedInput, one_line
from core.settings import Limits, Settings

SMALL = Limits(max_file_bytes=100_000, max_csv_bytes=100_000, max_xlsx_uncompressed_bytes=1_000_000, max_xlsx_cells=1_000,
               max_cell_chars=1_000, max_line_chars=2_000)


def _xlsx(path, sheet_xml: bytes, shared: bytes | None = None) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)


def _sheet(rows: int, cols: int, text: str = "1") -> bytes:
    cells = "".join(f'<c r="A{i}"><v>{text}</v></c>' * cols for i in range(rows))
    return f"<worksheet><sheetData>{cells}</sheetData></worksheet>".encode()


def test_defaults_are_sane():
    limits = Settings().limits
    assert limits == Limits()
    assert (limits.max_file_bytes, limits.max_xlsx_uncompressed_bytes, limits.max_xlsx_cells,
            limits.max_cell_chars, limits.max_line_chars) == (5 * 2**20, 32 * 2**20, 250_000, 32_767, 65_536)


def test_limits_come_from_the_environment():
    assert Limits.from_env({"INSPECTIONS_MAX_FILE_BYTES": "123"}).max_file_bytes == 123
    with pytest.raises(ValueError, match="limit max_line_chars must be a positive whole number, not 0"):
        Limits.from_env({"INSPECTIONS_MAX_LINE_CHARS": "0"})


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: 2 GB on paper, nothing on disk, never read
        f.truncate(2 * 2**30)
    assert over_limits(path, SMALL) == ("file is 2,147,483,648 bytes, over the limit of 100,000 bytes "
                                        "(INSPECTIONS_MAX_FILE_BYTES): not read")


def test_a_long_line_is_refused_with_its_number(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(b"short\n" * 3 + b"x" * 2_001 + b"\nend\n")
    assert over_limits(path, SMALL) == "line 4 is over the limit of 2,000 bytes a line (INSPECTIONS_MAX_LINE_CHARS): not read"
    path.write_bytes(b"short\n" * 3 + b"x" * 2_000 + b"\nend\n")
    assert over_limits(path, SMALL) is None


def test_a_long_line_across_read_chunks_is_found(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(b"a,b\n" + b"y" * (3 * 2**20) + b"\n")  # longer than the 1 MB chunk
    assert over_limits(path, SMALL).startswith("file is 3,145,733 bytes")
    assert over_limits(path, Limits(max_line_chars=3 * 2**20)) is None
    assert over_limits(path, Limits(max_line_chars=2**20)) == ("line 2 is over the limit of 1,048,576 bytes a line "
                                                               "(INSPECTIONS_MAX_LINE_CHARS): not read")


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated(tmp_path, monkeypatch):
    path = tmp_path / "staff.xlsx"
    _xlsx(path, b"<worksheet><sheetData><c><is><t>" + b"A" * 5_000_000 + b"</t></is></c></sheetData></worksheet>")
    assert path.stat().st_size < 20_000  # small on disk, 5 MB inflated
    inflated = []
    original = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: inflated.append(a) or original(self, *a, **k))
    reason = over_limits(path, SMALL)
    assert reason.startswith("XLSX would inflate to 5,000,")
    assert reason.endswith("(its zip directory says), over the limit of 1,000,000 bytes "
                           "(INSPECTIONS_MAX_XLSX_UNCOMPRESSED_BYTES): not read")
    assert inflated == []


def test_a_zip_that_lies_about_its_size_is_refused(tmp_path):
    path = tmp_path / "staff.xlsx"
    _xlsx(path, _sheet(2, 2))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    real = info.file_size
    data = bytes(data).replace(real.to_bytes(4, "little"), (10).to_bytes(4, "little"))  # declare 10 bytes
    path.write_bytes(data)
    reason = over_limits(path, SMALL)
    assert reason is not None and reason.startswith("XLSX member 'xl/worksheets/sheet1.xml' cannot be inflated")


def test_too_many_cells_or_a_too_long_cell_is_refused(tmp_path):
    path = tmp_path / "staff.xlsx"
    _xlsx(path, _sheet(101, 10))
    assert over_limits(path, SMALL) == "XLSX has over 1,000 cells (INSPECTIONS_MAX_XLSX_CELLS): not read"
    _xlsx(path, _sheet(100, 10))
    assert over_limits(path, SMALL) is None
    _xlsx(path, _sheet(1, 1), shared=b"<sst><si><t>" + b"B" * 4_300 + b"</t></si></sst>")
    # the run counted is the text and the end of its tag ("t>"): 4,302 bytes
    assert over_limits(path, SMALL) == ("XLSX has a cell of about 4,302 bytes of text in 'xl/sharedStrings.xml', "
                                        "over the limit of 1,000 characters (INSPECTIONS_MAX_CELL_CHARS): not read")


def test_a_file_that_is_not_a_zip_is_left_to_the_reader(tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"Respondent ID,Q1\n1,Yes\n")
    assert over_limits(path, SMALL) is None


def test_reasons_are_one_bounded_line():
    huge = "line one\nline two\t" + "A" * 10_000_000
    reason = RejectedInput("f.xlsx", f"answer {huge!r} is not on the scale").reason
    assert len(reason) == MAX_REASON_CHARS and reason.endswith("...") and "\n" not in reason
    assert reason.startswith("answer 'line one\\nline two\\tAAAA")
    assert one_line("a\nb\x00c") == "a b c"
    assert one_line("short") == "short"


def test_a_csv_extract_has_its_own_size_limit_because_it_is_streamed(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(b"Respondent ID,Q1\n" + b"1,Yes\n" * 30_000)  # 180,017 bytes
    assert over_limits(path, Limits(max_file_bytes=100_000, max_csv_bytes=200_000)) is None
    assert over_limits(path, Limits(max_file_bytes=1_000_000, max_csv_bytes=100_000)) == (
        "file is 180,017 bytes, over the limit of 100,000 bytes (INSPECTIONS_MAX_CSV_BYTES): not read")
    report = tmp_path / "report.txt"
    report.write_bytes(path.read_bytes())
    assert over_limits(report, Limits(max_file_bytes=100_000, max_csv_bytes=200_000)) == (
        "file is 180,017 bytes, over the limit of 100,000 bytes (INSPECTIONS_MAX_FILE_BYTES): not read")
