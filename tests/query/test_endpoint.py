"""`kg serve`: the SPARQL 1.1 Protocol over real HTTP on loopback, and its limits."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query.endpoint import EndpointSettings, SparqlServer, make_server, negotiate
from kg.query.remote import query_endpoint
from kg.query.results import parse_json_results
from kg.query.saved import saved_queries
from kg.query.sparql import run_query
from kg.query.store import Source
from tests.query.conftest import ROOT

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:State }"


def serve(source: Source, settings: EndpointSettings, viewer: Path | None = None) -> SparqlServer:
    server = make_server(source, "127.0.0.1", 0, settings=settings, viewer=viewer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def endpoint(mini_oxigraph: Source, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    viewer = tmp_path_factory.mktemp("viewer") / "graph.html"
    viewer.write_text("<!doctype html><title>viewer</title>")
    server = serve(mini_oxigraph, EndpointSettings(max_rows=50, max_body=4096), viewer)
    yield server.url
    server.shutdown()
    server.server_close()


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, bytes, dict[str, str]]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return (
                response.status,
                response.headers.get_content_type(),
                response.read(),
                {name.lower(): value for name, value in response.headers.items()},
            )
    except urllib.error.HTTPError as error:
        headers = {name.lower(): value for name, value in error.headers.items()}
        return error.code, error.headers.get_content_type(), error.read(), headers


def get(base: str, query: str, accept: str | None = None) -> tuple[int, str, bytes, dict[str, str]]:
    return request(
        f"{base}/sparql?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": accept} if accept else None,
    )


def test_endpoint_get_answers_sparql_results_json(endpoint: str) -> None:
    status, media, body, _ = get(endpoint, COUNT)
    assert (status, media) == (200, "application/sparql-results+json")
    assert parse_json_results(body).column("n") == [3]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", urllib.parse.urlencode({"query": COUNT})),
        ("application/sparql-query", COUNT),
    ],
)
def test_endpoint_post(endpoint: str, content_type: str, body: str) -> None:
    status, _, answer, _ = request(
        endpoint + "/sparql", body.encode(), {"Content-Type": content_type}
    )
    assert status == 200 and parse_json_results(answer).column("n") == [3]


@pytest.mark.parametrize(
    ("query", "accept", "media", "start"),
    [
        (COUNT, "application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
        (COUNT, "text/csv", "text/csv", b"n\r\n3"),
        (COUNT, "text/tab-separated-values", "text/tab-separated-values", b"?n\n"),
        (
            COUNT,
            "text/csv;q=0.1, application/sparql-results+json",
            "application/sparql-results+json",
            b"{",
        ),
        (
            "ASK { ?s kg:threatens ?o }",
            None,
            "application/sparql-results+json",
            b'{"head": {}, "boolean": true}',
        ),
        ("CONSTRUCT { ?s a kg:Bloc } WHERE { ?s a kg:Bloc }", None, "text/turtle", b"@prefix"),
        (
            "CONSTRUCT { ?s a kg:Bloc } WHERE { ?s a kg:Bloc }",
            "application/n-triples",
            "application/n-triples",
            b"<https://w3id.org/kg/id/actor/wd-q161549>",
        ),
    ],
)
def test_endpoint_media_types(
    endpoint: str, query: str, accept: str | None, media: str, start: bytes
) -> None:
    status, got, body, _ = get(endpoint, query, accept)
    assert (status, got) == (200, media) and body.startswith(start)


@pytest.mark.parametrize(
    ("url_suffix", "data", "headers", "status", "message"),
    [
        ("/sparql?query=SELEC", None, {}, 400, "malformed SPARQL"),
        ("/sparql", None, {}, 400, "give exactly one `query` parameter"),
        (
            "/sparql",
            b"update=DROP+ALL",
            {"Content-Type": "application/x-www-form-urlencoded"},
            403,
            "read-only",
        ),
        ("/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"}, 403, "read-only"),
        ("/sparql", b"{}", {"Content-Type": "application/json"}, 415, "application/sparql-query"),
        (
            "/sparql",
            b"q" * 5000,
            {"Content-Type": "application/sparql-query"},
            413,
            "over 4096 bytes",
        ),
        (
            "/sparql?query=ASK%7B%7D",
            None,
            {"Accept": "image/png"},
            406,
            "ASK results come as one of",
        ),
        ("/nowhere", None, {}, 404, "SPARQL is at /sparql"),
    ],
)
def test_endpoint_errors_are_clear(
    endpoint: str,
    url_suffix: str,
    data: bytes | None,
    headers: dict[str, str],
    status: int,
    message: str,
) -> None:
    got, media, body, _ = request(endpoint + url_suffix, data, headers)
    assert (got, media) == (status, "text/plain") and message in body.decode()
    assert len(body.decode().strip().splitlines()) == 1


def test_endpoint_caps_rows(endpoint: str) -> None:
    status, _, body, headers = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers.get("x-kg-truncated") == "50"
    assert len(parse_json_results(body).rows) == 50


def test_endpoint_dataset_from_the_protocol(endpoint: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }"
    url = f"{endpoint}/sparql?" + urllib.parse.urlencode(
        {"query": query, "default-graph-uri": "https://w3id.org/kg/id/article/a1"}
    )
    status, _, body, _ = request(url)
    assert status == 200 and parse_json_results(body).column("n") == [5]


def test_endpoint_serves_the_viewer(endpoint: str) -> None:
    status, media, body, _ = request(endpoint + "/")
    assert (status, media) == (200, "text/html") and b"<title>viewer</title>" in body


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_endpoint_protocol_client_gets_what_the_engine_gets(
    endpoint: str, mini_oxigraph: Source, name: str
) -> None:
    text = saved_queries()[name].text
    assert query_endpoint(endpoint + "/sparql", text) == run_query(mini_oxigraph, text)


def test_endpoint_time_limit(mini_oxigraph: Source) -> None:
    server = serve(mini_oxigraph, EndpointSettings(timeout=0.3, max_rows=10**9, workers=1))
    try:
        endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        status, _, body, _ = get(server.url, endless)
        assert status == 503 and b"time limit" in body
        # The one worker is free again within a moment: the query stopped at its deadline
        # (it notices between rows), rather than running its 10^9 rows to the end.
        freed = time.monotonic() + 2.0
        status, _, _, _ = get(server.url, COUNT)
        while status == 503 and time.monotonic() < freed:
            time.sleep(0.05)
            status, _, _, _ = get(server.url, COUNT)
        assert status == 200
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("accept", "form", "chosen"),
    [
        (None, "SELECT", ("json", "application/sparql-results+json")),
        ("*/*", "CONSTRUCT", ("turtle", "text/turtle")),
        ("text/*", "SELECT", ("csv", "text/csv")),
        ("application/json;q=0", "SELECT", None),
    ],
)
def test_endpoint_negotiate(accept: str | None, form: str, chosen: tuple[str, str] | None) -> None:
    assert negotiate(accept, form) == chosen


def test_endpoint_kg_serve_command(mini_path: Path, tmp_path: Path) -> None:
    """`kg serve` as users run it: a subprocess on a free loopback port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(mini_path), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("kg: serving ") and "127.0.0.1" in line, line
        url = line.split(" at ", 1)[1].split()[0]
        assert url.endswith("/sparql")
        status, _, body, _ = request(url, urllib.parse.urlencode({"query": COUNT}).encode())
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "3"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()
