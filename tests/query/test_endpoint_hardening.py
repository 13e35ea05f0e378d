"""`kg serve` probed as an attacker and a careless user would: on loopback only, every loop
bounded in count and time, every server stopped by the test that started it."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.query.endpoint import EndpointSettings, SparqlServer, host_allowed, make_server
from kg.query.results import parse_json_results
from kg.query.store import Source
from tests.query.conftest import ROOT
from tests.query.test_endpoint import request

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:State }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?p }"


@contextlib.contextmanager
def serving(source: Source, settings: EndpointSettings) -> Iterator[SparqlServer]:
    server = make_server(source, "127.0.0.1", 0, settings=settings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def query_url(server: SparqlServer, query: str) -> str:
    return f"{server.url}/sparql?{urllib.parse.urlencode({'query': query})}"


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def wait_dead(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


# --- Host, Origin, CORS


@pytest.mark.parametrize(
    ("header", "bound", "extra", "allowed"),
    [
        ("127.0.0.1:8000", "127.0.0.1", (), True),
        ("localhost", "127.0.0.1", (), True),
        ("LOCALHOST.:8000", "127.0.0.1", (), True),
        ("attacker.example", "127.0.0.1", (), False),
        ("attacker.example:8000", "127.0.0.1", ("kg.lan",), False),
        ("kg.lan:8000", "127.0.0.1", ("kg.lan",), True),
        ("anything.example", "127.0.0.1", ("*",), True),
        ("[::1]:8000", "::1", (), True),
        ("10.1.2.3:8000", "0.0.0.0", (), True),
        ("10.1.2.3:8000", "127.0.0.1", (), False),
        ("[::1", "::1", (), False),
        ("", "127.0.0.1", (), False),
    ],
)
def test_host_allow_list(header: str, bound: str, extra: tuple[str, ...], allowed: bool) -> None:
    assert host_allowed(header, bound, extra) is allowed


def test_foreign_host_is_refused_and_the_query_never_runs(mini_oxigraph: Source) -> None:
    with serving(mini_oxigraph, EndpointSettings()) as server:
        status, media, body, _ = request(
            query_url(server, COUNT), headers={"Host": "attacker.example"}
        )
        assert (status, media) == (403, "text/plain") and b"--allow-host" in body
        status, _, body, _ = request(query_url(server, COUNT), headers={"Host": "localhost"})
        assert status == 200 and parse_json_results(body).column("n") == [3]


def test_allow_host_admits_a_chosen_name(mini_oxigraph: Source) -> None:
    with serving(mini_oxigraph, EndpointSettings(allowed_hosts=("kg.lan",))) as server:
        status, _, _, _ = request(query_url(server, COUNT), headers={"Host": "kg.lan:80"})
        assert status == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:3000"},
    ],
)
def test_cross_site_requests_are_refused_without_cors(
    mini_oxigraph: Source, headers: dict[str, str]
) -> None:
    with serving(mini_oxigraph, EndpointSettings()) as server:
        status, _, body, got = request(query_url(server, COUNT), headers=headers)
        assert status == 403 and b"--cors" in body
        assert "access-control-allow-origin" not in got


def test_same_origin_page_may_query(mini_oxigraph: Source) -> None:
    """The viewer served at / posts to /sparql: its Origin is the server itself."""
    with serving(mini_oxigraph, EndpointSettings()) as server:
        status, _, _, got = request(
            server.url + "/sparql",
            urllib.parse.urlencode({"query": COUNT}).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": server.url,
                "Sec-Fetch-Site": "same-origin",
            },
        )
        assert status == 200 and "access-control-allow-origin" not in got


def test_cors_origin_gets_headers_and_preflight(mini_oxigraph: Source) -> None:
    origin = "https://analyst.example"
    with serving(mini_oxigraph, EndpointSettings(cors_origins=(origin,))) as server:
        status, _, _, got = request(
            query_url(server, COUNT), headers={"Origin": origin, "Sec-Fetch-Site": "cross-site"}
        )
        assert status == 200 and got["access-control-allow-origin"] == origin
        with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1]))) as conn:
            conn.sendall(
                b"OPTIONS /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Origin: " + origin.encode() + b"\r\n"
                b"Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n"
            )
            answer = _read_all(conn, 5.0)
        assert answer.startswith(b"HTTP/1.1 204") and b"Access-Control-Allow-Methods" in answer


# --- time, memory and crashes


def test_runaway_queries_are_killed_and_the_machine_freed(mini_oxigraph: Source) -> None:
    """More runaway queries than workers: each gets 503, at its time limit (its process
    killed, not abandoned) or when no worker came free within that time; a simple query
    right after is answered at once."""
    settings = EndpointSettings(timeout=1.0, workers=2, max_rows=10**9)
    with serving(mini_oxigraph, settings) as server:
        request(query_url(server, COUNT))  # a worker exists
        seen: set[int] = set()
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                seen.update(server.workers.pids())
                time.sleep(0.02)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: request(query_url(server, RUNAWAY)), range(4)))
        last_timeout = time.monotonic()
        stop.set()
        watcher.join()
        assert [a[0] for a in answers] == [503] * 4
        assert all(b"time limit" in a[2] or b"busy" in a[2] for a in answers)
        # two waves of two queries, each stopped at 1 s (plus the kill grace)
        assert last_timeout - started < 4.5
        status, _, body, _ = request(query_url(server, COUNT))
        assert time.monotonic() - last_timeout < 1.0
        assert status == 200 and parse_json_results(body).column("n") == [3]
        stopped = sum(b"time limit" in a[2] for a in answers)
        killed = seen - set(server.workers.pids())
        assert stopped >= settings.workers and len(killed) == stopped
        assert wait_dead(sorted(killed), 2.0) == []


def test_a_query_that_needs_too_much_memory_is_stopped(mini_oxigraph: Source) -> None:
    # each BIND doubles a string: 2^31 characters by the end, far past a 64 MiB budget
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(31))
    query = f'SELECT (STRLEN(?s31) AS ?n) WHERE {{ BIND("x" AS ?s0) {binds} }}'
    settings = EndpointSettings(timeout=20.0, workers=1, memory=64 << 20)
    with serving(mini_oxigraph, settings) as server:
        status, _, body, _ = request(query_url(server, query))
        assert status in (400, 500, 503), body
        assert len(body.decode().strip().splitlines()) == 1
        status, _, _, _ = request(query_url(server, COUNT))
        assert status == 200


def test_workers_and_zygote_exit_with_the_server(mini_path: Path) -> None:
    process = _serve("--graph", str(mini_path), "--port", "0")
    try:
        line = _first_line(process)
        url = line.split(" at ", 1)[1].split()[0]
        assert request(url + "?" + urllib.parse.urlencode({"query": COUNT}))[0] == 200
        children = _descendants(process.pid)
        assert len(children) >= 2, "a zygote and at least one worker"
        process.kill()  # SIGKILL: no cleanup code runs in the server
        process.wait(timeout=10)
        assert wait_dead(children, 5.0) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


# --- the HTTP layer


def test_half_sent_requests_hold_nothing_and_are_dropped(mini_oxigraph: Source) -> None:
    settings = EndpointSettings(idle_timeout=1.0)
    with serving(mini_oxigraph, settings) as server:
        port = int(server.url.rsplit(":", 1)[1])
        hanging = []
        for _ in range(300):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            hanging.append(conn)
        try:
            began = time.monotonic()
            status, _, _, _ = request(query_url(server, COUNT))
            assert status == 200 and time.monotonic() - began < 1.0
            # the idle connections are closed by the server within its idle timeout
            time.sleep(settings.idle_timeout + 2.0)
            closed = sum(_closed_by_peer(conn) for conn in hanging)
            assert closed == len(hanging)
        finally:
            for conn in hanging:
                conn.close()


def test_fifty_concurrent_clients_all_answered_promptly(mini_oxigraph: Source) -> None:
    with serving(mini_oxigraph, EndpointSettings()) as server:
        url = query_url(server, COUNT)

        def one(_: int) -> tuple[int, float]:
            began = time.monotonic()
            status = request(url)[0]
            return status, time.monotonic() - began

        with ThreadPoolExecutor(50) as pool:
            results = list(pool.map(one, range(50)))
        assert [s for s, _ in results] == [200] * 50
        assert max(t for _, t in results) < 5.0


def test_chunked_body_is_read_as_the_body(mini_oxigraph: Source) -> None:
    """A chunked POST, then a second request on the same connection: both answered, and
    the body is never read as a request."""
    with serving(mini_oxigraph, EndpointSettings()) as server:
        port = int(server.url.rsplit(":", 1)[1])
        body = COUNT.encode()
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunked
                + b"GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            answer = _read_all(conn, 5.0)
        assert answer.count(b"HTTP/1.1 ") == 2
        assert answer.startswith(b"HTTP/1.1 200") and b'"value": "3"' in answer
        assert b"HTTP/1.1 404" in answer


def test_head_and_other_methods(mini_oxigraph: Source) -> None:
    with serving(mini_oxigraph, EndpointSettings()) as server:
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(b"DELETE /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert _read_all(conn, 5.0).startswith(b"HTTP/1.1 405")


# --- the command


def _serve(*args: str, cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _first_line(process: subprocess.Popen[str], seconds: float = 30.0) -> str:
    assert process.stderr is not None
    timer = threading.Timer(seconds, process.kill)
    timer.start()
    try:
        return process.stderr.readline()
    finally:
        timer.cancel()


def test_port_in_use_is_one_line(mini_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "kg", "serve", "--graph", str(mini_path), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert (
        done.stderr.strip() == f"kg: error: 127.0.0.1:{port}: cannot listen: Address already in use"
    )


def test_serves_on_ipv6_loopback(mini_path: Path) -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    process = _serve("--graph", str(mini_path), "--host", "::1", "--port", "0")
    try:
        line = _first_line(process)
        assert "http://[::1]:" in line, line
        url = line.split(" at ", 1)[1].split()[0]
        status, _, body, _ = request(url + "?" + urllib.parse.urlencode({"query": COUNT}))
        assert status == 200 and parse_json_results(body).column("n") == [3]
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


def test_serves_a_read_only_build_folder(mini_path: Path, tmp_path: Path) -> None:
    """A build folder on a read-only file system, with no persisted store yet: served from
    memory with a one-line warning, not a traceback."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only file system needs root")
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    process: subprocess.Popen[str] | None = None
    try:
        shutil.copy(mini_path, mount / "graph.trig")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        process = _serve("--graph", str(mount), "--port", "0")
        lines = [_first_line(process), _first_line(process)]
        assert "read-only" in lines[0].lower() or "cannot write" in lines[0], lines
        assert lines[1].startswith("kg: serving "), lines
        url = lines[1].split(" at ", 1)[1].split()[0]
        status, _, body, _ = request(url + "?" + urllib.parse.urlencode({"query": COUNT}))
        assert status == 200 and parse_json_results(body).column("n") == [3]
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
            assert process.stderr is not None
            process.stderr.close()
        subprocess.run(["umount", str(mount)])


