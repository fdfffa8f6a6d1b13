"""
Coverage-guided fuzzing of the ACLED and UCDP GED CSV readers with atheris.

The first byte of an input picks the target: the reader (ACLED or UCDP), how
the rest of the bytes reach it (decoded as UTF-8 into a text stream, or as a
binary stream, which takes the reader's own UTF-8 / Windows-1252 fallback),
and whether a real sample header is put in front so that most inputs reach
row parsing rather than dying in the header. A reader may return a dataset or
raise `ValidationError`; anything else is a crash that atheris reports with
the input that caused it.

    python fuzz/fuzz_csv.py -atheris_runs=200000 fuzz/corpus-csv

The corpus directory keeps the inputs that found new coverage between runs.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from conflict_events import Dataset, ValidationError
    from conflict_events.formats.acled import ACLED_COLUMNS, read_acled
    from conflict_events.formats.ucdp import UCDP_COLUMNS, read_ucdp

_DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def _sample_header(name: str, fallback: list[str]) -> bytes:
    path = _DATA / name
    if path.exists():
        return path.read_bytes().splitlines()[0] + b"\n"
    return (",".join(fallback) + "\n").encode()


HEADERS: tuple[bytes, ...] = (
    b"",
    (",".join(ACLED_COLUMNS) + "\n").encode(),
    _sample_header("acled_v6_africa_2016_sample.csv", ACLED_COLUMNS),
    b"",
    (",".join(UCDP_COLUMNS) + "\n").encode(),
    _sample_header("ucdp_ged_191_sample.csv", UCDP_COLUMNS),
)
READERS: tuple[Callable[..., Dataset], ...] = (read_acled, read_ucdp)


def test_one_input(data: bytes) -> None:
    """Run the reader the first byte picks on the remaining bytes."""
    if not data:
        return
    choice, body = data[0], data[1:]
    reader = READERS[choice % 2]
    header = HEADERS[(choice % 2) * 3 + (choice // 2) % 3]
    raw = header + body
    as_bytes = (choice // 6) % 2 == 1
    stream: io.IOBase = (
        io.BytesIO(raw)
        if as_bytes
        else io.StringIO(raw.decode("utf-8", errors="replace"), newline="")
    )
    with contextlib.suppress(ValidationError):
        reader(stream)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
