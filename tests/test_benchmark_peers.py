"""The benchmark's peer models refuse exactly the faults the library refuses, and accept what it accepts."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from conflict_events import Dataset, ValidationError, from_json, to_json
from conflict_events.examples import dataset as example_dataset
from conflict_events.strategies import datasets

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

faults = importlib.import_module("peers.faults")
PEERS = {name: importlib.import_module(f"peers.{name}_model") for name in ("msgspec", "pydantic")}


def _refused_by_library(text: bytes) -> bool:
    try:
        from_json(text, Dataset)
    except ValidationError:
        return True
    return False


def _refused_by(peer: Any, text: bytes) -> bool:
    try:
        peer.load(text)
    except Exception:  # noqa: BLE001 - each peer library raises errors of its own
        return True
    return False


@pytest.mark.parametrize("peer", sorted(PEERS))
def test_every_peer_accepts_the_valid_documents(peer: str) -> None:
    for document in (json.dumps(faults.BASE).encode(), to_json(example_dataset()).encode()):
        assert not _refused_by_library(document)
        assert not _refused_by(PEERS[peer], document)


@pytest.mark.parametrize(
    ("what", "text"), list(faults.documents()), ids=[w for w, _ in faults.FAULTS]
)
def test_the_library_and_every_peer_refuse_each_fault(what: str, text: bytes) -> None:
    verdicts = {"conflict_events": _refused_by_library(text)}
    verdicts |= {name: _refused_by(peer, text) for name, peer in PEERS.items()}
    assert verdicts == dict.fromkeys(verdicts, True), what


def test_the_issue_s_three_faults_are_in_the_list() -> None:
    named = {what for what, _ in faults.FAULTS}
    assert {"the 30th of February", "month 13", "a 2^60 integer in extensions"} <= named


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_every_peer_accepts_what_the_library_writes(data: Dataset) -> None:
    text = to_json(data).encode()
    for name, peer in PEERS.items():
        assert not _refused_by(peer, text), name
