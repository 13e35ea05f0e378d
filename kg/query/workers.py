"""Queries run in worker processes that can be stopped: a query past its time limit is
killed, not abandoned, so it cannot keep a core busy after its client has given up.

Oxigraph cannot interrupt a query: a sort, an aggregate or a cross product runs to its end
inside one call. A thread that runs it can only be abandoned, and a few such queries hold
the machine's cores for minutes. So each query runs in a process of its own, and a process
past its deadline gets SIGKILL.

The processes come from a *zygote*: a small process forked once, when the pool starts, that
holds the loaded graph and does nothing but fork workers on request. A worker shares the
graph with it copy-on-write, so starting one costs a fork (milliseconds), whatever the size
of the graph, and never forks the serving process, whose threads may hold locks. Each worker
has a socket pair to the pool; the zygote receives the worker's end over a Unix socket
(SCM_RIGHTS). Zygote and workers die with their parent (PR_SET_PDEATHSIG on Linux; on EOF of
their socket elsewhere), ignore Ctrl-C (the serving process handles it), and each worker may
use at most `memory` bytes beyond what it started with (RLIMIT_AS): a query that would need
more dies, and its client is told so.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import faulthandler
import logging
import os
import resource
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from kg.errors import QueryError, QueryTimeout, one_line
from kg.query.sparql import run_query

if TYPE_CHECKING:
    from kg.query.results import Result
    from kg.query.store import Source

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1
_DIED = "the query engine stopped on this query (out of memory, or it crashed); try a smaller one"
_KILL_GRACE = 0.25
"""Seconds past its deadline a worker gets to notice the deadline itself (between rows)."""


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One query to run, with its dataset and limits."""

    sparql: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int | None = None
    allow_service: bool = False


class Busy(Exception):
    """Every worker stayed busy for as long as the request could wait."""


class WorkerDied(QueryError):
    """The worker running a query died before answering (out of memory, or a crash)."""


@dataclass(slots=True)
class _Worker:
    pid: int
    conn: Connection