# --- fuzz


_NESTING = st.integers(1, 20_000).map(lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }")
_BRACES = st.integers(1, 20_000).map(lambda n: "SELECT * WHERE " + "{" * n + "}" * n)
_LITERAL = st.integers(1, 400_000).map(lambda n: 'ASK { FILTER("' + "a" * n + '") }')
_BYTES = st.binary(max_size=2_000).map(lambda b: b.decode("utf-8", "replace"))
_TOKENS = [
    *list("{}()[]<>\"'#?$!-+*/.;,:^|&=\\ \n"),
    "SELECT ",
    "ASK ",
    "SERVICE <http://127.0.0.1:9/> ",
    "FILTER",
    "?x ",
    "a ",
    "1",
]
_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=300).map("".join)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.one_of(_NESTING, _BRACES, _LITERAL, _BYTES, _TEXT))
def test_fuzzed_queries_never_kill_the_server(fuzz_server: SparqlServer, query: str) -> None:
    post = query.encode("utf-8", "replace")
    status, media, body, _ = request(
        fuzz_server.url + "/sparql", post, {"Content-Type": "application/sparql-query"}
    )
    assert status in (200, 400, 413, 500, 503), (status, body[:200])
    if status != 200:
        assert media == "text/plain" and len(body.decode().strip().splitlines()) <= 1
    assert alive(fuzz_server.workers.zygote_pid)
    status, _, _, _ = request(query_url(fuzz_server, "ASK {}"))
    assert status == 200


@pytest.fixture(scope="module")
def fuzz_server(mini_oxigraph: Source) -> Iterator[SparqlServer]:
    settings = EndpointSettings(timeout=2.0, workers=2, max_body=1 << 20, memory=256 << 20)
    with serving(mini_oxigraph, settings) as server:
        yield server


# --- helpers


def _read_all(conn: socket.socket, seconds: float) -> bytes:
    conn.settimeout(seconds)
    chunks = []
    with contextlib.suppress(TimeoutError, ConnectionResetError):
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _closed_by_peer(conn: socket.socket) -> bool:
    conn.settimeout(0.5)
    try:
        return conn.recv(1) == b""
    except (TimeoutError, BlockingIOError):
        return False
    except OSError:
        return True


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().split(")")[-1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
                frontier.append(int(entry.name))
    return found
