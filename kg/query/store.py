"""Where queries run: pyoxigraph, the one query engine, with rdflib's API on top for notebooks.

A build folder gets a persisted Oxigraph store at `out/store/`, loaded from
`out/graph.trig` and rebuilt whenever that file changes (its sha256 is kept in
`out/store/graph.trig.sha256`). Opening it again costs milliseconds, whatever the size
of the graph. A single RDF file is loaded into memory instead.

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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pyoxigraph as ox

from kg.errors import QueryError
from kg.outdir import read_build

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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def refresh_store(out_dir: Path) -> Path:
    """Make `out_dir/store/` hold exactly `out_dir/graph.trig`; return the store's folder.

    Nothing is done while graph.trig is older than the store's stamp or has the recorded
    sha256, and the stamp names the current layout. Otherwise a new store is bulk-loaded
    beside the old one and swapped in, under a lock, so a concurrent reader never sees half
    a store.

    Raises:
        QueryError: if there is no graph.trig, or it is not valid TriG.
    """
    trig = out_dir / "graph.trig"
    if not trig.is_file():
        raise QueryError(str(out_dir), "no graph.trig here; run `kg build` first")
    store_dir = out_dir / STORE_DIR
    if _is_fresh(store_dir / STAMP, trig, touch=False):
        return store_dir  # a store is swapped in whole, so a fresh stamp needs no lock
    try:
        with _locked(out_dir):
            if not _is_fresh(store_dir / STAMP, trig, touch=True):
                _rebuild(out_dir, store_dir, trig)
    except OSError as exc:
        raise StoreUnwritable(
            str(out_dir), f"cannot write its store: {exc.strerror or exc}"
        ) from exc
    return store_dir


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


def _rebuild(out_dir: Path, store_dir: Path, trig: Path) -> None:
    """Bulk-load graph.trig into a new store beside the old one and swap it in."""
    digest = file_sha256(trig)
    log.info("loading %s into %s", trig, store_dir)
    staging = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    try:
        _bulk_load(staging, trig)
        (staging / STAMP).write_text(f"{digest} {LAYOUT}\n", encoding="utf-8")
        retired = out_dir / f".store-old-{os.getpid()}"
        if store_dir.exists():
            os.replace(store_dir, retired)
        os.replace(staging, store_dir)
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
