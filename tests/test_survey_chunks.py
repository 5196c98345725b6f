"""Checking survey extracts a chunk at a time (flows/survey_parse.py ``parse_and_stage_many``,
warehouse/survey_load.py ``stage_chunk``): every extract of a chunk gets exactly what it gets
checked alone (the same reason when rejected; the same frames, answer values, note, respondents
and cells when loaded), each DuckDB statement runs once for the chunk, and a file DuckDB cannot
read is rejected alone with its own reason while the rest of its chunk loads."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.survey_parse import parse_and_stage, parse_and_stage_many
from synth import survey_exports as ex
from synth.xlsx import xlsx_bytes
from tests.conftest import examples
from tests.survey_helpers import CATALOGUE, CUMBRIA_DATES, parse_facts as facts
from transforms.survey_extract import ExtractContext
from warehouse.survey_load import prepare_connection

YES_NO = ["Yes", "No", "Don't know", ""]
AGREEMENT = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", ""]
#: a header and 94 good rows, then a row of more fields than the header: past the rows the header
#: reader looks at, so only DuckDB's reader finds it (line 96 of the file)
HEADER = "Respondent ID,Is your workload manageable?\r\n"
LATE_EXTRA = (HEADER + "".join(f"r{i},Yes\r\n" for i in range(1, 95)) + "r95,No,surplus\r\n").encode()
LATE_EXTRA_REASON = ("line 96 of the file is not readable CSV (an unclosed quote, or more fields than the header?); "
                     "fix the line or re-export the extract")

answers = st.lists(st.tuples(st.sampled_from(YES_NO + ["Maybe"]), st.sampled_from(AGREEMENT),
                             st.sampled_from(AGREEMENT)), min_size=1, max_size=6)


def _rows(kind: str, rs: list[ex.Response], sep: str) -> tuple[dict[str, bytes], str | None]:
    """The files of one extract of ``kind`` (the extract as staff.csv or staff.xlsx, and its
    sidecars) and how its reason must begin (None: it loads)."""
    if kind == "plain":
        return {"staff.csv": ex.csv_of(ex.plain(rs), sep)}, None
    if kind == "day-first":
        return {"staff.csv": ex.csv_of(ex.plain(rs, "%d/%m/%Y %H:%M"), sep)}, None
    if kind == "surveymonkey":
        return {"staff.csv": ex.csv_of(ex.surveymonkey(rs), sep)}, None
    if kind == "qualtrics":
        return {"staff.csv": ex.csv_of(ex.qualtrics(rs), sep)}, None
    if kind == "forms":
        return {"staff.csv": ex.csv_of(ex.microsoft_forms(rs), sep)}, None
    if kind == "titles-and-totals":
        return {"staff.csv": ex.csv_of(ex.with_summary_rows(ex.with_title_rows(ex.plain(rs))), sep)}, None
    if kind in ("coded", "codes-unexplained"):  # a code for every answer on the scale
        rs = [replace(r, answers=tuple("" if a == "Maybe" else a for a in r.answers)) for r in rs]
    if kind == "coded":
        return {"staff.csv": ex.csv_of(ex.plain(ex.coded(rs)), sep),
                "staff.codebook.csv": ex.csv_of(ex.codebook_rows())}, None
    if kind == "utf-16":
        return {"staff.csv": ex.csv_of(ex.plain(rs), "\t", "utf-16")}, None
    if kind == "mixed-newlines":
        return {"staff.csv": ex.mixed_newlines(ex.plain(rs), sep)}, None
    if kind == "xlsx":
        return {"staff.xlsx": xlsx_bytes(ex.plain(rs))}, None
    rows = ex.plain(rs + [replace(rs[0], respondent_id="R999")])
    if kind == "duplicate-id":
        rows[-1][0] = rows[1][0]
        return {"staff.csv": ex.csv_of(rows, sep)}, "duplicate respondent IDs"
    if kind == "missing-id":
        rows[-1][0] = ""
        return {"staff.csv": ex.csv_of(rows, sep)}, "respondent ID missing on data row(s)"
    if kind == "bad-date":
        rows[-1][1] = "yesterday"
        return {"staff.csv": ex.csv_of(rows, sep)}, "column 'Start time' has a value that is not a date"
    if kind == "ends-first":
        rows[-1][2] = (rs[0].started - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
        return {"staff.csv": ex.csv_of(rows, sep)}, "respondent 'R999' ends"
    if kind == "codes-unexplained":
        return {"staff.csv": ex.csv_of(ex.plain(ex.coded(rs)), sep)}, "column(s) "
    if kind == "unreadable-line":
        return {"staff.csv": LATE_EXTRA}, LATE_EXTRA_REASON
    if kind == "unclosed-quote":
        return {"staff.csv": ex.csv_of(rows, sep) + b'"R1000,Yes\r\n'}, "the file has an unclosed quote"
    raise ValueError(kind)


GOOD = ["plain", "day-first", "surveymonkey", "qualtrics", "forms", "titles-and-totals", "coded", "utf-16",
        "mixed-newlines", "xlsx"]
BAD = ["duplicate-id", "missing-id", "bad-date", "ends-first", "codes-unexplained", "unreadable-line",
       "unclosed-quote"]
extracts = st.tuples(st.sampled_from(GOOD + BAD), answers, st.sampled_from([",", ";", "|"]))


def _jobs(tmp: Path, specs: list[tuple[str, list, str]]) -> tuple[list[tuple], list[str | None]]:
    """The parse jobs of the extracts ``specs`` (each in its own inspection's folder), and how
    each one's reason must begin."""
    jobs, expected = [], []
    for k, (kind, given_answers, sep) in enumerate(specs):
        rs = ex.responses(list(given_answers), first=datetime(2023, 5, 2, 9, 0))
        files, reason = _rows(kind, rs, sep)
        folder = tmp / f"chunk-{k}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        path = folder / next(n for n in files if n.count(".") == 1)
        data = path.read_bytes()
        ctx = ExtractContext(f"surveys/chunk-{k}/{path.name}", hashlib.sha256(data).hexdigest(), "cumbria-2023-07",
                             "staff")
        jobs.append((path, ctx, CUMBRIA_DATES, 1, len(data)))
        expected.append(reason)
    return jobs, expected


@settings(deadline=None, max_examples=examples(12), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(extracts, min_size=1, max_size=7))
def test_a_chunk_gives_every_extract_what_it_gets_alone(specs, tmp_path_factory):
    jobs, expected = _jobs(tmp_path_factory.mktemp("chunk"), specs)
    together = parse_and_stage_many(jobs, CATALOGUE)
    alone = [parse_and_stage(*job, CATALOGUE) for job in jobs]
    assert [facts(p) for p in together] == [facts(p) for p in alone]
    for (kind, given_answers, _), parsed, reason in zip(specs, together, expected):
        if reason is None:
            assert parsed.reason is None, (kind, parsed.reason)
            assert parsed.staged.respondents.num_rows == len(given_answers)
            if kind in ("plain", "day-first", "coded", "xlsx"):
                assert parsed.staged.respondents.column("respondent_id").to_pylist() == [
                    f"R{i + 1:03d}" for i in range(len(given_answers))]
        else:
            assert parsed.staged is None
            assert parsed.reason.startswith(reason), (kind, parsed.reason)


def test_an_unreadable_file_is_rejected_alone_and_the_rest_of_its_chunk_loads(tmp_path):
    from flows import survey_parse

    good = [("Yes", "Agree", "Agree"), ("No", "Disagree", ""), ("Maybe", "Strongly agree", "Agree")]
    jobs, _ = _jobs(tmp_path, [("plain", good, ","), ("unreadable-line", good, ","), ("xlsx", good, ","),
                               ("day-first", good, ";"), ("xlsx", good, ",")])
    got = parse_and_stage_many(jobs, CATALOGUE)
    assert [p.reason for p in got] == [None, LATE_EXTRA_REASON, None, None, None]
    # nothing of the chunk is left on the worker's connection (its tables, views and workbook frames)
    assert survey_parse._connection().execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary UNION ALL "
        "SELECT view_name FROM duckdb_views() WHERE temporary AND view_name LIKE 'survey%'").fetchall() == []
    for p in (got[0], got[2], got[3]):
        assert p.staged.respondents.column("respondent_id").to_pylist() == ["R001", "R002", "R003"]
        assert p.staged.quarantined == 1  # "Maybe" is not on the yes/no scale
        assert p.staged.note.startswith("1 answer(s) quarantined (not on the scale), e.g. respondent 'R003'")
    alone = [parse_and_stage(*job, CATALOGUE) for job in jobs]
    assert [facts(p) for p in got] == [facts(p) for p in alone]
    # each extract's rows are its own, not a view of the chunk's: it pickles (to the parse cache,
    # from a worker) to the size it has alone
    for p, q in ((got[0], alone[0]), (got[3], alone[3])):
        assert len(pickle.dumps(p.staged.cells)) == len(pickle.dumps(q.staged.cells))
        assert len(pickle.dumps(p.staged.respondents)) == len(pickle.dumps(q.staged.respondents))


