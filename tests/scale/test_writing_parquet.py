"""Directory outputs (Parquet, partitioned JSON Lines): atomic, never over an input; the cluster on loopback."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import conflict_events.dask as ced
from conflict_events import examples, read_parquet
from conflict_events.cli import main
from conflict_events.formats import files
from conflict_events.generate import generate_lines

GOOD = "".join(line + "\n" for line in generate_lines(200, seed=1))
BAD = '{"type":"armed_clash","id":"x","when":"2016-13","side_a":["a"]}\n'
#: Not JSON: its error travels back from a worker process intact.
NOT_JSON = "{not json\n"


def _listing(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    """A directory of two good JSON Lines partitions."""
    directory = tmp_path / "parts"
    directory.mkdir()
    (directory / "a.jsonl").write_text(GOOD)
    (directory / "b.jsonl").write_text(GOOD.replace('"id":"', '"id":"b-'))
    return directory


class TestAtomicConversion:
    """A failed conversion leaves no output directory and no temporary one."""

    def test_a_bad_partition_leaves_nothing(
        self, tmp_path: Path, parts: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The good partition's part files are not left behind when another is invalid."""
        (parts / "c.jsonl").write_text(BAD)
        assert main(["convert", str(parts), str(tmp_path / "pq"), "--to", "parquet"]) == 1
        assert "c.jsonl" in capsys.readouterr().err
        assert _listing(tmp_path) == ["parts"]

    def test_with_workers_too(
        self, tmp_path: Path, parts: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """On a local cluster, the workers are stopped before the output is removed."""
        (parts / "c.jsonl").write_text(NOT_JSON)
        argv = ["convert", str(parts), str(tmp_path / "pq"), "--to", "parquet", "--workers", "2"]
        assert main(argv) == 1
        assert "c.jsonl" in capsys.readouterr().err
        assert _listing(tmp_path) == ["parts"]

    def test_an_empty_directory_is_filled(self, tmp_path: Path, parts: Path) -> None:
        """An existing empty directory may be the output."""
        (tmp_path / "pq").mkdir()
        assert main(["convert", str(parts), str(tmp_path / "pq"), "--to", "parquet"]) == 0
        assert len(read_parquet(tmp_path / "pq").events) > 0
        assert _listing(tmp_path) == ["parts", "pq"]

    @pytest.mark.parametrize("existing", ["file", "full directory"])
    def test_an_existing_output_is_an_error(
        self, tmp_path: Path, parts: Path, capsys: pytest.CaptureFixture[str], existing: str
    ) -> None:
        """A file, or a directory with something in it, is not replaced: one line, exit 1."""
        out = tmp_path / "pq"
        if existing == "file":
            out.write_text("keep")
            reason = "exists and is not a directory"
        else:
            out.mkdir()
            (out / "keep").write_text("keep")
            reason = "a directory that is not empty; give a new or empty one"
        for argv in (
            ["convert", str(parts), str(out), "--to", "parquet"],
            ["generate", str(out), "--events", "10", "--format", "parquet"],
        ):
            assert main(argv) == 1
            assert capsys.readouterr().err == f"error: {out}: {reason}\n"
        assert _listing(tmp_path) == ["parts", "pq"]

    def test_save_parquet_is_atomic(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """save_parquet wraps write_parquet: a failure half-way leaves nothing."""
        import pyarrow.parquet as pq

        written = []
        original = pq.write_table

        def fail_second(table: Any, where: Any, **options: Any) -> None:
            if written:
                raise OSError(28, "No space left on device")
            written.append(where)
            original(table, where, **options)

        monkeypatch.setattr(pq, "write_table", fail_second)
        with pytest.raises(OSError, match="No space left") as caught:
            files.save_parquet(examples.dataset(), tmp_path / "pq")
        assert caught.value.filename == str(tmp_path / "pq")
        assert written
        assert _listing(tmp_path) == []
        monkeypatch.setattr(pq, "write_table", original)
        files.save_parquet(examples.dataset(), tmp_path / "pq")
        assert read_parquet(tmp_path / "pq") == examples.dataset()


class TestNeverOverTheInput:
    """Every input/output pair of a directory conversion is checked."""

    def test_parquet_into_itself(
        self, tmp_path: Path, parts: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert pq pq --from parquet --to jsonl is refused; the input is untouched."""
        pq = tmp_path / "pq"
        assert main(["convert", str(parts), str(pq), "--to", "parquet"]) == 0
        before = sorted(str(path) for path in pq.rglob("*"))
        capsys.readouterr()
        assert main(["convert", str(pq), str(pq), "--from", "parquet", "--to", "jsonl"]) == 1
        assert "refusing to overwrite the input" in capsys.readouterr().err
        assert sorted(str(path) for path in pq.rglob("*")) == before

    @pytest.mark.parametrize("where", ["output inside input", "input inside output", "link"])
    def test_nested_paths(
        self, tmp_path: Path, parts: Path, capsys: pytest.CaptureFixture[str], where: str
    ) -> None:
        """An output inside the input directory, an input inside the output, or a link to it."""
        if where == "output inside input":
            source, out = parts, parts / "pq"
        elif where == "input inside output":
            source, out = parts / "a.jsonl", parts
        else:
            (tmp_path / "link").symlink_to(parts)
            source, out = parts, tmp_path / "link" / "pq"
        before = _listing(parts)
        assert main(["convert", str(source), str(out), "--to", "parquet"]) == 1
        assert "refusing to write where the input" in capsys.readouterr().err
        assert _listing(parts) == before


def _http_hosts(dask_worker: Any) -> list[str]:
    """The addresses the HTTP server of a worker listens on (run on the worker)."""
    return sorted({sock.getsockname()[0] for sock in dask_worker.http_server._sockets.values()})


class TestLocalCluster:
    """The cluster of --workers listens on loopback only, without a dashboard unless asked."""

    def test_addresses_are_loopback(self) -> None:
        """Scheduler, workers, nannies and HTTP servers are on 127.0.0.1; HTTP answers /health only."""
        with ced.local_client(1) as client:
            info = client.scheduler_info()
            addresses = [client.scheduler.address, *info["workers"]]
            addresses += [worker["nanny"] for worker in info["workers"].values()]
            scheduler = client.cluster.scheduler
            http = {sock.getsockname()[0] for sock in scheduler.http_server._sockets.values()}
            workers_http = client.run(_http_hosts)
            port = info["services"]["dashboard"]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health") as answer:
                health = answer.read()
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/json/identity.json")
            missing.value.close()
        assert all(address.startswith("tcp://127.0.0.1:") for address in addresses)
        assert http == {"127.0.0.1"}
        assert list(workers_http.values()) == [["127.0.0.1"]]
        assert health == b"ok"
        assert missing.value.code == 404

    def test_dashboard_only_when_asked(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Asked for, the dashboard is bound to 127.0.0.1 too (on a free port)."""
        import distributed

        seen = []

        @contextlib.contextmanager
        def cluster(**options: Any) -> Iterator[None]:
            seen.append(options)
            yield None

        @contextlib.contextmanager
        def connect(*_: Any, **__: Any) -> Iterator[str]:
            yield "client"

        monkeypatch.setattr(distributed, "LocalCluster", cluster)
        monkeypatch.setattr(distributed, "Client", connect)
        for dashboard in (False, True):
            with ced.local_client(1, dashboard=dashboard) as client:
                assert client == "client"
        assert [
            (
                o["host"],
                o["dashboard_address"],
                o["scheduler_kwargs"],
                o["worker_dashboard_address"],
            )
            for o in seen
        ] == [
            ("127.0.0.1", "127.0.0.1:0", {"dashboard": False}, None),
            ("127.0.0.1", "127.0.0.1:0", {"dashboard": True}, None),
        ]
