"""The cyclic collector is held off during bulk loads and dumps, and restored after."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import Dataset, ValidationError, collector, from_json, to_json
from conflict_events.examples import dataset
from conflict_events.formats import documents


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_a_paused_block_holds_the_collector_off_and_restores_it() -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


@given(st.lists(st.booleans(), min_size=1, max_size=6))
def test_nested_blocks_restore_only_when_the_outermost_ends(raises: list[bool]) -> None:
    gc.enable()

    def enter(depth: int) -> None:
        with collector.paused():
            assert not gc.isenabled()
            if depth + 1 < len(raises):
                with contextlib.suppress(RuntimeError):
                    enter(depth + 1)
                assert not gc.isenabled()
            if raises[depth]:
                raise RuntimeError

    with contextlib.suppress(RuntimeError):
        enter(0)
    assert gc.isenabled()


def test_a_block_in_another_thread_does_not_end_the_pause_of_this_one() -> None:
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector.paused():
            started.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with collector.paused():
        thread.start()
        started.wait(5)
    assert not gc.isenabled()  # the other thread's block still runs
    release.set()
    thread.join(5)
    assert gc.isenabled()


class _Watching:
    """The fast converter, noting whether the collector runs each time it is used."""

    def __init__(self, converter: Any, seen: list[bool]) -> None:
        self._converter, self._seen = converter, seen

    def structure(self, value: object, cls: Any) -> object:
        self._seen.append(gc.isenabled())
        return self._converter.structure(value, cls)

    def unstructure(self, value: object) -> object:
        self._seen.append(gc.isenabled())
        return self._converter.unstructure(value)


def test_load_and_dump_run_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    watching = _Watching(documents.fast_converter(), seen)
    monkeypatch.setattr(documents, "fast_converter", lambda: watching)
    text = to_json(dataset())
    assert from_json(text, Dataset) == dataset()
    assert documents.from_dict(documents.to_dict(dataset()), Dataset) == dataset()
    assert seen == [False] * 4
    assert gc.isenabled()


def test_a_refused_load_restores_the_collector() -> None:
    with pytest.raises(ValidationError):
        from_json(b'{"schema_version": "1.1.0", "events": [{"type": "x"}]}', Dataset)
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        from_json(b"{", Dataset)
    assert gc.isenabled()
