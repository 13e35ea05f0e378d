"""`kg push` and `kg query --endpoint` with credentials in the URL (sent as HTTP Basic
authentication, never shown), with servers that do not speak HTTP, and with malformed
URLs: each failure is one line `kg: error: <url, password hidden>: <reason>`."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import app
from kg.errors import QueryError
from kg.query.remote import parse_remote, redact

USER, SECRET = "ann", "s3cr@t/pw"
QUOTED = "s3cr%40t%2Fpw"
"""The password as a URL holds it: percent-escaped."""
EXPECTED = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------
# Servers on the loopback interface
# --------------------------------------------------------------------------------------


@dataclass
class AuthStore:
    """A Graph Store and SPARQL endpoint that wants HTTP Basic credentials."""

    port: int
    seen: list[tuple[str, str, str | None]] = field(default_factory=list)

    def url(self, path: str, userinfo: str = f"{USER}:{QUOTED}@") -> str:
        return f"http://{userinfo}127.0.0.1:{self.port}{path}"


def _handler(store: list[AuthStore]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _allowed(self) -> bool:
            auth = self.headers.get("Authorization")
            store[0].seen.append((self.command, self.path, auth))
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            if self.path.startswith("/moved/"):  # /moved/PORT: see other, on that port
                self.send_response(303)
                self.send_header("Location", f"http://127.0.0.1:{self.path[7:]}/sparql")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False
            if auth == EXPECTED:
                return True
            self._reply(401, "text/plain", b"wrong or no credentials")
            return False

        def _reply(self, status: int, media: str, body: bytes) -> None:
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_PUT(self) -> None:
            if self._allowed():
                self._reply(204, "text/plain", b"")

        def do_GET(self) -> None:
            if self._allowed():
                self._reply(200, "text/plain", b"")

        def do_POST(self) -> None:
            if self._allowed():
                answer = {
                    "head": {"vars": ["x"]},
                    "results": {"bindings": [{"x": {"type": "literal", "value": "authorised"}}]},
                }
                self._reply(200, "application/sparql-results+json", json.dumps(answer).encode())

    return Handler


def _auth_server() -> Iterator[AuthStore]:
    holder: list[AuthStore] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    holder.append(AuthStore(server.server_address[1]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield holder[0]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def auth_store() -> Iterator[AuthStore]:
    yield from _auth_server()


@pytest.fixture(scope="module")
def other_store() -> Iterator[AuthStore]:
    yield from _auth_server()


def _raw_server(reply: bytes | None) -> Iterator[int]:
    """A TCP server that answers every connection with `reply` (None: closes at once)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                if reply is not None:
                    connection.settimeout(1.0)
                    try:
                        connection.recv(65536)
                        connection.sendall(reply)
                    except OSError:
                        pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    listener.close()


@pytest.fixture(scope="module")
def garbage_port() -> Iterator[int]:
    yield from _raw_server(b"\x1b[2J\x00SSH-2.0-OpenSSH_9.6 not http at all\r\n\r\n")


@pytest.fixture(scope="module")
def closing_port() -> Iterator[int]:
    yield from _raw_server(None)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _push(endpoint: str, graph: Path) -> Result:
    args = ["push", "--endpoint", endpoint, "--graph", str(graph), "--timeout", "5"]
    return CliRunner().invoke(app, args)


def _query(endpoint: str) -> Result:
    args = ["query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", endpoint, "--format", "csv"]
    return CliRunner().invoke(app, args)


def _one_error_line(result: Result, shown: str) -> str:
    """The failure is exactly one line naming the URL as shown, exit 1, no traceback,
    no password."""
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert SECRET not in result.output and QUOTED not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kg: error: {shown}: "), lines[0]
    assert lines[0].isprintable()
    return lines[0].removeprefix(f"kg: error: {shown}: ")


# --------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------


def test_credentials_become_basic_auth_and_leave_the_url() -> None:
    remote = parse_remote(f"http://{USER}:{QUOTED}@127.0.0.1:7878/store?x=1")
    assert remote.url == "http://127.0.0.1:7878/store?x=1"
    assert remote.shown == "http://ann:***@127.0.0.1:7878/store?x=1"
    assert remote.headers() == {"Authorization": EXPECTED}
    assert SECRET not in repr(remote) and QUOTED not in repr(remote)
    assert parse_remote("http://127.0.0.1/sparql").headers() == {}


@pytest.mark.parametrize(
    ("url", "shown", "reason"),
    [
        ("http://[::1", "http://[::1", "not a valid URL: Invalid IPv6 URL"),
        (f"http://ann:{QUOTED}@[::1", "http://ann:***@[::1", "not a valid URL"),
        ("http://127.0.0.1:99999/store", "http://127.0.0.1:99999/store", "not a valid URL"),
        ("http://ann:pw@host:port/", "http://ann:***@host:port/", "not a valid URL"),
        ("ftp://ann:pw@host/", "ftp://ann:***@host/", "not an http(s) URL"),
        ("http://host/a b\x1b[2J", "http://host/a b\\x1b[2J", "spaces or control characters"),
    ],
)
def test_malformed_urls_are_refused_with_the_password_hidden(
    url: str, shown: str, reason: str
) -> None:
    with pytest.raises(QueryError) as caught:
        parse_remote(url)
    assert caught.value.subject == shown
    assert reason in caught.value.reason
    assert "pw" not in str(caught.value).replace("***", "") or "pw" not in url


