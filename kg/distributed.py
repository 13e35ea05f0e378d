"""Run a build's reading, parsing and extraction on a Dask cluster (dask.distributed).

`kg build --dask tcp://scheduler:8786` sends each `kg.parallel.Unit` (a few input
segments or stored articles, as plain text) to the cluster as one task and merges the
results on this machine exactly as a local build does; `--dask local` starts a
`LocalCluster` of `--workers` processes here. Every worker needs the same `kg` (same
pipeline version: the code, gazetteers, lexicons and spaCy model) importable; a worker
with another version is refused before any work is sent. Input files are read here and
sent as text, so the workers need no shared file system.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kg.config import available_cpus
from kg.errors import ClusterError
from kg.parallel import Handle, Unit, UnitResult, WorkerConfig, process_unit, worker_pipeline

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = "20s"
"""How long to try to reach a scheduler."""


def worker_version(config: WorkerConfig) -> str:
    """Load the pipeline on a worker (once per process) and name its version."""
    return worker_pipeline(config)[2]


class DaskRunner:
    """Runs units as tasks on a Dask cluster: `address` of its scheduler, or "local".

    Args:
        address: "tcp://host:port" of a running scheduler, or "local" to start a
            `LocalCluster` of `workers` single-threaded processes on 127.0.0.1.
        workers: for "local", how many worker processes (0: one per CPU).
        config: how each worker loads the pipeline.
        known: article key -> content hash of the articles the build already holds;
            sent to every worker once.
        version: the pipeline version every worker must have.
    """

    def __init__(
        self,
        address: str,
        workers: int,
        config: WorkerConfig,
        known: Mapping[str, str],
        version: str,
    ) -> None:
        from dask.distributed import Client, LocalCluster

        self.cluster: Any = None
        try:
            if address == "local":
                self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers or available_cpus(),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    # the scheduler serves HTTP (/health, /metrics) even without a
                    # dashboard, on 8787 unless told otherwise: a port of the system's
                    # choosing, on loopback, beside an analyst's own Dask or Jupyter
                    dashboard_address="127.0.0.1:0",
                )
                self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
            else:
                client = Client(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
                self.client = client
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterError(f"dask {address}", f"cannot connect ({exc})") from exc
        try:
            self.client.wait_for_workers(1, timeout=60)
            versions: dict[str, str] = self.client.run(worker_version, config)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterError(f"dask {address}", f"no usable workers ({exc})") from exc
        wrong = sorted(addr for addr, found in versions.items() if found != version)
        if wrong:
            found = versions[wrong[0]]
            self.close()
            raise ClusterError(
                f"dask worker {wrong[0]}",
                f"runs kg pipeline {found}, this build needs {version}; "
                "install the same kg, ontology and spaCy model on every worker",
            )
        self.workers = sum(
            int(info.get("nthreads", 1))
            for info in self.client.scheduler_info()["workers"].values()
        )
        self.name = f"dask {address} ({self.workers} worker threads)"
        self.config = config
        [self.known] = self.client.scatter(  # type: ignore[no-untyped-call]
            [dict(known)], broadcast=True
        )
        log.info("running on %s", self.name)

    def submit(self, unit: Unit) -> Handle[UnitResult]:
        future: Handle[UnitResult] = self.client.submit(
            process_unit, unit, self.config, self.known, pure=False
        )
        return future

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