class CountingConnection:
    """A DuckDB connection that counts the statements run on it."""

    def __init__(self):
        self.con, self.statements = duckdb.connect(), 0
        prepare_connection(self.con)

    def execute(self, *args):
        self.statements += 1
        return self.con.execute(*args)

    def sql(self, *args):
        self.statements += 1
        return self.con.sql(*args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_each_statement_runs_once_for_a_chunk_however_many_extracts(tmp_path, monkeypatch):
    """Ten extracts of one shape take the statements one takes (formats differ per shape, not
    per file)."""
    from flows import survey_parse

    answers_ = [("Yes", "Agree", "Maybe"), ("No", "Disagree", "")]
    counts = []
    for files in (1, 10):
        counting = CountingConnection()
        monkeypatch.setattr(survey_parse, "_CONNECTION", [counting])
        jobs, _ = _jobs(tmp_path / str(files), [("plain", answers_, ",")] * files)
        got = parse_and_stage_many(jobs, CATALOGUE)
        assert [p.reason for p in got] == [None] * files
        counts.append(counting.statements)
    assert counts[0] == counts[1]


def test_rows_streamed_from_the_files_or_each_extract_alone_give_the_same(tmp_path, monkeypatch):
    """A chunk whose files are too large to hold (its rows a view over them, read again by each
    statement) and extracts above ``CHUNK_BYTES`` (each checked alone) get what a chunk held in
    memory gets."""
    from flows import survey_parse
    from warehouse import survey_load

    some = [("Yes", "Agree", "Maybe"), ("No", "", "Disagree"), ("Don't know", "Agree", "Agree")]
    jobs, expected = _jobs(tmp_path, [(kind, some, ";") for kind in
                                      ("plain", "xlsx", "utf-16", "duplicate-id", "bad-date", "titles-and-totals")])
    held = [facts(p) for p in parse_and_stage_many(jobs, CATALOGUE)]
    assert [f[0] is None for f in held] == [reason is None for reason in expected]
    monkeypatch.setattr(survey_load, "MATERIALISE_BYTES", 0)
    assert [facts(p) for p in parse_and_stage_many(jobs, CATALOGUE)] == held
    monkeypatch.setattr(survey_parse, "CHUNK_BYTES", 0)
    assert [facts(p) for p in parse_and_stage_many(jobs, CATALOGUE)] == held


cell_text = st.text(alphabet="ab1 ,;|\t\"", max_size=6)


@settings(deadline=None, max_examples=examples(60))
@given(header=st.lists(st.sampled_from(["Respondent ID", "Q1", "Is your workload manageable?", "a;b", "x|y", ""]),
                       min_size=1, max_size=5),
       body=st.lists(st.lists(cell_text, min_size=1, max_size=6), max_size=6),
       sep=st.sampled_from([",", ";", "\t", "|"]), quoted=st.booleans(), with_id=st.booleans())
def test_the_separator_is_the_one_the_sniffer_would_choose(header, body, sep, quoted, with_id):
    """The sniffer is asked only when its answer can matter: the separator, layout and first
    rows (or the reason) are what asking it every time gives."""
    import csv
    import io

    from core.errors import RejectedInput
    from transforms.survey_read import SEPARATORS, layouts_under, sniff_separator, sniffer_choice

    header = ["Respondent ID", *header] if with_id else header
    if quoted:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows([header, *body])
        text = buffer.getvalue()
    else:
        text = "".join(sep.join(row) + "\n" for row in [header, *body])

    def outcome(choose) -> tuple:
        try:
            return choose()
        except RejectedInput as err:
            return ("rejected", err.reason)

    asked = outcome(lambda: sniffer_choice(text, layouts_under(text, "x.csv", lambda t: False, SEPARATORS, {})))
    assert outcome(lambda: sniff_separator(text, "x.csv")) == asked
