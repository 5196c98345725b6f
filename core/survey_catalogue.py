"""Read the survey question catalogue (``reference/surveys.csv``, ``survey_scales.csv``,
``survey_questions.csv``): data, not code. I/O at the edge; the frames are passed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core.reference import DEFAULT_REFERENCE_DIR
from core.text_keys import header_key, text_key

FREE_TEXT = "free_text"


@dataclass(frozen=True)
class SurveyCatalogue:
    surveys: pl.DataFrame
    """survey, survey_name, measure (the stated-figure measure of its percentages), file_stems."""
    scales: pl.DataFrame
    """scale, ordinal, answer: the answers of each scale."""
    questions: pl.DataFrame
    """question_code, survey, scale, question_text, positive_answers, negative_answers,
    header_variants, report_phrases, negative_report_phrases, catalogue_seq."""

    def header_index(self) -> pl.DataFrame:
        """survey, header_key, question_code: one row per header variant (a header may stand for
        several questions, e.g. one categorical column counted per category)."""
        rows = [
            (q["survey"], header_key(v), q["question_code"])
            for q in self.questions.iter_rows(named=True)
            for v in (q["header_variants"] or "").split("|") if v.strip()
        ]
        return pl.DataFrame(rows, schema=["survey", "header_key", "question_code"], orient="row").unique(maintain_order=True)

    def answer_index(self) -> pl.DataFrame:
        """question_code, answer_key, answer, answer_ordinal, is_positive, is_negative: every
        in-scale answer of every scaled question."""
        rows = []
        scales = self.scales.group_by("scale", maintain_order=True).agg("answer", "ordinal")
        by_scale = {r["scale"]: list(zip(r["answer"], r["ordinal"])) for r in scales.iter_rows(named=True)}
        for q in self.questions.iter_rows(named=True):
            if q["scale"] == FREE_TEXT:
                continue
            positive = {text_key(a) for a in (q["positive_answers"] or "").split("|") if a.strip()}
            negative = {text_key(a) for a in (q["negative_answers"] or "").split("|") if a.strip()}
            for answer, ordinal in by_scale[q["scale"]]:
                key = text_key(answer)
                rows.append((q["question_code"], key, answer, ordinal, key in positive, key in negative))
        return pl.DataFrame(rows, schema={"question_code": pl.String, "answer_key": pl.String, "answer": pl.String,
                                          "answer_ordinal": pl.Int64, "is_positive": pl.Boolean,
                                          "is_negative": pl.Boolean}, orient="row")

    def survey_for_stem(self, stem: str) -> str | None:
        """The survey a file name (without suffix) names, e.g. 'people-on-probation'."""
        key = stem.strip().lower()
        for row in self.surveys.iter_rows(named=True):
            if key in {s.strip().lower() for s in row["file_stems"].split("|")}:
                return row["survey"]
        return None

    def tables(self) -> dict[str, pl.DataFrame]:
        """For the warehouse's ref schema."""
        return {"surveys": self.surveys, "survey_scales": self.scales, "survey_questions": self.questions}


def check_catalogue(cat: SurveyCatalogue) -> None:
    """Raise ValueError on a catalogue that contradicts itself (unknown survey or scale, a
    positive or negative answer not on the question's scale, a duplicate code)."""
    problems = []
    dupes = cat.questions.filter(pl.col("question_code").is_duplicated())["question_code"].unique().to_list()
    if dupes:
        problems.append(f"duplicate question codes {sorted(dupes)}")
    surveys = set(cat.surveys["survey"])
    scales = set(cat.scales["scale"]) | {FREE_TEXT}
    answers = {s: {text_key(a) for a in g["answer"]} for (s,), g in cat.scales.group_by("scale")}
    for q in cat.questions.iter_rows(named=True):
        if q["survey"] not in surveys:
            problems.append(f"{q['question_code']}: unknown survey {q['survey']!r}")
        if q["scale"] not in scales:
            problems.append(f"{q['question_code']}: unknown scale {q['scale']!r}")
            continue
        for col in ("positive_answers", "negative_answers"):
            for a in (q[col] or "").split("|"):
                if a.strip() and text_key(a) not in answers.get(q["scale"], set()):
                    problems.append(f"{q['question_code']}: {col} {a!r} is not on scale {q['scale']}")
    if problems:
        raise ValueError("survey catalogue: " + "; ".join(problems))


def load_survey_catalogue(directory: Path = DEFAULT_REFERENCE_DIR) -> SurveyCatalogue:
    """Read and check the catalogue CSVs in ``directory`` (text columns; ordinal as integer)."""
    directory = Path(directory)
    surveys = pl.read_csv(directory / "surveys.csv", infer_schema=False)
    scales = pl.read_csv(directory / "survey_scales.csv", infer_schema=False).with_columns(pl.col("ordinal").cast(pl.Int64))
    questions = pl.read_csv(directory / "survey_questions.csv", infer_schema=False).with_row_index(
        "catalogue_seq", offset=1).with_columns(pl.col("catalogue_seq").cast(pl.Int64))
    cat = SurveyCatalogue(surveys, scales, questions)
    check_catalogue(cat)
    return cat
