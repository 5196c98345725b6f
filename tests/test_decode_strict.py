"""Report bytes are decoded strictly: a few bad bytes never turn the whole file into another
encoding; what had to be replaced or removed is said, with byte offsets, in a data-quality row.
The damaged inputs are the real report with bytes inserted at known places."""

from __future__ import annotations

import pytest

from core.errors import RejectedInput
from tests.conftest import parse_text
from transforms.report_text import decode_text


def _at_nth_heading(data: bytes, heading: bytes, n: int) -> int:
    """Byte offset of the n-th (1-based) line that is exactly ``heading``."""
    start = -1
    for _ in range(n):
        start = data.index(b"\n" + heading + b"\n", start + 1)
    return start + 1


def test_four_invalid_bytes_mid_file_keep_utf8_and_are_named(cumbria_bytes):
    middle = _at_nth_heading(cumbria_bytes, b"Strengths:", 5) - 1  # the line end before the 5th heading
    damaged = cumbria_bytes[:middle] + b"\xff\xfe\x80\xc3" + cumbria_bytes[middle:]
    decoded = decode_text(damaged, "damaged.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == (middle, middle + 1, middle + 2, middle + 3)
    clean = cumbria_bytes.decode("utf-8")
    char_at = len(cumbria_bytes[:middle].decode("utf-8"))
    assert decoded.text == clean[:char_at] + "\ufffd" * 4 + clean[char_at:]  # every other character as it was
    assert decoded.note() == (f"4 invalid UTF-8 sequence(s) replaced with U+FFFD at byte "
                              f"{middle}, {middle + 1}, {middle + 2}, {middle + 3}")


def test_damaged_report_loads_its_facts_with_a_decoding_row(cumbria_bytes, cumbria, reference):
    middle = _at_nth_heading(cumbria_bytes, b"Strengths:", 5) - 1
    facts = parse_text(cumbria_bytes[:middle] + b"\xff\xfe\x80\xc3" + cumbria_bytes[middle:], reference, "d.txt")
    assert facts.inspection["region_name"].to_list() == ["North West"]  # region not lost to mojibake
    assert facts.inspection["unit_name"].to_list() == ["Cumbria PDU"]
    assert facts.standard_ratings["rating"].to_list() == cumbria.standard_ratings["rating"].to_list()
    assert facts.findings.height == 106
    row = facts.data_quality.filter(rule="text_decoding").row(0, named=True)
    assert (row["subject"], row["expected"], row["passed"]) == ("file bytes", "valid UTF-8, no NUL bytes", False)
    assert row["observed"].startswith(f"4 invalid UTF-8 sequence(s) replaced with U+FFFD at byte {middle}, ")
    assert cumbria.data_quality.filter(rule="text_decoding").height == 0  # a clean file has no such row


def test_a_nul_after_the_first_64_kb_is_removed_and_named(cumbria_bytes, cumbria, reference):
    # 50,000 blank lines after the title push the standards past the first 64 KB
    first_break = cumbria_bytes.index(b"\n\n")
    padded = cumbria_bytes[:first_break] + b"\n" * 50_000 + cumbria_bytes[first_break:]
    at = _at_nth_heading(padded, b"Strengths:", 3) + 4  # inside the word: "Stre\0ngths:"
    assert at > 65_536
    data = padded[:at] + b"\x00" + padded[at:]
    decoded = decode_text(data, "nul.txt")
    assert decoded.nul_removed == (at,) and decoded.replaced == ()
    assert decoded.text == padded.decode("utf-8")
    facts = parse_text(data, reference, "nul.txt")
    third = facts.standard_ratings["standard_code"][2]
    assert (facts.findings.group_by("standard_code", "kind").len().sort("standard_code", "kind").rows()
            == cumbria.findings.group_by("standard_code", "kind").len().sort("standard_code", "kind").rows())
    assert facts.findings.filter(standard_code=third).height > 0
    assert facts.findings.height == 106  # no standard's strengths dropped
    [observed] = facts.data_quality.filter(rule="text_decoding")["observed"].to_list()
    assert observed == f"1 NUL byte(s) removed at byte {at}"


def test_windows_1252_throughout_is_windows_1252():
    text = "Inspection of probation services in: Caf\u00e9 PDU \u2018quoted\u2019 \u2013 \u00a335\n" * 3
    decoded = decode_text(text.encode("cp1252"), "old.txt")
    assert (decoded.text, decoded.encoding, decoded.clean) == (text, "cp1252", True)


def test_utf8_with_one_stray_windows_byte_stays_utf8():
    data = "Caf\u00e9 \u2018one\u2019\n".encode("utf-8") + b"na\xefve\n"  # one cp1252 byte among UTF-8
    decoded = decode_text(data, "mixed.txt")
    assert decoded.text == "Caf\u00e9 \u2018one\u2019\nna\ufffdve\n"
    assert decoded.replaced == (len("Caf\u00e9 \u2018one\u2019\n".encode("utf-8")) + 2,)


def test_utf16_without_a_byte_order_mark_is_read(cumbria_text):
    sample = cumbria_text[:2000]
    decoded = decode_text(sample.encode("utf-16-le"), "u16.txt")
    assert (decoded.text, decoded.encoding) == (sample, "utf-16")


@pytest.mark.parametrize("data, reason", [
    (b"\x00" * 100 + b"text" * 10, "binary file, not report text (contains NUL bytes)"),
    (b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "invalid UTF-16 at byte 2: not report text"),
    (bytes(range(128, 256)) * 20, "binary file, not report text (too many control characters)"),
])
def test_binary_or_broken_text_is_rejected_with_a_reason(data, reason):
    with pytest.raises(RejectedInput) as err:
        decode_text(data, "x.txt")
    assert err.value.reason == reason
