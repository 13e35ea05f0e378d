"""What `kg push` last sent to each store: the push manifest behind `kg push --changed`.

A build folder keeps `push-manifest.json` beside its graph: for each store it was pushed to
(the Graph Store URL without credentials), each graph's Graph Store target (`default`, or
`graph=` and the escaped IRI) and the SHA-256 of its content. `--changed` compares the
build's graphs with it: a graph whose hash differs or that the store lacks is sent, a graph
the manifest lists but the build no longer has is dropped, the rest is left alone.

The manifest trusts that only `kg push` writes those graphs: a store emptied or edited by
other hands needs one full push (`kg push` without `--changed`) to be in step again. A
manifest that is missing or unreadable means a full push.

Where the build wrote its graph index (`kg.query.graph_index`), the hashes come from it,
without parsing graph.trig: an article graph's is its block's SHA-256, the default graph's
the SHA-256 of its subject blocks' names and hashes (`IndexedGraphs`), recorded with a
`b:` before them. Only the graphs sent are read and parsed. A hash recorded from parsed
content (a push without an index, or by an older kg) is checked once against the graph's
parsed content, so changing how hashes are made never re-sends what the store holds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox

from kg.query.graph_index import INDEX_NAME, Block, GraphIndex, blocks_quads, read_graph_index

MANIFEST_NAME = "push-manifest.json"
VERSION = 1

Hashes = dict[str, str]
"""Graph Store target (`default`, `graph=...`) -> SHA-256 of the graph's content."""

DEFAULT = "default"
SUBJECT = "subject="
"""Before a default-graph subject's key, in a manifest kept for SPARQL Update pushes."""
BLOCK_HASH = "b:"
"""Before a hash taken from the graph index, as opposed to one of parsed content."""


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


def graph_target(iri: str) -> str:
    """The Graph Store Protocol parameter that names the graph `iri`.

    >>> graph_target("https://w3id.org/kg/id/article/1")
    'graph=https%3A%2F%2Fw3id.org%2Fkg%2Fid%2Farticle%2F1'
    """
    return "graph=" + _quoted(iri)


def _quoted(iri: str) -> str:
    """`urllib.parse.quote(iri, safe="")`, its slow path taken once per namespace: IRIs
    share their part up to the last "/", and the rest is mostly characters left as they
    are (the quick path).

    >>> iri = "https://w3id.org/kg/id/article/a b%é"
    >>> _quoted(iri) == urllib.parse.quote(iri, safe="")
    True
    """
    head, slash, tail = iri.rpartition("/")
    return _quoted_head(head + slash) + urllib.parse.quote(tail, safe="")


@functools.lru_cache(maxsize=1024)
def _quoted_head(head: str) -> str:
    return urllib.parse.quote(head, safe="")


class Graphs(Protocol):
    """A graph file's graphs as a push reads them: targets, their hashes, their triples."""

    def targets(self) -> list[str]: ...

    def hashes(self) -> Hashes: ...

    def triples(self, target: str) -> list[ox.Triple]: ...


@dataclass(frozen=True, slots=True)
class ParsedGraphs:
    """Graphs parsed from the whole file, hashed by content (`content_hash`)."""

    graphs: Mapping[str, list[ox.Triple]]

    def targets(self) -> list[str]:
        return list(self.graphs)

    def hashes(self) -> Hashes:
        return {target: content_hash(triples) for target, triples in self.graphs.items()}

    def triples(self, target: str) -> list[ox.Triple]:
        return self.graphs[target]


@dataclass(frozen=True, slots=True)
class IndexedGraphs:
    """graph.trig's graphs as its graph index describes them: hashes from the index,
    triples parsed from a graph's blocks only when asked for.

    `trig` is graph.trig opened while the build was whole: a build publishing a new one
    meanwhile renames it over the name, and this handle still reads the old file.
    """

    index: GraphIndex
    trig: BinaryIO
    named: dict[str, Block] = field(init=False)
    default: tuple[Block, ...] = field(init=False)

    def __post_init__(self) -> None:
        named = {graph_target(b.name): b for b in self.index.blocks if b.kind == "n"}
        default = tuple(b for b in self.index.blocks if b.kind == "d")
        object.__setattr__(self, "named", named)
        object.__setattr__(self, "default", default)

    def targets(self) -> list[str]:
        return ([DEFAULT] if self.default else []) + list(self.named)

    def hashes(self) -> Hashes:
        hashes = {target: BLOCK_HASH + block.sha256 for target, block in self.named.items()}
        if self.default:
            hashes[DEFAULT] = BLOCK_HASH + default_graph_hash(self.default)
        return hashes

    def triples(self, target: str) -> list[ox.Triple]:
        blocks = self.default if target == DEFAULT else (self.named[target],)
        return [quad.triple for quad in blocks_quads(self.trig, self.index, blocks)]

    def subject_hashes(self) -> Hashes:
        """Each default-graph subject's hash, by `subject_target`."""
        return {subject_target(b.name): BLOCK_HASH + b.sha256 for b in self.default}

    def subject_triples(self, targets: Iterable[str]) -> dict[str, list[ox.Triple]]:
        """The default-graph triples of the subjects `targets` name, by target."""
        wanted = {subject_target(b.name): b for b in self.default}
        blocks = [wanted[target] for target in targets]
        found: dict[str, list[ox.Triple]] = {subject_target(b.name): [] for b in blocks}
        for quad in blocks_quads(self.trig, self.index, blocks):
            found[subject_target(quad.subject.value)].append(quad.triple)  # type: ignore[union-attr]
        return found