def test_redact_hides_only_the_password() -> None:
    assert redact("https://u@host/x") == "https://u@host/x"
    assert redact("http://host/q?mail=a@b") == "http://host/q?mail=a@b"
    assert redact("http://u:p@host:1/x") == "http://u:***@host:1/x"
    assert redact(f"http://ann:{SECRET}@[::1") == "http://ann:***@[::1"  # "@", "/" unescaped
    assert redact("http://a:b@c:d@host/") == "http://a:***@host/"


# --------------------------------------------------------------------------------------
# kg push
# --------------------------------------------------------------------------------------


def test_push_sends_credentials_and_never_shows_them(
    auth_store: AuthStore, mini_path: Path
) -> None:
    auth_store.seen.clear()
    result = _push(auth_store.url("/store"), mini_path)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output and QUOTED not in result.output
    shown = f"http://ann:***@127.0.0.1:{auth_store.port}/store"
    assert result.stdout.strip().endswith(f"to {shown}")
    assert result.stderr.splitlines()[-1] == "kg: 3/3 graphs sent"
    assert [m for m, _, _ in auth_store.seen] == ["PUT"] * 3
    assert {auth for _, _, auth in auth_store.seen} == {EXPECTED}
    assert all(path.startswith("/store?") for _, path, _ in auth_store.seen)


@pytest.mark.parametrize("userinfo", ["ann:wrong@", ""])
def test_push_refused_credentials_are_one_line(
    auth_store: AuthStore, mini_path: Path, userinfo: str
) -> None:
    url = auth_store.url("/store", userinfo)
    reason = _one_error_line(_push(url, mini_path), redact(url))
    assert reason.startswith("HTTP 401 Unauthorized for ?default: wrong or no credentials")


def test_push_to_a_server_that_speaks_no_http(garbage_port: int, mini_path: Path) -> None:
    url = f"http://ann:{QUOTED}@127.0.0.1:{garbage_port}/store"
    reason = _one_error_line(
        _push(url, mini_path), f"http://ann:***@127.0.0.1:{garbage_port}/store"
    )
    assert reason.startswith("not an HTTP server: BadStatusLine: ")
    assert "\\x1b[2J" in reason


def test_push_to_a_server_that_hangs_up(closing_port: int, mini_path: Path) -> None:
    url = f"http://ann:{QUOTED}@127.0.0.1:{closing_port}/store"
    reason = _one_error_line(
        _push(url, mini_path), f"http://ann:***@127.0.0.1:{closing_port}/store"
    )
    assert reason.startswith("the store closed the connection")


@pytest.mark.parametrize(
    ("url", "shown"),
    [("http://[::1", "http://[::1"), (f"http://ann:{QUOTED}@[::1", "http://ann:***@[::1")],
)
def test_push_to_a_malformed_url(url: str, shown: str, mini_path: Path) -> None:
    assert _one_error_line(_push(url, mini_path), shown).startswith("not a valid URL")


def test_push_in_a_process_prints_no_credentials(auth_store: AuthStore, mini_path: Path) -> None:
    """The real command line, output and all: the password appears nowhere."""
    for url, code in ((auth_store.url("/store"), 0), (auth_store.url("/store", "ann:no@"), 1)):
        done = subprocess.run(
            [sys.executable, "-m", "kg", "push", "--endpoint", url, "--graph", str(mini_path)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == code, done.stderr
        output = done.stdout + done.stderr
        assert SECRET not in output and QUOTED not in output and ":no@" not in output
        assert "Traceback" not in output
        assert f"http://ann:***@127.0.0.1:{auth_store.port}/store" in output


# --------------------------------------------------------------------------------------
# kg query --endpoint
# --------------------------------------------------------------------------------------


def test_query_sends_credentials(auth_store: AuthStore) -> None:
    auth_store.seen.clear()
    result = _query(auth_store.url("/sparql"))
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["x", "authorised"]
    assert auth_store.seen == [("POST", "/sparql", EXPECTED)]


def test_query_refused_credentials_are_one_line(auth_store: AuthStore) -> None:
    url = auth_store.url("/sparql", "ann:wrong@")
    reason = _one_error_line(_query(url), redact(url))
    assert reason.startswith("HTTP 401 Unauthorized: wrong or no credentials")


def test_query_a_server_that_speaks_no_http(garbage_port: int) -> None:
    url = f"http://ann:{QUOTED}@127.0.0.1:{garbage_port}/sparql"
    reason = _one_error_line(_query(url), f"http://ann:***@127.0.0.1:{garbage_port}/sparql")
    assert reason.startswith("not an HTTP server: BadStatusLine: ")


def test_query_a_server_that_hangs_up(closing_port: int) -> None:
    url = f"http://ann:{QUOTED}@127.0.0.1:{closing_port}/sparql"
    reason = _one_error_line(_query(url), f"http://ann:***@127.0.0.1:{closing_port}/sparql")
    assert reason.startswith("cannot reach the endpoint: ")  # hung up, reset or broken pipe


@pytest.mark.parametrize(
    ("url", "shown"),
    [("http://[::1", "http://[::1"), (f"http://ann:{QUOTED}@[::1", "http://ann:***@[::1")],
)
def test_query_a_malformed_url(url: str, shown: str) -> None:
    assert _one_error_line(_query(url), shown).startswith("not a valid URL")


def test_query_credentials_do_not_follow_a_redirect(
    auth_store: AuthStore, other_store: AuthStore
) -> None:
    """A redirect may lead to another host: the credentials were meant for this one."""
    other_store.seen.clear()
    url = auth_store.url(f"/moved/{other_store.port}")
    reason = _one_error_line(_query(url), redact(url))
    assert reason.startswith("HTTP 401 Unauthorized")
    assert other_store.seen == [("GET", "/sparql", None)]
