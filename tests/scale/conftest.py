"""One local Dask cluster of two single-threaded worker processes for every Dask test here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def client() -> Iterator[Any]:
    """A client of a 2-process `LocalCluster`, started once (imported here: dask is an extra)."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as connected,  # type: ignore[no-untyped-call]
    ):
        yield connected
