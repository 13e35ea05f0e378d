"""File names and URLs are echoed escaped: a name holding a newline or a terminal escape
sequence cannot forge a line or drive the terminal."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError, printable

EVIL = "evil\n\x1b[2Jname.txt"
EVIL_SHOWN = "evil\\n\\x1b[2Jname.txt"
BODY = "Mali and Burkina Faso sent troops to Niger. The United States condemned the coup.\n"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain.txt", "plain.txt"),
        ("Niamey — café, 日本.txt", "Niamey — café, 日本.txt"),
        ("back\\slash 'quoted\".txt", "back\\slash 'quoted\".txt"),
        ("tab\there", "tab\\there"),
        ("cr\rlf\n", "cr\\rlf\\n"),
        ("nul\x00del\x7f", "nul\\x00del\\x7f"),
        ("c1\x85csi\x9b2J", "c1\\x85csi\\x9b2J"),
        ("bidi\u202egnp.exe", "bidi\\u202egnp.exe"),
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("nbsp\xa0", "nbsp\\xa0"),
    ],
)
def test_printable_escapes_what_repr_escapes(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert printable(raw).isprintable()


def test_errors_print_escaped_and_keep_the_raw_name() -> None:
    error = InputError(EVIL, "cannot read:\x1b[31m denied")
    assert str(error) == f"{EVIL_SHOWN}: cannot read:\\x1b[31m denied"
    assert error.subject == EVIL


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


def _assert_clean(stream: str) -> None:
    """No raw control character anywhere but the line ends."""
    assert all(line.isprintable() for line in stream.split("\n")), stream


@pytest.mark.model
def test_build_echoes_hostile_names_escaped(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / EVIL).write_text(BODY, encoding="utf-8")
    (inputs / "empty\n\x1b[31mred.txt").write_bytes(b"")
    odd = inputs / "bad\x1b]0;title\x07.csv"
    odd.write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    done = _kg("build", "in", str(odd), "in/no\x1b[2Jsuch.txt", "--out", "out", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    _assert_clean(done.stderr)
    _assert_clean(done.stdout)
    skips = [line for line in done.stderr.splitlines() if line.startswith("kg: skipped ")]
    assert skips == [
        "kg: skipped in/empty\\n\\x1b[31mred.txt: empty file",
        "kg: skipped in/bad\\x1b]0;title\\x07.csv: unsupported file type '.csv' "
        "(expected .txt, .html, .json, .jsonl)",
        "kg: skipped in/no\\x1b[2Jsuch.txt: pattern matched no files",
    ]
    # the hostile name is still read: its article is in the build, under its real name
    records = [json.loads(line) for line in (out / "extractions.jsonl").read_text().splitlines()]
    assert [r["article"]["origin"] for r in records] == [f"in/{EVIL}"]
    assert records[0]["assertions"]


def test_errors_name_hostile_files_escaped(tmp_path: Path) -> None:
    graph = tmp_path / "g\n\x1b[2J.ttl"
    graph.write_text("this is not turtle\n", encoding="utf-8")
    done = _kg("validate", str(graph), cwd=tmp_path)
    assert done.returncode == 1
    _assert_clean(done.stderr)
    assert done.stderr.startswith(f"kg: error: {tmp_path}/g\\n\\x1b[2J.ttl: not readable RDF")
    assert len(done.stderr.splitlines()) == 1
    ontology = tmp_path / "onto\x1b[2J"
    ontology.mkdir()  # holds none of the ontology's files
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    built = _kg("build", "a.txt", "--ontology", str(ontology), "--out", "out", "-q", cwd=tmp_path)
    assert built.returncode == 1
    _assert_clean(built.stderr)
    assert built.stderr.startswith(f"kg: error: {tmp_path}/onto\\x1b[2J/")
    assert len(built.stderr.splitlines()) == 1


def test_log_lines_are_escaped_and_tracebacks_kept() -> None:
    from kg.cli import _PrintableFormatter

    formatter = _PrintableFormatter("kg: %(levelname)s %(name)s: %(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "kg.outdir", logging.WARNING, __file__, 1, "removing %s", (EVIL,), sys.exc_info()
        )
    message, _, traceback = formatter.format(record).partition("\n")
    assert message == f"kg: WARNING kg.outdir: removing {EVIL_SHOWN}"
    assert traceback.startswith("Traceback") and traceback.endswith("ValueError: boom")
