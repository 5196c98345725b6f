"""Mistakes that used to pass quietly: `run` on a folder with no reports/ or surveys/, and the
hint `generate --national` prints."""

from __future__ import annotations

from inspections.cli import main


def test_run_on_a_folder_without_reports_or_surveys_says_so_and_exits_2(tmp_path, capsys):
    (tmp_path / "raw" / "misc").mkdir(parents=True)
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", "--raw", str(tmp_path / "raw"), "--warehouse", str(warehouse)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"{tmp_path / 'raw'}: no reports/ or surveys/ folder in it: nothing to load "
                   "(is --raw the right folder?)\n")
    assert not warehouse.exists() and not (tmp_path / "current").exists()


def test_generate_national_hints_the_folder_run_reads(tmp_path, capsys):
    assert main(["generate", "--national", "--rounds", "1", "--pdus", "Derby City",
                 "--out", str(tmp_path / "nat" / "reports")]) == 0
    assert capsys.readouterr().out == (f"wrote 1 reports to {tmp_path / 'nat' / 'reports'} and their survey extracts "
                                       f"to {tmp_path / 'nat' / 'surveys'}; load them with: "
                                       f"inspections run --raw {tmp_path / 'nat'}\n")
    assert main(["generate", "--national", "--rounds", "1", "--pdus", "Derby City", "--out", str(tmp_path / "flat")]) == 0
    assert capsys.readouterr().out == (
        f"wrote 1 reports to {tmp_path / 'flat'} and their survey extracts to {tmp_path / 'flat' / 'surveys'}; "
        f"`inspections run` reads RAW/reports, so move the reports to "
        f"{tmp_path / 'flat' / 'reports'} and run: inspections run --raw {tmp_path / 'flat'}\n")
    # the three extracts of Derby City's round-1 inspection are where `run --raw flat` reads them
    assert len([p for p in (tmp_path / "flat" / "surveys").rglob("*") if p.suffix in (".csv", ".xlsx")
                and ".codebook" not in p.name]) == 3
