"""What `kg` imports before it knows there is work: a build with nothing new to parse,
`kg --help` and `kg build --help` never load spaCy, the extractors or the libraries only
some commands need. Each check runs in a fresh interpreter, as the command line does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PARSING = (
    "spacy",
    "thinc",
    "kg.extract",
    "kg.nlp.components",
    "kg.nlp.pieces",
    "kg.resolve.mentions",
)
"""Loaded only where articles are parsed."""

SOME_COMMANDS = ("datasketch", "scipy", "dask", "distributed", "kg.query.endpoint")
"""Loaded only by the commands (or the build steps) that use them."""


def loaded_after(code: str) -> list[str]:
    """The modules of `PARSING` and `SOME_COMMANDS` that running `code` in a new
    interpreter loaded."""
    watched = json.dumps([*PARSING, *SOME_COMMANDS])
    script = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {watched} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def run_cli(*args: str) -> str:
    """`kg ARGS...` in this interpreter's statement form, ending quietly on its exit."""
    return f"import sys\nfrom kg.cli import main\nsys.argv = ['kg', *{list(args)!r}]\n" + (
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code"
    )


@pytest.mark.parametrize("module", ["kg.pipeline", "kg.inputs", "kg.parallel", "kg.nlp.load"])
def test_the_build_modules_import_no_parser(module: str) -> None:
    assert loaded_after(f"import {module}") == []


def test_help_imports_no_parser() -> None:
    assert loaded_after(run_cli("build", "--help")) == []
    assert [m for m in loaded_after(run_cli("--help")) if m in PARSING] == []


@pytest.mark.model
def test_a_build_with_nothing_to_parse_imports_no_parser(seed_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    seeds = str(ROOT / "seeds")
    assert loaded_after(run_cli("build", seeds, "--out", str(out), "-q")) == []
    report = json.loads((out / "report.json").read_text())
    assert report["parsed"] == 0 and report["up_to_date"], report["inputs"]
