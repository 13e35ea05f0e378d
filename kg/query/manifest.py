"""What `kg push` last sent to each store: the push manifest behind `kg push --changed`.

A build folder keeps `push-manifest.json` beside its graph: for each store it was pushed to
(the Graph Store URL without credentials), each graph's Graph Store target (`default`, or
`graph=` and the escaped IRI) and the SHA-256 of its content. `--changed` compares the
build's graphs with it: a graph whose hash differs or that the store lacks is sent, a graph
the manifest lists but the build no longer has is dropped, the rest is left alone.

The manifest trusts that only `kg push` writes those graphs: a store emptied or edited by
other hands needs one full push (`kg push` without `--changed`) to be in step again. A
manifest that is missing or unreadable means a full push.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

MANIFEST_NAME = "push-manifest.json"
VERSION = 1

Hashes = dict[str, str]
"""Graph Store target (`default`, `graph=...`) -> SHA-256 of the graph's content."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What a push sends and drops, given the store's graphs as the manifest has them."""

    send: tuple[str, ...]
    drop: tuple[str, ...]
    unchanged: int


def manifest_path(graph: Path) -> Path:
    """Where the manifest of the graph file `graph` lives: beside it, in its build folder.

    >>> manifest_path(Path("out/graph.trig"))
    PosixPath('out/push-manifest.json')
    """
    return graph.parent / MANIFEST_NAME


def content_hash(triples: Iterable[ox.Triple]) -> str:
    """SHA-256 of a graph's triples as sorted N-Triples lines: the same for the same set of
    triples, whatever order the file lists them in.

    >>> a = ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1"))
    >>> b = ox.Triple(ox.NamedNode("http://x/b"), ox.NamedNode("http://x/p"), ox.Literal("2"))
    >>> content_hash([a, b]) == content_hash([b, a]) != content_hash([a])
    True
    """
    digest = hashlib.sha256()
    for line in sorted({str(triple) for triple in triples}):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def plan_push(current: Mapping[str, str], pushed: Mapping[str, str] | None) -> Plan:
    """The graphs to send (new or changed) and to drop (gone from the build), in target
    order; with no manifest (`pushed` None), everything is sent.

    >>> plan_push({"default": "h1", "graph=a": "h2", "graph=b": "h3"},
    ...           {"default": "h0", "graph=a": "h2", "graph=c": "h4"})
    Plan(send=('default', 'graph=b'), drop=('graph=c',), unchanged=1)
    """
    if pushed is None:
        return Plan(tuple(sorted(current, key=_order)), (), 0)
    send = tuple(sorted((t for t, h in current.items() if pushed.get(t) != h), key=_order))
    drop = tuple(sorted((t for t in pushed if t not in current), key=_order))
    return Plan(send, drop, len(current) - len(send))


def _order(target: str) -> tuple[bool, str]:
    """The default graph first, then named graphs by target."""
    return (target != "default", target)


def read_manifest(path: Path, endpoint: str) -> tuple[Hashes | None, str | None]:
    """What the manifest at `path` says was pushed to `endpoint`, and, when it says nothing
    usable, why (for the message announcing a full push).

    >>> read_manifest(Path("/nonexistent/push-manifest.json"), "http://h/store")
    (None, 'no push manifest')
    """
    document, problem = _read_document(path)
    if document is None:
        return None, problem
    hashes = document.get(endpoint)
    if hashes is None:
        return None, "nothing pushed to this store before"
    return dict(hashes), None


def _read_document(path: Path) -> tuple[dict[str, Hashes] | None, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, "no push manifest"
    except OSError as exc:
        return None, f"unreadable push manifest ({exc.strerror or exc})"
    try:
        data = json.loads(text)
    except ValueError:
        return None, "corrupt push manifest (not JSON)"
    if not _well_formed(data):
        return None, "corrupt push manifest (not the expected shape)"
    return dict(data["endpoints"]), None


def _well_formed(data: object) -> bool:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return False
    endpoints = data.get("endpoints")
    return isinstance(endpoints, dict) and all(
        isinstance(url, str)
        and isinstance(hashes, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in hashes.items())
        for url, hashes in endpoints.items()
    )


def write_manifest(path: Path, endpoint: str, hashes: Mapping[str, str]) -> None:
    """Record `hashes` as what `endpoint` holds, keeping the other stores' records; the file
    is written beside the old one and renamed over it, so a reader never sees half of it.

    `endpoint` must be the URL without credentials (`RemoteURL.url`): the manifest is a
    plain file in the build folder.

    Raises:
        OSError: if the folder cannot be written.
    """
    document = _read_document(path)[0] or {}
    document[endpoint] = dict(sorted(hashes.items(), key=lambda item: _order(item[0])))
    text = json.dumps({"version": VERSION, "endpoints": document}, indent=1, sort_keys=False)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