class QueryWorkers:
    """At most `size` queries at once, each in a worker process of its own.

    `reopen`, when given, is called in each worker to open its own handle on the graph
    (a persisted store) instead of using the one inherited from the zygote.
    """

    def __init__(
        self,
        source: Source,
        size: int,
        *,
        memory: int | None = None,
        reopen: Callable[[], Source] | None = None,
    ) -> None:
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._busy: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the zygote
            code = 0
            try:
                ours.close()
                _zygote(theirs, parent, source, memory, reopen)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self._zygote_pid = pid
        self._zygote = ours

    # --- running queries

    def run(self, job: QueryJob, timeout: float) -> Result:
        """Answer `job` within `timeout` seconds, waiting up to as long for a free worker.

        Raises:
            Busy: no worker was free in time.
            QueryTimeout: the query ran past `timeout` and its worker was killed.
            WorkerDied: the worker died on the query.
            QueryError: the query is malformed or refused.
        """
        start = time.monotonic()
        if not self._slots.acquire(timeout=timeout):
            raise Busy()
        try:
            # The wait for a worker does not count against the query's own time.
            deadline = time.monotonic() + timeout
            worker = self._checkout()
            try:
                worker.conn.send((job, deadline))
                if not worker.conn.poll(max(0.0, deadline + _KILL_GRACE - time.monotonic())):
                    self._kill(worker)
                    raise QueryTimeout(
                        "query", f"ran past the {timeout:g} s time limit and was stopped"
                    )
                answer = worker.conn.recv()
            except (EOFError, OSError) as exc:
                self._kill(worker)
                raise WorkerDied("query", _DIED) from exc
            self._checkin(worker)
            log.debug("query answered in %.3f s", time.monotonic() - start)
            return _unpack(answer)
        finally:
            self._slots.release()

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise QueryError("query", "the endpoint is shutting down")
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = self._spawn()
        with self._lock:
            self._busy[worker.pid] = worker
        return worker

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.pop(worker.pid, None)
            if self._closed:
                worker.conn.close()
            else:
                self._idle.append(worker)

    def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self._lock:
                socket.send_fds(self._zygote, [b"w"], [theirs.fileno()])
        except OSError as exc:
            ours.close()
            raise QueryError("query", "the query workers are gone; restart kg serve") from exc
        finally:
            theirs.close()
        conn = Connection(ours.detach())
        if not conn.poll(10.0):
            conn.close()
            raise QueryError("query", "a query worker did not start within 10 s")
        try:
            pid = conn.recv()
        except (EOFError, OSError) as exc:
            conn.close()
            raise QueryError("query", "a query worker failed to start") from exc
        return _Worker(int(pid), conn)

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        worker.conn.close()
        with self._lock:
            self._busy.pop(worker.pid, None)

    # --- inspection and shutdown

    def pids(self) -> list[int]:
        """The live workers' process ids (idle and busy)."""
        with self._lock:
            return [w.pid for w in self._idle] + list(self._busy)

    @property
    def zygote_pid(self) -> int:
        return self._zygote_pid

    def close(self) -> None:
        """Stop every worker and the zygote."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = self._idle + list(self._busy.values())
            self._idle = []
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
            worker.conn.close()
        self._zygote.close()  # the zygote reads EOF and exits
        with contextlib.suppress(ChildProcessError):
            _reap(self._zygote_pid, 2.0)


def _unpack(answer: tuple[str, Any, Any]) -> Result:
    kind, first, second = answer
    if kind == "ok":
        result: Result = first
        return result
    if kind == "timeout":
        raise QueryTimeout(first, second)
    raise QueryError(first, second)


def _reap(pid: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


# --- in the zygote and the workers


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when the thread that forked it exits; exit now if
    the parent is already gone. Elsewhere a no-op (EOF on the socket ends the process)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def _zygote(
    sock: socket.socket,
    parent: int,
    source: Source,
    memory: int | None,
    reopen: Callable[[], Source] | None,
) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed workers are reaped by the kernel
    me = os.getpid()
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 1, 1)
        except OSError:
            return
        if not message:
            return
        if not fds:
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                sock.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _worker(fds[0], me, source, memory, reopen)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(fds[0])


def _worker(
    fd: int,
    zygote: int,
    source: Source,
    memory: int | None,
    reopen: Callable[[], Source] | None,
) -> None:
    die_with_parent(zygote)
    # A crash or a failed allocation in the engine is reported to the client as one line;
    # the engine's own dump of it would let any client fill the server's terminal.
    faulthandler.disable()
    _silence_stderr()
    os.nice(5)  # the serving process stays responsive while queries run
    conn = Connection(fd)
    if reopen is not None:
        source = reopen()
    if memory is not None:
        _limit_memory(memory)
    conn.send(os.getpid())
    while True:
        try:
            job, deadline = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(source, job, deadline))


def _answer(source: Source, job: QueryJob, deadline: float) -> tuple[str, Any, Any]:
    try:
        result = run_query(
            source,
            job.sparql,
            max_rows=job.max_rows,
            deadline=deadline,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            allow_service=job.allow_service,
        )
    except QueryTimeout as exc:
        return "timeout", exc.subject, exc.reason
    except QueryError as exc:
        return "error", exc.subject, exc.reason
    except MemoryError:
        return "error", "query", "needed more memory than a query may use"
    except Exception as exc:  # an engine error kg does not know: one line, never a traceback
        return "error", "query", one_line(exc)
    return "ok", result, None


def _silence_stderr() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _limit_memory(budget: int) -> None:
    """Cap this process's address space at what it maps now plus `budget` bytes."""
    mapped = _mapped_bytes()
    if mapped is None:
        return
    limit = mapped + budget
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _mapped_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None
