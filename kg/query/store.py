"""Where queries run: pyoxigraph, the one query engine, with rdflib's API on top for notebooks.

A build folder gets a persisted Oxigraph store at `out/store/`, loaded from
`out/graph.trig` and brought up to date whenever that file changes (its sha256 is kept in
`out/store/graph.trig.sha256`). Opening it again costs milliseconds, whatever the size
of the graph. A single RDF file is loaded into memory instead.

A change costs what changed: with the build's graph index (`kg.query.graph_index`) the
store replaces only the blocks of graph.trig whose hash differs from those it was made
from (`out/store/applied-index.tsv`), in a hard-linked copy swapped in whole; see
`sync_store`.

Either way, queries see the union of the default graph (actors, edge summaries) and every
article's named graph (its metadata, edges and statement records), as SPEC §5 lays out,
and see it as a set, as the SPARQL spec's merge does: see `OxigraphGraph`.

`as_rdflib` wraps a loaded graph in an rdflib Dataset (the oxrdflib store): what `kg.load`
hands a notebook, with the pyoxigraph graph still at hand for `run_query`.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias

import pyoxigraph as ox

from kg.errors import QueryError
from kg.outdir import read_build
from kg.query.graph_index import (
    INDEX_NAME,
    BlockKey,
    GraphIndex,
    IndexDiff,
    blocks_quads,
    diff_index,
    file_sha256,
    index_from_trig,
    read_graph_index,
    read_header,
)

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, eq=False)
class OxigraphGraph:
    """A graph on pyoxigraph, kept twice: as the file has it, and as the union queries see.

    Queries see the union of the default graph and the article graphs (SPEC §5). Oxigraph's
    own union mode (`use_default_graph_as_union`) keeps a triple once per graph that holds
    it: a relation three articles state comes out three times, where rdflib and the SPARQL
    spec's merge have it once. Its memory store also finds a subject's triples by walking
    its quads in every graph, so a hub that recurs in thousands of articles makes every
    lookup on it slow. Hence two stores:

    - `union` holds that union, each triple once, in its default graph. Queries that name no
      graphs, nearly all of them, run there.
    - `dataset` holds the graphs as the file has them, for queries that name graphs (GRAPH,
      FROM, a protocol dataset) and readers of quads (JSON-LD export, rdflib's API). There
      the default graph is Oxigraph's union, so such a query can see a triple once per
      graph that states it.

    A file of triples only (Turtle, N-Triples, RDF/XML) has no graphs to merge: both are the
    same store.
    """

    union: ox.Store
    dataset: ox.Store
    location: str | None = None
    """The persisted store's folder, where the graph is one (`open_store`)."""

    def __len__(self) -> int:
        """How many quads the graph has, as the file has them."""
        return len(self.dataset)


Source: TypeAlias = "OxigraphGraph | ox.Store | Graph"
"""A loaded graph that queries run on: kg's pyoxigraph graph, a plain pyoxigraph Store (its
union mode is used), or an rdflib Graph/Dataset: what `kg.load` returned (pyoxigraph
underneath), or any other, copied into pyoxigraph to be queried."""

STORE_DIR = "store"
STAMP = "graph.trig.sha256"
LAYOUT = "dataset+union"
"""Written after the sha256 in the stamp: a store laid out otherwise is rebuilt."""
DATASET_DIR, UNION_DIR = "dataset", "union"
APPLIED = "applied-index.tsv"
"""In the store's folder: the blocks of the graph.trig it holds, for the next update."""
APPLIED_MAGIC = "kg-applied-index"
IN_PLACE_SHARE = 0.2
"""An update replacing more than this share of graph.trig's bytes reloads it instead:
quads replaced one by one cost more each than a bulk load's. On AG News (7,500 articles,
on a loaded machine) replacing 29% of the bytes in place took 4.8-5.7 s against a reload's
6.5-7.3 s, but 32% (a third of the article graphs) took 13 s against 9 s; a share of a
few per cent (a feed's articles and the summaries they touch) takes seconds where a
reload takes minutes (bench/store_update_bench.py, docs/scale.md)."""

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
"""Graph file suffix -> its format."""


def graph_file(path: Path) -> Path:
    """The RDF file behind `path`: the file itself, or a build folder's graph.trig.

    Raises:
        QueryError: if there is no such file, or its suffix is not an RDF format.
    """
    if path.is_dir():
        for name in ("graph.trig", "graph.ttl"):
            if (path / name).is_file():
                return path / name
        raise QueryError(str(path), "no graph.trig or graph.ttl here; run `kg build` first")
    if not path.is_file():
        raise QueryError(str(path), "no such graph file or build folder")
    if path.suffix.lower() not in RDF_FORMATS:
        known = ", ".join(sorted(RDF_FORMATS))
        raise QueryError(str(path), f"not a graph file (expected one of {known})")
    return path


How = Literal["fresh", "updated", "loaded"]


@dataclass(frozen=True, slots=True)
class StoreSync:
    """What `sync_store` did: nothing (`fresh`), replaced the changed blocks (`updated`),
    or bulk-loaded the whole graph.trig (`loaded`); and the store's folder."""

    folder: Path
    how: How
    changed: int = 0
    removed: int = 0


def refresh_store(out_dir: Path) -> Path:
    """Make `out_dir/store/` hold exactly `out_dir/graph.trig`; return the store's folder
    (see `sync_store`).

    Raises:
        QueryError: if there is no graph.trig, or it is not valid TriG.
    """
    return sync_store(out_dir).folder


def sync_store(out_dir: Path) -> StoreSync:
    """Make `out_dir/store/` hold exactly `out_dir/graph.trig`, and say how.

    Nothing is done while graph.trig is older than the store's stamp or has the recorded
    sha256, and the stamp names the current layout. Otherwise, when the build's graph
    index and the store's applied index allow it, the store is updated in place: only the
    blocks whose hash changed are replaced (`_update_in_place`); else, or if that fails,
    a new store is bulk-loaded. Either way the new store is made beside the old one and
    swapped in under a lock, so a concurrent reader never sees half a store.

    Raises:
        QueryError: if there is no graph.trig, or it is not valid TriG.
    """
    trig = out_dir / "graph.trig"
    if not trig.is_file():
        raise QueryError(str(out_dir), "no graph.trig here; run `kg build` first")
    store_dir = out_dir / STORE_DIR
    if _is_fresh(store_dir / STAMP, trig, touch=False):
        return StoreSync(store_dir, "fresh")  # a store is swapped in whole: no lock needed
    try:
        with _locked(out_dir):
            if _is_fresh(store_dir / STAMP, trig, touch=True):
                return StoreSync(store_dir, "fresh")
            return _bring_up_to_date(out_dir, store_dir, trig)
    except OSError as exc:
        raise StoreUnwritable(
            str(out_dir), f"cannot write its store: {exc.strerror or exc}"
        ) from exc


class StoreUnwritable(QueryError):
    """A build folder's store is missing or out of date, and the folder cannot be written."""


def _is_fresh(stamp: Path, trig: Path, *, touch: bool) -> bool:
    """Whether the store's stamp records the current layout and graph.trig's content."""
    recorded = _read_stamp(stamp)
    if recorded is None or recorded[1] != LAYOUT:
        return False
    if stamp.stat().st_mtime >= trig.stat().st_mtime:
        return True
    if recorded[0] != file_sha256(trig):
        return False
    if touch:
        os.utime(stamp)
    return True


def _bring_up_to_date(out_dir: Path, store_dir: Path, trig: Path) -> StoreSync:
    """Update the store in place if its applied index and the build's index allow it,
    else (or if the update fails) bulk-load graph.trig."""
    with trig.open("rb") as handle:  # one file throughout, whatever a build publishes
        digest = _handle_sha256(handle)
        index = _graph_index(out_dir, handle, digest)
        diff = _in_place_diff(store_dir, handle, index)
        if index is not None and diff is not None:
            try:
                _update_in_place(out_dir, store_dir, handle, index, diff, digest)
            except (OSError, ValueError, SyntaxError) as exc:
                log.warning(
                    "%s: updating the store in place failed (%s); reloading graph.trig",
                    store_dir,
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                )
            else:
                log.info(
                    "updated %s in place: %d blocks replaced, %d removed",
                    store_dir,
                    len(diff.changed),
                    len(diff.removed),
                )
                return StoreSync(store_dir, "updated", len(diff.changed), len(diff.removed))
        _rebuild(out_dir, store_dir, trig, handle, digest, index)
    return StoreSync(store_dir, "loaded")


def _handle_sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _graph_index(out_dir: Path, trig: BinaryIO, digest: str) -> GraphIndex | None:
    """The build's graph index; without one, graph.trig's own, scanned (a fraction of a
    load's cost), or None if graph.trig is not laid out as Oxigraph writes it."""
    path = out_dir / INDEX_NAME
    if path.exists():
        return read_graph_index(path, trig_sha256=digest)
    trig.seek(0)
    try:
        index = index_from_trig(trig.read())
    except ValueError as exc:
        log.info("%s: no graph index (%s); the store is reloaded whole", out_dir, exc)
        return None
    return index if index.trig_sha256 == digest else None


def _in_place_diff(store_dir: Path, trig: BinaryIO, index: GraphIndex | None) -> IndexDiff | None:
    """What an in-place update would replace, or None when the store must be reloaded: no
    index, no store or none made from an index, another header, or too much changed."""
    stamp = _read_stamp(store_dir / STAMP)
    if index is None or stamp is None or stamp[1] != LAYOUT:
        return None
    applied = read_applied(store_dir / APPLIED)
    if applied is None or applied[0] != stamp[0]:
        return None
    header_sha, before = applied[1], applied[2]
    if header_sha != hashlib.sha256(read_header(trig, index)).hexdigest():
        return None  # other prefixes: the same block bytes may mean other IRIs
    diff = diff_index(before, index)
    size = index.blocks[-1].end if index.blocks else index.header_length
    if sum(block.length for block in diff.changed) > IN_PLACE_SHARE * size:
        return None
    return diff


def _update_in_place(
    out_dir: Path,
    store_dir: Path,
    trig: BinaryIO,
    index: GraphIndex,
    diff: IndexDiff,
    digest: str,
) -> None:
    """Apply `diff` to a copy of the store and swap the copy in.

    The copy is RocksDB's checkpoint (`Store.backup`): hard links to the store's immutable
    files, made in milliseconds whatever the store's size. Readers keep the store they
    opened, exactly as after a reload; one that opens later gets the updated one. Writing
    into the live store instead would let a reader see half an update, as Oxigraph's
    transactions cover one call each.
    """
    staging = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    try:
        for part in (DATASET_DIR, UNION_DIR):
            live = ox.Store.read_only(str(store_dir / part))
            live.backup(str(staging / part))
            del live
        dataset = ox.Store(str(staging / DATASET_DIR))
        union = ox.Store(str(staging / UNION_DIR))
        try:
            apply_diff(dataset, union, blocks_quads(trig, index, diff.changed), diff)
            dataset.flush()
            union.flush()
        finally:
            del dataset, union
        _stamp(staging, trig, index, digest)
        _swap_in(out_dir, staging, store_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def apply_diff(
    dataset: ox.Store, union: ox.Store, new_quads: list[ox.Quad], diff: IndexDiff
) -> None:
    """Replace the blocks `diff` names: their old quads out of `dataset`, `new_quads` (the
    changed blocks' quads) in; `union` kept the set union of every graph's triples.

    A triple leaves the union only when no graph of the dataset still holds it: another
    article may state it too.

    >>> from kg.query.graph_index import Block
    >>> a, p, g = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/g")
    >>> dataset, union = ox.Store(), ox.Store()
    >>> old = [ox.Quad(a, p, ox.Literal("1")), ox.Quad(a, p, ox.Literal("2"), g)]
    >>> dataset.extend(old); union.extend(ox.Quad(*q.triple) for q in old)
    >>> apply_diff(dataset, union, [ox.Quad(a, p, ox.Literal("2"))], IndexDiff(
    ...     (Block("d", "http://x/a", 0, 1, ""),), (("n", "http://x/g"),)))
    >>> sorted(q.object.value for q in union), len(dataset)
    (['2'], 1)
    """
    incoming: dict[BlockKey, set[ox.Quad]] = defaultdict(set)
    for quad in new_quads:
        incoming[_block_of(quad)].add(quad)
    added: list[ox.Quad] = []
    leaving: set[ox.Triple] = set()
    for key in [*(block.key for block in diff.changed), *diff.removed]:
        held = _quads_of_block(dataset, key)
        wanted = incoming.get(key, set())
        for quad in held - wanted:  # a quad both versions hold stays: no write
            dataset.remove(quad)
            leaving.add(quad.triple)
        added.extend(wanted - held)
    for kind, name in diff.removed:
        if kind == "n":
            dataset.remove_graph(ox.NamedNode(name))  # its name too, as a fresh load has it
    dataset.extend(added)
    union.extend(ox.Quad(q.subject, q.predicate, q.object) for q in added)
    leaving.difference_update(q.triple for q in added)  # back in: no lookup needed
    for triple in leaving:
        s, p, o = triple.subject, triple.predicate, triple.object
        if not any(q.object == o for q in dataset.quads_for_pattern(s, p, o, None)):
            union.remove(ox.Quad(s, p, o))


def _block_of(quad: ox.Quad) -> BlockKey:
    """The key of the block of graph.trig that holds `quad`."""
    graph = quad.graph_name
    if isinstance(graph, ox.DefaultGraph):
        return ("d", getattr(quad.subject, "value", ""))
    return ("n", graph.value)


def _quads_of_block(dataset: ox.Store, key: BlockKey) -> set[ox.Quad]:
    """The quads `dataset` holds of one block of graph.trig.

    Matches are checked again here: pyoxigraph 0.5.13's on-disk `quads_for_pattern` can
    return a quad whose object differs from the pattern's (seen with integer literals).
    """
    kind, name = key
    node = ox.NamedNode(name)
    if kind == "n":
        return {
            q for q in dataset.quads_for_pattern(None, None, None, node) if q.graph_name == node
        }
    return {
        q
        for q in dataset.quads_for_pattern(node, None, None, ox.DefaultGraph())
        if q.subject == node and isinstance(q.graph_name, ox.DefaultGraph)
    }


def _rebuild(
    out_dir: Path,
    store_dir: Path,
    trig: Path,
    handle: BinaryIO,
    digest: str,
    index: GraphIndex | None,
) -> None:
    """Bulk-load graph.trig into a new store beside the old one and swap it in.

    `handle` is graph.trig as `digest` and `index` describe it; if a build published
    another one meanwhile, the store keeps no applied index, so the next change reloads
    it rather than patch a store that holds other blocks than it says.
    """
    log.info("loading %s into %s", trig, store_dir)
    staging = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    try:
        _bulk_load(staging, trig)
        same = os.stat(trig).st_ino == os.fstat(handle.fileno()).st_ino
        _stamp(staging, handle, index if same else None, digest)
        _swap_in(out_dir, staging, store_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stamp(staging: Path, trig: BinaryIO, index: GraphIndex | None, digest: str) -> None:
    """Record, in a new store, the graph.trig it holds and (when known) its blocks."""
    if index is not None:
        header_sha = hashlib.sha256(read_header(trig, index)).hexdigest()
        write_applied(staging / APPLIED, digest, header_sha, index)
    (staging / STAMP).write_text(f"{digest} {LAYOUT}\n", encoding="utf-8")


def _swap_in(out_dir: Path, staging: Path, store_dir: Path) -> None:
    retired = out_dir / f".store-old-{os.getpid()}"
    if store_dir.exists():
        os.replace(store_dir, retired)
    os.replace(staging, store_dir)
    shutil.rmtree(retired, ignore_errors=True)


def write_applied(path: Path, digest: str, header_sha: str, index: GraphIndex) -> None:
    """The applied index: graph.trig's sha256, its header's, then each block's key and
    sha256 (offsets are the next graph.trig's business)."""
    lines = [f"{APPLIED_MAGIC}\t1\t{digest}\t{header_sha}"]
    lines.extend(f"{b.kind}\t{b.name}\t{b.sha256}" for b in index.blocks)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_applied(path: Path) -> tuple[str, str, dict[BlockKey, str]] | None:
    """graph.trig's sha256, its header's, and the block hashes a store was made from; None
    when the store keeps no readable applied index."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    head = lines[0].split("\t") if lines else []
    if len(head) != 4 or head[:2] != [APPLIED_MAGIC, "1"]:
        return None
    blocks: dict[BlockKey, str] = {}
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != 3:
            return None
        blocks[(fields[0], fields[1])] = fields[2]
    return head[2], head[3], blocks


def _read_stamp(stamp: Path) -> tuple[str, str] | None:
    """The sha256 and layout a store's stamp records (layout "" for a stamp without one)."""
    try:
        fields = stamp.read_text(encoding="utf-8").split()
    except OSError:
        return None
    if not fields:
        return None
    return fields[0], " ".join(fields[1:])


def _bulk_load(folder: Path, trig: Path) -> None:
    dataset = ox.Store(str(folder / DATASET_DIR))
    union = ox.Store(str(folder / UNION_DIR))
    try:
        _fill(dataset, union, trig, ox.RdfFormat.TRIG, _compact)
    except SyntaxError as exc:
        raise QueryError(str(trig), f"not valid TriG: {exc}".splitlines()[0]) from exc
    finally:
        del dataset, union  # closes the RocksDB instances and releases their locks


def _compact(store: ox.Store) -> None:
    store.optimize()  # compacts the bulk-loaded files: index lookups get about twice as fast
    store.flush()


def _fill(
    dataset: ox.Store,
    union: ox.Store,
    file: Path,
    fmt: ox.RdfFormat,
    then: Callable[[ox.Store], None] = lambda store: None,
) -> None:
    """Load the quads of `file` into `dataset` and its triples, once each, into `union`.

    Oxigraph loads `dataset` on a thread of its own, without the GIL, while this thread
    feeds `union` the parsed quads stripped of their graph names: on two cores the pair
    takes about as long as the slower, the union (its quads pass through Python). `then`
    finishes each store once it is full.
    """

    def load_dataset() -> None:
        dataset.bulk_load(path=str(file), format=fmt)
        then(dataset)

    with ThreadPoolExecutor(1, thread_name_prefix="kg-load") as pool:
        loading = pool.submit(load_dataset)
        union.bulk_extend(ox.Quad(*quad.triple) for quad in ox.parse(path=str(file), format=fmt))
        then(union)
        loading.result()


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    with (out_dir / ".store.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_store(out_dir: Path | str) -> OxigraphGraph:
    """Open the build folder's persisted store read-only, (re)loading it first if needed.

    Raises:
        QueryError: if there is no graph.trig, or the store cannot be opened.
    """
    return open_read_only(refresh_store(Path(out_dir)))


def open_read_only(store_dir: Path | str) -> OxigraphGraph:
    """Open a persisted store's two halves read-only, as they are.

    Raises:
        QueryError: if the store cannot be opened.
    """
    folder = Path(store_dir)
    try:
        return OxigraphGraph(
            union=ox.Store.read_only(str(folder / UNION_DIR)),
            dataset=ox.Store.read_only(str(folder / DATASET_DIR)),
            location=str(folder),
        )
    except OSError as exc:
        raise QueryError(str(folder), f"cannot open the store: {exc}") from exc


def reopener(source: Source) -> Callable[[], Source] | None:
    """A function that opens `source` anew (a persisted store), or None for a graph held in
    memory. Query worker processes use it to get handles of their own."""
    location = source.location if isinstance(source, OxigraphGraph) else None
    if location is None:
        return None
    return functools.partial(open_read_only, location)


def load_store(path: Path | str) -> OxigraphGraph:
    """Load one RDF file into pyoxigraph, in memory.

    Raises:
        QueryError: if the file is missing or not valid RDF of its suffix's format.
    """
    file = graph_file(Path(path))
    fmt = RDF_FORMATS[file.suffix.lower()]
    dataset = ox.Store()
    try:
        if fmt.supports_datasets:
            union = ox.Store()
            _fill(dataset, union, file, fmt)
            return OxigraphGraph(union=union, dataset=dataset)
        dataset.bulk_load(path=str(file), format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(str(file), f"not readable RDF: {exc}".splitlines()[0]) from exc
    return OxigraphGraph(union=dataset, dataset=dataset)


def load_source(path: Path | str, *, memory: bool = False) -> OxigraphGraph:
    """Load `path` for querying: a build folder opens its persisted store unless `memory`
    asks for its graph.trig in memory; a file is read into memory.

    Raises:
        QueryError: if the path holds no readable graph.
    """
    folder = Path(path)
    with read_build(folder):  # a whole build: never read while a build is publishing
        if not memory and folder.is_dir() and (folder / "graph.trig").is_file():
            try:
                return open_store(folder)
            except StoreUnwritable as exc:
                log.warning("%s; reading graph.trig into memory instead", exc)
        return load_store(folder)


def oxigraph_of(source: Source) -> OxigraphGraph | ox.Store:
    """The pyoxigraph graph behind `source`: itself, what `as_rdflib` wrapped, or, for any
    other rdflib graph, a copy in memory (its named graphs kept)."""
    if isinstance(source, OxigraphGraph | ox.Store):
        return source
    found = getattr(getattr(source, "store", None), "oxigraph", None)
    if isinstance(found, OxigraphGraph | ox.Store):
        return found
    return _copy_rdflib(source)


def _copy_rdflib(graph: Graph) -> OxigraphGraph:
    """An rdflib graph's triples in pyoxigraph, in memory; a Dataset's named graphs kept."""
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if not isinstance(graph, Dataset):
        store = ox.Store()
        store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph)
        return OxigraphGraph(union=store, dataset=store)
    dataset, union = ox.Store(), ox.Store()
    for part in graph.graphs():
        named = part.identifier != DATASET_DEFAULT_GRAPH_ID
        name = _ox(part.identifier) if named else ox.DefaultGraph()
        triples = [(_ox(s), _ox(p), _ox(o)) for s, p, o in part]
        dataset.bulk_extend(ox.Quad(s, p, o, name) for s, p, o in triples)
        union.bulk_extend(ox.Quad(s, p, o) for s, p, o in triples)
    return OxigraphGraph(union=union, dataset=dataset)


def _ox(term: Node) -> Any:
    """An rdflib term as pyoxigraph's."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError("graph", f"cannot query a graph holding {type(term).__name__} terms")


def as_rdflib(graph: OxigraphGraph | ox.Store) -> Dataset:
    """`graph` behind rdflib's API: a Dataset on oxrdflib's store over the graph's quads,
    whose default graph is the union of all graphs. The store keeps `graph` as `oxigraph`,
    so `run_query` finds it and queries it directly, without rdflib.

    >>> dataset = as_rdflib(ox.Store())
    >>> len(dataset), dataset.store.oxigraph is not None
    (0, True)
    """
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from kg.graph.build import bind_prefixes

    store = OxigraphStore(store=graph.dataset if isinstance(graph, OxigraphGraph) else graph)
    store.oxigraph = graph  # type: ignore[attr-defined]
    dataset = Dataset(store=store, default_union=True)
    bind_prefixes(dataset)
    return dataset
