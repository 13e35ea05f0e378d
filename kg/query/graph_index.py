"""The graph index: where each block of a build's graph.trig lies, and its SHA-256.

A build writes `graph-index.tsv` beside `graph.trig` so that readers who want only what
changed (the persisted store, `kg push --changed`) need not parse the whole graph: they
compare block hashes and parse only the blocks that differ. Its format (UTF-8, fields
separated by a tab; IRIs hold neither tabs nor newlines, so nothing is quoted):

- line 1: `kg-graph-index`, the format version `1`, the SHA-256 of graph.trig, and the
  byte length of graph.trig's header (its `@prefix` lines, final newline included);
- then one line per block of graph.trig, in file order: kind (`d` for every triple of one
  subject in the default graph, named by that subject's IRI; `n` for a whole named graph,
  named by the graph IRI), name, offset, length and the SHA-256 of the block's bytes.

The blocks tile the file after the header, and the header followed by one block's bytes
parses, as TriG, to exactly that block's quads: Oxigraph's TriG writer puts each default
graph subject's triples in one run and each named graph in one `<g> { ... }` run.

An index that is missing, malformed, or made from another graph.trig than the one beside
it is ignored with a warning (`read_graph_index` gives None); callers then read the whole
file, as they did before there was an index. `index_from_trig` computes the same index
from graph.trig's bytes, without parsing RDF.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import pyoxigraph as ox

log = logging.getLogger(__name__)

INDEX_NAME = "graph-index.tsv"
MAGIC = "kg-graph-index"
VERSION = "1"

Kind = Literal["d", "n"]
BlockKey = tuple[str, str]
"""(kind, name): what a block is, whatever its bytes."""

_HEX64 = re.compile(r"[0-9a-f]{64}")
_BLOCK_LINE = re.compile(r"([dn])\t([^\t]+)\t([0-9]+)\t([0-9]+)\t([0-9a-f]{64})")
_PREFIX_LINE = re.compile(rb"@prefix[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>\n]*)>[ \t]*\.[ \t]*\r?\n")
_TOP_LEVEL_LINE = re.compile(rb"^[^\t \n][^\n]*", re.MULTILINE)
"""A line that is not indented: a block's first line, or the `}` closing a named graph."""
_GRAPH_OPEN = re.compile(rb"(\S+) \{")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of graph.trig: a default-graph subject's triples or a named graph."""

    kind: Kind
    name: str
    offset: int
    length: int
    sha256: str

    @property
    def key(self) -> BlockKey:
        return (self.kind, self.name)

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass(frozen=True, slots=True)
class GraphIndex:
    """graph.trig's header length, its SHA-256, and its blocks in file order."""

    header_length: int
    trig_sha256: str
    blocks: tuple[Block, ...]

    def shas(self) -> dict[BlockKey, str]:
        """Each block's SHA-256 by (kind, name)."""
        return {block.key: block.sha256 for block in self.blocks}


@dataclass(frozen=True, slots=True)
class IndexDiff:
    """How one index's blocks differ from an earlier one's: blocks new or whose bytes
    changed (in file order), and the keys of blocks gone."""

    changed: tuple[Block, ...]
    removed: tuple[BlockKey, ...]


def diff_index(before: Mapping[BlockKey, str], after: GraphIndex) -> IndexDiff:
    """The blocks of `after` that `before` (block key -> SHA-256) lacks or hashed
    otherwise, and the keys `before` has that `after` lacks.

    >>> old = {("d", "s1"): "a", ("n", "g1"): "b", ("n", "g2"): "c"}
    >>> new = GraphIndex(0, "", (Block("d", "s1", 0, 1, "a"), Block("n", "g1", 1, 1, "x")))
    >>> diff = diff_index(old, new)
    >>> [block.name for block in diff.changed], diff.removed
    (['g1'], (('n', 'g2'),))
    """
    changed = tuple(block for block in after.blocks if before.get(block.key) != block.sha256)
    present = {block.key for block in after.blocks}
    removed = tuple(key for key in before if key not in present)
    return IndexDiff(changed, removed)


def format_index(index: GraphIndex) -> str:
    """The index as graph-index.tsv holds it.

    >>> format_index(GraphIndex(3, "f" * 4, (Block("n", "http://x/g", 3, 9, "e" * 4),)))
    'kg-graph-index\\t1\\tffff\\t3\\nn\\thttp://x/g\\t3\\t9\\teeee\\n'
    """
    lines = [f"{MAGIC}\t{VERSION}\t{index.trig_sha256}\t{index.header_length}"]
    lines.extend(f"{b.kind}\t{b.name}\t{b.offset}\t{b.length}\t{b.sha256}" for b in index.blocks)
    return "\n".join(lines) + "\n"


