"""
How `generate.write_parquet` writes its part files: one part of each table pending at a time.

The ``event_actors`` file of a part is not held back by the ``events`` file
of the same part, a table's next part waits for its previous one, the events
run a batch at a time end batches and parts as a per-event loop does, and an
error in a writing thread still leaves nothing behind.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from conflict_events import generate  # noqa: E402


def _table() -> object:
    return pa.table({"x": [1, 2, 3]})


def test_a_part_of_another_table_does_not_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``event_actors`` file is handed over while the ``events`` file is still written."""
    released = threading.Event()
    waited: list[bool] = []

    def write(_table: object, path: Path, **_: object) -> None:
        if path.parent.name == "events":
            waited.append(released.wait(timeout=5))

    monkeypatch.setattr(pq, "write_table", write)
    for name in ("sources", "events", "event_actors"):
        (tmp_path / name).mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        files = generate._Files(tmp_path, pool)
        files.write("sources", _table())
        files.write("events", _table())
        files.write("event_actors", _table())  # must not wait for the events file
        released.set()
        files.wait()
    assert waited == [True]


def test_a_table_writes_its_parts_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next part of a table is started only when its previous part is written."""
    busy = threading.Lock()
    started: list[str] = []
    overlapped: list[str] = []

    def write(_table: object, path: Path, **_: object) -> None:
        if not busy.acquire(blocking=False):
            overlapped.append(path.name)
            return
        try:
            started.append(path.name)
            threading.Event().wait(0.05)
        finally:
            busy.release()

    monkeypatch.setattr(pq, "write_table", write)
    (tmp_path / "events").mkdir()
    with ThreadPoolExecutor(max_workers=2) as pool:
        files = generate._Files(tmp_path, pool)
        for _ in range(3):
            files.write("events", _table())
        files.wait()
    assert overlapped == []
    assert started == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]


def test_a_failed_part_of_many_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails while other parts are pending: raised, and no directory is left."""
    real = pq.write_table

    def refuse_second(table: object, path: Path, **options: object) -> None:
        if path.parent.name == "event_actors" and path.name == "part-00001.parquet":
            raise OSError(28, "No space left on device")
        real(table, path, **options)

    monkeypatch.setattr(pq, "write_table", refuse_second)
    with pytest.raises(OSError, match="No space left"):
        generate.write_parquet(tmp_path / "out", 900, seed=3, chunk=300)
    assert list(tmp_path.iterdir()) == []


class _Sink:
    """A sink of *batch* rows: notes each end of batch and each part written, by event count."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.rows = 0
        self.seen = 0
        self.log: list[tuple[str, int]] = []

    def put(self) -> None:
        self.rows += 1
        self.seen += 1

    def end_batch(self) -> None:
        self.log.append(("batch", self.seen))
        self.rows = 0

    def write(self) -> None:
        if self.rows:
            self.end_batch()
        self.log.append(("part", self.seen))


def _per_event(events: int, batch: int, chunk: int) -> tuple[int, list[tuple[str, int]], list[int]]:
    """What the writer did one event at a time: batches, parts and progress after each event."""
    sink = _Sink(batch)
    reported: list[int] = []
    built = in_part = 0
    for _ in range(events):
        sink.put()
        built += 1
        in_part += 1
        if sink.rows >= batch:
            sink.end_batch()
            reported.append(built)
        if in_part >= chunk:
            sink.write()
            in_part = 0
    if in_part or built == 0:
        sink.write()
    return built, sink.log, reported


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 400), st.integers(1, 50), st.integers(1, 120))
def test_events_run_a_batch_at_a_time_end_batches_and_parts_alike(
    events: int, batch: int, chunk: int
) -> None:
    """`_write_events` ends batches and writes parts after the same events as a per-event loop."""
    sink = _Sink(batch)
    reported: list[int] = []
    stream = (sink.put() for _ in range(events))
    built = generate._write_events(stream, sink, chunk, sink.write, reported.append)
    assert (built, sink.log, reported) == _per_event(events, batch, chunk)
