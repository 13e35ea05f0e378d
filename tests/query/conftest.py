"""Fixtures of the query tests: the hand-written mini graph, as a store and as `kg.load` gives
it, and a real Oxigraph server (the real build of seeds/, `seed_build`, is the session's, in
tests/conftest.py)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.query.store import Source, as_rdflib, load_store

if TYPE_CHECKING:
    from rdflib import Dataset

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MINI = HERE / "fixtures" / "mini.trig"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def own_rdflib(trig: str) -> Dataset:
    """An rdflib Dataset of the caller's own (not `kg.load`'s), its default graph the union."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data=trig, format="trig")
    return dataset


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 20.0) -> None:
    """Poll `url` until it answers (any HTTP status) or fail."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def mini_path() -> Path:
    return MINI


@pytest.fixture(scope="session")
def mini_oxigraph() -> Source:
    return load_store(MINI)


@pytest.fixture(scope="session", params=["store", "kg.load"])
def mini(request: pytest.FixtureRequest, mini_oxigraph: Source) -> Source:
    """The mini graph, as a pyoxigraph graph and behind rdflib's API (what `kg.load` gives)."""
    return mini_oxigraph if request.param == "store" else as_rdflib(load_store(MINI))


@contextlib.contextmanager
def running_oxigraph(location: Path) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port, its store in `location`; yields its
    base URL and stops it on exit."""
    if not OXIGRAPH.exists():
        pytest.fail(f"{OXIGRAPH} is missing: the `oxigraph` package is a dev dependency")
    port = free_port()
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/query")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on a free loopback port, for the session; yields its base URL."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url