def subject_target(iri: str) -> str:
    """A default-graph subject's key in the manifest (not a Graph Store target).

    >>> subject_target("https://w3id.org/kg/id/actor/a")
    'subject=https%3A%2F%2Fw3id.org%2Fkg%2Fid%2Factor%2Fa'
    """
    return SUBJECT + _quoted(iri)


def subject_iri(target: str) -> str:
    """The IRI `subject_target` made `target` of.

    >>> subject_iri(subject_target("http://x/a b"))
    'http://x/a b'
    """
    return urllib.parse.unquote(target.removeprefix(SUBJECT))


@dataclass(frozen=True, slots=True)
class SubjectPlan:
    """The default graph's changes as SPARQL Updates: subjects to replace, to delete."""

    replace: tuple[str, ...]
    delete: tuple[str, ...]


def plan_subjects(
    current: Mapping[str, str], pushed: Mapping[str, str] | None
) -> SubjectPlan | None:
    """The subjects whose default-graph triples changed since the last push, when the
    manifest records the store's subjects (a push with SPARQL Update did); None when it
    records none, and the default graph must be sent whole.

    >>> plan_subjects({"subject=a": "1", "subject=b": "2"}, {"subject=a": "1", "subject=c": "3"})
    SubjectPlan(replace=('subject=b',), delete=('subject=c',))
    >>> plan_subjects({"subject=a": "1"}, {"default": "h"}) is None
    True
    """
    before = {t: h for t, h in (pushed or {}).items() if t.startswith(SUBJECT)}
    if not before:
        return None
    replace = tuple(sorted(t for t, h in current.items() if before.get(t) != h))
    delete = tuple(sorted(t for t in before if t not in current))
    return SubjectPlan(replace, delete)


def graphs_only(hashes: Mapping[str, str]) -> Hashes:
    """The manifest's graph entries, without its subject entries."""
    return {t: h for t, h in hashes.items() if not t.startswith(SUBJECT)}


def default_graph_hash(blocks: Iterable[Block]) -> str:
    """The default graph's hash from its subject blocks: their names and hashes, sorted.

    >>> one, two = Block("d", "s1", 0, 1, "a" * 64), Block("d", "s2", 1, 1, "b" * 64)
    >>> default_graph_hash([one, two]) == default_graph_hash([two, one])
    True
    """
    digest = hashlib.sha256()
    for name, sha in sorted((block.name, block.sha256) for block in blocks):
        digest.update(f"{name}\t{sha}\n".encode())
    return digest.hexdigest()


def indexed_graphs(file: Path, trig: BinaryIO) -> IndexedGraphs | None:
    """The graphs of `file` from the graph index beside it, or None (with a warning when
    there is an index that does not fit) when they must be parsed: `file` is not a build's
    graph.trig, or its index is missing, stale or malformed."""
    index_file = file.parent / INDEX_NAME
    if file.name != "graph.trig":
        return None
    digest = hashlib.sha256()
    for chunk in iter(lambda: trig.read(1 << 20), b""):
        digest.update(chunk)
    index = read_graph_index(index_file, trig_sha256=digest.hexdigest())
    return None if index is None else IndexedGraphs(index, trig)


def reconcile(
    pushed: Mapping[str, str], current: Mapping[str, str], graphs: Graphs
) -> tuple[Hashes, int]:
    """`pushed` with each hash of parsed content (recorded without an index) that the
    graph's parsed content still has replaced by its current index hash, and how many
    graphs were parsed to tell.

    >>> empty = ParsedGraphs({"graph=a": [], "graph=b": [], "graph=c": []})
    >>> pushed = {"graph=a": content_hash([]), "graph=b": "0" * 64, "graph=c": "b:x"}
    >>> known, parsed = reconcile(pushed, {"graph=a": "b:1", "graph=b": "b:2", "graph=c": "b:y"}, empty)
    >>> known["graph=a"], known["graph=b"] == pushed["graph=b"], known["graph=c"], parsed
    ('b:1', True, 'b:x', 2)
    """
    known = dict(pushed)
    parsed = 0
    for target, recorded in pushed.items():
        now = current.get(target)
        if now is None or recorded == now or recorded.startswith(BLOCK_HASH):
            continue
        parsed += 1
        if content_hash(graphs.triples(target)) == recorded:
            known[target] = now
    return known, parsed
