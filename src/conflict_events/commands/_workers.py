"""
``validate --workers N`` and ``convert --workers N``: the same work on Dask (extra ``dask``).

Without the extra, the commands say how to install it. Partitions are JSON
Lines files and the part files of Parquet dataset directories (see
`conflict_events.dask`). ``convert`` builds its output directory beside OUT and
renames it into place when complete; the cluster is shut down before a failed
output is removed, so no worker writes into it afterwards. The formats are
imported when the work runs, not for the parser (`workers`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conflict_events import fork_server
from conflict_events.commands import _common
from conflict_events.errors import ConflictEventsError

__all__ = ["convert", "validate", "workers"]


def workers(text: str) -> int:
    """A number of worker processes (1 or more) from the command line."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{text!r} is not a number of workers (1 or more)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _scale(count: int | None) -> Any:
    """`conflict_events.dask`, with the fork server of *count* workers starting meanwhile."""
    if count is not None:
        # The server imports the workers' modules while this process imports its own.
        fork_server.start()
    try:
        import conflict_events.dask as scale  # noqa: PLC0415
    except ModuleNotFoundError as error:
        raise ConflictEventsError(
            f"--workers needs Dask ({error.name} is missing): pip install 'conflict-events[dask]'"
        ) from None
    return scale


@contextlib.contextmanager
def _client(scale: Any, count: int | None) -> Iterator[Any]:
    """A client of *count* local worker processes; without, Dask's in-process scheduler."""
    if count is None:
        import dask  # noqa: PLC0415 - only with the extra

        # One task at a time: when a task fails, none is left running that could
        # write into the output after it is removed.
        with dask.config.set(scheduler="synchronous"):
            yield None
    else:
        with scale.local_client(count) as client:
            yield client


def validate(arguments: argparse.Namespace) -> int:
    """Validate the paths on *arguments.workers* processes; print errors as ``validate`` does."""
    from conflict_events.formats.files import InputError  # noqa: PLC0415 - loaded when used

    scale = _scale(arguments.workers)
    try:
        with _client(scale, arguments.workers) as client:
            errors = scale.validate(arguments.paths, client=client)
    except FileNotFoundError as error:
        raise InputError(str(error)) from None
    rows = [{"file": e.file, "line": e.line, "path": e.path, "message": e.message} for e in errors]
    if arguments.error_format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for fault in errors:
            print(fault)
    return 1 if errors else 0


@contextlib.contextmanager
def _building(output: str, *, one_file: bool) -> Iterator[Path]:
    """
    The directory the partitions are converted into.

    For a directory OUT, OUT itself, built atomically. For a JSON Lines file
    OUT, a temporary directory beside it whose part files are joined into OUT
    in their order when all are written: one header line, then every record.
    """
    from conflict_events.formats.atomic import atomic_directory  # noqa: PLC0415

    if not one_file:
        with atomic_directory(output) as building:
            yield building
        return
    with tempfile.TemporaryDirectory(dir=Path(output).parent, prefix=".parts-") as parts:
        yield Path(parts)
        _join_parts(Path(parts), Path(output))


def _join_parts(parts: Path, output: Path) -> None:
    """Join the JSON Lines part files in *parts* into *output*, keeping the first header only."""
    from conflict_events.formats.atomic import atomic_path  # noqa: PLC0415 - loaded when used

    files = sorted(parts.glob("*.jsonl"), key=lambda part: int(part.stem.rsplit("-", 1)[1]))
    with atomic_path(output) as temporary, temporary.open("wb") as stream:
        for number, part in enumerate(files):
            with part.open("rb") as source:
                header = source.readline()
                if number == 0:
                    stream.write(header)
                shutil.copyfileobj(source, stream)


def convert(arguments: argparse.Namespace, target: str) -> int:
    """Convert partitions into the directory OUT, in the format *target* (one Dask streams)."""
    from conflict_events.formats.files import check_in_and_out  # noqa: PLC0415
    from conflict_events.formats.registry import FORMATS  # noqa: PLC0415 - loaded when used

    scale = _scale(arguments.workers)
    if not FORMATS[target].streams:
        streamed = " or ".join(name for name, entry in FORMATS.items() if entry.streams)
        raise ConflictEventsError(
            f"with --workers or Parquet, convert writes {streamed}, not {target!r}"
        )
    one_file = not FORMATS[target].directory and not Path(arguments.output).is_dir()
    check_in_and_out(Path(arguments.input), Path(arguments.output), directory=not one_file)
    try:
        with (
            _building(arguments.output, one_file=one_file) as building,
            _client(scale, arguments.workers) as client,
        ):
            count = scale.convert(arguments.input, building, to=target, client=client)
    except FileNotFoundError as error:
        if error.filename is not None:
            raise
        raise ConflictEventsError(str(error)) from None
    _common.note(arguments, f"{arguments.output}: {count:,} records ({target})", stdout=True)
    return 0
