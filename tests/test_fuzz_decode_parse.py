"""Fuzzing decode and parse: whatever the bytes, the parser either returns facts that pass their
contracts (pandera, in ``parse_text``) or raises ``RejectedInput`` with a one-line, bounded
reason; never any other exception."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import MAX_REASON_CHARS, RejectedInput
from tests.conftest import CUMBRIA, examples, parse_text
from transforms.report_text import decode_text

REAL = CUMBRIA.read_bytes()
FUZZ = settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)

#: bytes that break text: NUL, invalid UTF-8 lead and continuation bytes, controls, BOMs, line ends
NASTY = st.sampled_from([b"\x00", b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe2\x80", b"\xef\xbb\xbf", b"\r",
                         b"\x0c", b"\x1b", b"\n\n", b"\xa0", "\u2019".encode(), "\ufffd".encode(), b"%", b"-5",
                         b"101%", b"=HYPERLINK(", b"\t"])


def _parse_or_reject(data: bytes, reference) -> None:
    try:
        facts = parse_text(data, reference, "fuzz.txt")
    except RejectedInput as err:
        assert err.source == "fuzz.txt"
        assert "\n" not in err.reason and 0 < len(err.reason) <= MAX_REASON_CHARS
        return
    assert facts.inspection.height == 1  # the contracts passed: one inspection, validated tables


@st.composite
def damaged_reports(draw) -> bytes:
    """The real report with a few nasty byte strings put in, or stretches cut out, anywhere."""
    data = bytearray(REAL)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[at:at] = draw(NASTY)
        else:
            data[at:at + draw(st.integers(1, 400))] = b""
    return bytes(data)


@FUZZ
@given(data=damaged_reports())
def test_damaged_real_report_parses_or_is_rejected_with_one_line(data, reference):
    _parse_or_reject(data, reference)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_arbitrary_bytes_parse_or_are_rejected_with_one_line(data, reference):
    _parse_or_reject(data, reference)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_decoding_says_what_it_changed(data):
    try:
        decoded = decode_text(data, "fuzz.txt")
    except RejectedInput as err:
        assert "\n" not in err.reason
        return
    assert "\x00" not in decoded.text
    assert decoded.text.count("\ufffd") >= len(decoded.replaced)
    if decoded.encoding == "utf-8" and not decoded.replaced:
        # nothing replaced: the text is exactly the bytes, less a BOM and NULs
        assert decoded.text == re.sub(b"\x00", b"", data.removeprefix(b"\xef\xbb\xbf")).decode("utf-8")
