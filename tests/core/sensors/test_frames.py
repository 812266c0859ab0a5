import json

import numpy as np
import pytest

from kiosk.sensors.channels import channels_of
from kiosk.sensors.frames import BadFrame, LineSplitter, parse_line, parse_payload

NOW = 1_764_400_000.0
KNOWN = channels_of("titrator")


def test_payload_plain_json_and_batch() -> None:
    t, v = parse_payload(b" 7.01\n", now=NOW)
    assert t.tolist() == [NOW] and v.tolist() == [7.01]
    t, v = parse_payload(b'{"v": 7.02, "t": 1764399999.5}', now=NOW)
    assert t.tolist() == [1764399999.5] and v.tolist() == [7.02]
    t, v = parse_payload(b'{"v": 3}', now=NOW)
    assert t.tolist() == [NOW] and v.tolist() == [3.0]
    t, v = parse_payload(json.dumps({"t": [NOW - 1, NOW], "v": [1, 2.5]}).encode(), now=NOW)
    assert t.tolist() == [NOW - 1, NOW] and v.tolist() == [1.0, 2.5]


@pytest.mark.parametrize(("payload", "kind"), [
    (b"abc", "not_a_number"),
    (b"", "not_a_number"),
    (b"nan", "not_finite"),
    (b"-Infinity", "not_finite"),
    (b'{"v": NaN}', "not_finite"),
    (b'{"v": true}', "not_a_number"),
    (b'{"v": "7"}', "not_a_number"),
    (b'{"x": 1}', "not_a_number"),
    (b'{"v": 1', "not_a_number"),
    (b'{"t": [1764400000, 1764400001], "v": [1]}', "batch_mismatch"),
    (b'{"v": [1, 2]}', "batch_mismatch"),
    (b'{"v": 1, "t": 1764400000000}', "bad_time"),  # milliseconds by mistake
    (b'{"v": 1, "t": 12.5}', "bad_time"),  # seconds from start by mistake
    (b"\xff\xfe7", "bad_utf8"),
    (b"1" * (64 * 1024 + 1), "too_large"),
])
def test_bad_payloads_name_their_kind(payload: bytes, kind: str) -> None:
    with pytest.raises(BadFrame) as info:
        parse_payload(payload, now=NOW)
    assert info.value.kind == kind


def test_lines() -> None:
    assert parse_line("titrator.ph,7.5", instrument="titrator", known=KNOWN,
                      now=NOW) == ("titrator.ph", NOW, 7.5)
    assert parse_line(" ph , 7.5 , 1764399000\r", instrument="titrator", known=KNOWN,
                      now=NOW) == ("titrator.ph", 1764399000.0, 7.5)
    assert parse_line("# a comment", instrument="titrator", known=KNOWN, now=NOW) is None
    assert parse_line("   ", instrument="titrator", known=KNOWN, now=NOW) is None


@pytest.mark.parametrize(("line", "kind"), [
    ("ph", "not_a_number"),
    ("ph,x", "not_a_number"),
    ("ph,1,2,3", "not_a_number"),
    ("ph,inf", "not_finite"),
    ("nope,1", "unknown_channel"),
    ("gcms.tic,1", "unknown_channel"),  # another instrument's channel on this feed
    ("ph,1,5", "bad_time"),
])
def test_bad_lines(line: str, kind: str) -> None:
    with pytest.raises(BadFrame) as info:
        parse_line(line, instrument="titrator", known=KNOWN, now=NOW)
    assert info.value.kind == kind


def test_splitter_handles_chunks_and_overlong_lines() -> None:
    s = LineSplitter(max_bytes=10)
    assert s.feed(b"ph,1\nph,") == ([b"ph,1"], 0)
    assert s.feed(b"2\n") == ([b"ph,2"], 0)
    # a long line arriving in pieces is dropped once, and the next line survives
    assert s.feed(b"x" * 8) == ([], 0)
    assert s.feed(b"x" * 8) == ([], 1)
    assert s.feed(b"x" * 30) == ([], 0)
    assert s.feed(b"xx\nph,3\n") == ([b"ph,3"], 0)
    assert s.feed(b"y" * 20 + b"\nph,4\n") == ([b"ph,4"], 1)
    assert np.size(s.feed(b"")[0]) == 0
