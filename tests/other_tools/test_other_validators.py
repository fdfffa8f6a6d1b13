"""
Validators other than the `jsonschema` package agree with the shipped schema.

jschon (an independent Python implementation of draft 2020-12) always runs;
ajv on Node.js runs where `.ci/run` installed it (``.ci/node``) or where
``CONFLICT_EVENTS_AJV`` names a directory holding ``node_modules/ajv``, and is
skipped with that reason elsewhere.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jschon import JSON, JSONSchema, create_catalog

from conflict_events import Dataset, examples, to_dict
from conflict_events import strategies as cs

# jschon calls a deprecated rfc3986 helper; the warning is theirs, not ours.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Please use rfc3986.validators.Validator:DeprecationWarning"
)

ROOT = Path(__file__).parent.parent.parent
SHIPPED = ROOT / "docs" / "schema.json"
AJV_SCRIPT = Path(__file__).parent / "ajv_validate.js"

INVALID = [
    {"schema_version": "1.0.0", "locations": [{"id": "a", "name": "x", "kind": "town"}]},
    {
        "schema_version": "1.0.0",
        "locations": [
            {"id": "a", "name": "x", "kind": "settlement", "latitude": 90.5, "longitude": 0}
        ],
    },
    {"schema_version": "1.0.0", "events": [{"type": "riot", "id": "e", "when": "2017"}]},
    {
        "schema_version": "1.0.0",
        "events": [
            {"type": "siege", "id": "e", "when": "2017-02-30", "location": "a", "besiegers": ["b"]}
        ],
    },
    {
        "schema_version": "1.0.0",
        "actors": [{"id": "a", "name": "x", "kind": "rebel_group", "colour": "red"}],
    },
    {"schema_version": "one"},
]


@pytest.fixture(scope="module")
def jschon_schema() -> JSONSchema:
    """The shipped schema, compiled by jschon."""
    create_catalog("2020-12")
    return JSONSchema(json.loads(SHIPPED.read_text(encoding="utf-8")))


def test_jschon_accepts_the_built_in_example(jschon_schema: JSONSchema) -> None:
    """The example document is valid for jschon."""
    assert jschon_schema.evaluate(JSON(to_dict(examples.dataset()))).valid


@settings(max_examples=50)
@given(cs.datasets())
def test_jschon_accepts_generated_documents(jschon_schema: JSONSchema, dataset: Dataset) -> None:
    """Every generated valid document is valid for jschon."""
    assert jschon_schema.evaluate(JSON(to_dict(dataset))).valid


@pytest.mark.parametrize("document", INVALID)
def test_jschon_refuses_invalid_documents(
    jschon_schema: JSONSchema, document: dict[str, Any]
) -> None:
    """Documents the library refuses for a reason a schema can express are refused by jschon."""
    assert not jschon_schema.evaluate(JSON(document)).valid


def _ajv_directory() -> Path | None:
    configured = os.environ.get("CONFLICT_EVENTS_AJV")
    candidates = [Path(configured)] if configured else []
    candidates.append(ROOT / ".ci" / "node")
    for candidate in candidates:
        if (candidate / "node_modules" / "ajv").is_dir():
            return candidate
    return None


@pytest.fixture(scope="module")
def ajv() -> Path:
    """The directory holding ajv; skip, saying why, where Node.js or ajv is absent."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: ajv cannot run here")
    directory = _ajv_directory()
    if directory is None:
        pytest.skip("ajv is not installed (.ci/run installs it into .ci/node with npm)")
    return directory


def _run_ajv(directory: Path, documents: list[Path]) -> list[dict[str, Any]]:
    result = subprocess.run(
        ["node", str(AJV_SCRIPT), str(SHIPPED), *map(str, documents)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(directory / "node_modules")},
    )
    assert result.returncode in {0, 1}, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_ajv_agrees(ajv: Path, tmp_path: Path) -> None:
    """ajv accepts the example and generated documents and refuses the invalid ones."""
    valid = [to_dict(examples.dataset())]
    paths = []
    for index, document in enumerate(valid + INVALID):
        path = tmp_path / f"doc{index}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    verdicts = [row["valid"] for row in _run_ajv(ajv, paths)]
    assert verdicts == [True] * len(valid) + [False] * len(INVALID)


@settings(max_examples=10)
@given(cs.datasets())
def test_ajv_accepts_generated_documents(
    ajv: Path, tmp_path_factory: pytest.TempPathFactory, dataset: Dataset
) -> None:
    """Generated valid documents are valid for ajv."""
    path = tmp_path_factory.mktemp("ajv") / "doc.json"
    path.write_text(json.dumps(to_dict(dataset)), encoding="utf-8")
    assert _run_ajv(ajv, [path])[0]["valid"]