def parse_index(text: str, *, file_size: int | None = None) -> GraphIndex:
    """Read graph-index.tsv's text; with `file_size`, also check the blocks end there.

    Raises:
        ValueError: saying what is malformed.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise ValueError("empty")
    head = lines[0].split("\t")
    if len(head) != 4 or head[0] != MAGIC:
        raise ValueError("not a graph index (first line)")
    if head[1] != VERSION:
        raise ValueError(f"format version {head[1]!r}, not {VERSION}")
    if not _HEX64.fullmatch(head[2]) or not head[3].isdigit():
        raise ValueError("malformed first line")
    header_length = int(head[3])
    blocks = tuple(_parse_block(number, line) for number, line in enumerate(lines[1:], 2))
    _check_tiling(header_length, blocks, file_size)
    return GraphIndex(header_length, head[2], blocks)


def _parse_block(number: int, line: str) -> Block:
    match = _BLOCK_LINE.fullmatch(line)
    if match is None:
        raise ValueError(f"line {number}: not kind, name, offset, length and sha256")
    kind, name, offset, length, sha = match.groups()
    return Block(kind, name, int(offset), int(length), sha)  # type: ignore[arg-type]


def _check_tiling(header_length: int, blocks: tuple[Block, ...], file_size: int | None) -> None:
    end = header_length
    seen: set[BlockKey] = set()
    for block in blocks:
        if block.offset != end or block.length == 0:
            raise ValueError(f"block {block.name} does not start where the previous ends")
        if block.key in seen:
            raise ValueError(f"block {block.name} listed twice")
        seen.add(block.key)
        end = block.end
    if file_size is not None and end != file_size:
        raise ValueError(f"blocks end at byte {end}, graph.trig at {file_size}")


def read_graph_index(path: Path, *, trig_sha256: str | None = None) -> GraphIndex | None:
    """The index at `path` if it describes the graph.trig beside it, else None, with a
    one-line warning naming the file and the reason.

    `trig_sha256`, when the caller already knows graph.trig's SHA-256, saves hashing it.
    """
    trig = path.parent / "graph.trig"
    try:
        text = path.read_text(encoding="utf-8")
        size = trig.stat().st_size
        index = parse_index(text, file_size=size)
        actual = trig_sha256 if trig_sha256 is not None else file_sha256(trig)
    except FileNotFoundError as exc:
        gone = "no graph.trig beside it" if exc.filename == str(trig) else "no such file"
        return _ignored(path, gone)
    except OSError as exc:
        return _ignored(path, f"unreadable ({exc.strerror or exc})")
    except (ValueError, UnicodeDecodeError) as exc:
        return _ignored(path, f"malformed ({exc})")
    if index.trig_sha256 != actual:
        return _ignored(path, "made from another graph.trig (sha256 differs)")
    return index


def _ignored(path: Path, reason: str) -> GraphIndex | None:
    """None, once the warning is logged."""
    log.warning("%s: %s; reading the whole graph.trig instead", path, reason)
    return None


def write_graph_index(path: Path, index: GraphIndex) -> None:
    """Write `index` to `path` (tests and the benchmark; the build writes its own)."""
    path.write_text(format_index(index), encoding="utf-8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def index_from_trig(data: bytes) -> GraphIndex:
    """The index of graph.trig's bytes, found by scanning its lines (no RDF parsing).

    It expects Oxigraph's layout: `@prefix` lines, then top-level lines that each open a
    block (`<s> <p> <o> ;` or `<g> {`), continued by indented lines, a named graph closed
    by a line `}`. Prefixed names are expanded with the header's prefixes.

    >>> trig = (b"@prefix ex: <http://x/> .\\n<http://x/a> ex:p 1 ;\\n\\tex:q 2 .\\n"
    ...         b"ex:b ex:p 3 .\\n<http://x/g> {\\n\\t<http://x/a> ex:p 4 .\\n}\\n")
    >>> [(b.kind, b.name, b.offset, b.length) for b in index_from_trig(trig).blocks]
    [('d', 'http://x/a', 26, 32), ('d', 'http://x/b', 58, 14), ('n', 'http://x/g', 72, 40)]

    Raises:
        ValueError: if the bytes are not laid out so (a hand-written file, say).
    """
    prefixes: dict[bytes, str] = {}
    header_length = 0
    for match in _PREFIX_LINE.finditer(data):
        if match.start() != header_length:
            break
        prefixes[match.group(1) or b""] = match.group(2).decode("utf-8")
        header_length = match.end()
    starts: list[tuple[Kind, str, int]] = []
    in_graph = False
    expected: int | None = header_length  # the first top-level line follows the header
    for line in _TOP_LEVEL_LINE.finditer(data, header_length):
        text = line.group().rstrip(b"\r")
        if expected is not None and line.start() != expected:
            raise ValueError(f"byte {expected}: no block starts here (not Oxigraph's layout)")
        expected = None
        if in_graph:
            if text != b"}":
                raise ValueError(f"byte {line.start()}: unindented line inside a named graph")
            in_graph = False
            continue
        opened = _GRAPH_OPEN.fullmatch(text)
        term = opened.group(1) if opened else text.split(None, 1)[0]
        starts.append(("n" if opened else "d", _expand(term, prefixes, line.start()), line.start()))
        in_graph = opened is not None
    if in_graph:
        raise ValueError("the last named graph is not closed")
    if expected is not None and expected != len(data):
        raise ValueError(f"byte {expected}: no block starts here (not Oxigraph's layout)")
    ends = [offset for _, _, offset in starts[1:]] + [len(data)]
    blocks = tuple(
        Block(kind, name, offset, end - offset, hashlib.sha256(data[offset:end]).hexdigest())
        for (kind, name, offset), end in zip(starts, ends, strict=True)
    )
    _check_tiling(header_length, blocks, len(data))
    return GraphIndex(header_length, hashlib.sha256(data).hexdigest(), blocks)


def _expand(term: bytes, prefixes: Mapping[bytes, str], position: int) -> str:
    """A subject or graph name as written (`<iri>` or `prefix:local`) -> its IRI."""
    if term.startswith(b"<") and term.endswith(b">"):
        return term[1:-1].decode("utf-8")
    prefix, colon, local = term.partition(b":")
    if colon and prefix in prefixes and not term.startswith(b"_:"):
        return prefixes[prefix] + local.decode("utf-8")
    raise ValueError(f"byte {position}: a block named {term[:80]!r}, not an IRI")


def read_block(trig: bytes | BinaryIO, block: Block) -> bytes:
    """A block's bytes from graph.trig's bytes or an open graph.trig."""
    if isinstance(trig, bytes):
        return trig[block.offset : block.end]
    trig.seek(block.offset)
    return trig.read(block.length)


def read_header(trig: bytes | BinaryIO, index: GraphIndex) -> bytes:
    if isinstance(trig, bytes):
        return trig[: index.header_length]
    trig.seek(0)
    return trig.read(index.header_length)


def block_quads(trig: bytes | BinaryIO, index: GraphIndex, block: Block) -> list[ox.Quad]:
    """The quads of one block: the header and the block's bytes, parsed as TriG.

    Raises:
        ValueError: if the block holds quads that are not its own (another subject or
            graph, a blank node): the index does not fit the file.
    """
    return blocks_quads(trig, index, [block])


def blocks_quads(
    trig: bytes | BinaryIO, index: GraphIndex, blocks: Iterable[Block]
) -> list[ox.Quad]:
    """The quads of several blocks, parsed at once (see `block_quads`).

    Raises:
        ValueError: as `block_quads`.
    """
    chosen = list(blocks)
    data = read_header(trig, index) + b"".join(read_block(trig, block) for block in chosen)
    try:
        quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise ValueError(f"a block is not valid TriG: {exc}".splitlines()[0]) from exc
    _check_ownership(quads, {block.key for block in chosen})
    return quads


def _check_ownership(quads: list[ox.Quad], keys: set[BlockKey]) -> None:
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.DefaultGraph):
            key: BlockKey = ("d", getattr(quad.subject, "value", ""))
            if not isinstance(quad.subject, ox.NamedNode):
                key = ("d", "")
        else:
            key = ("n", graph.value if isinstance(graph, ox.NamedNode) else "")
        if key not in keys or _has_blank_node(quad):
            raise ValueError(f"a block holds a quad of another block: {quad}")


def _has_blank_node(quad: ox.Quad) -> bool:
    return any(
        isinstance(term, ox.BlankNode) for term in (quad.subject, quad.object, quad.graph_name)
    )
