"""The wheel holds the whole package, and an installed copy finds its notebooks and data.

pyproject.toml lists the packages one by one and maps ``notebooks/`` to
``newsanalysis.notebooks`` and ``data/`` to ``newsanalysis.data``: a new sub-package or
resource folder left out of that list would be missing from every install while the tests
of the source tree pass. The wheel is built from a copy of the working tree (so no stale
``build/`` folder can lend it files), then installed into a folder of its own and imported
from there, away from the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DIR = REPO / "newsanalysis"
NOT_SHIPPED = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                     "artifacts", "reports", "external", ".pytest_cache")


def _build_requirements_met() -> bool:
    """Whether this interpreter has what pyproject.toml's [build-system] requires."""
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["build-system"]["requires"]
    for line in requires:
        req = Requirement(line)
        try:
            if not req.specifier.contains(metadata.version(req.name), prereleases=True):
                return False
        except metadata.PackageNotFoundError:
            return False
    return True


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = Path(shutil.copytree(REPO, tmp / "source", ignore=NOT_SHIPPED))
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
           "-w", str(tmp / "dist"), str(source)]
    if _build_requirements_met():
        cmd.insert(4, "--no-build-isolation")
    # otherwise (an older setuptools here) pip builds in an isolated environment from its index
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    (built,) = (tmp / "dist").glob("newsanalysis-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_files(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return {n for n in z.namelist() if not n.startswith("newsanalysis-")}  # minus dist-info


def _tree(folder: Path, prefix: str, pattern: str = "*") -> set[str]:
    return {f"{prefix}/{p.relative_to(folder).as_posix()}" for p in folder.rglob(pattern)
            if p.is_file() and "__pycache__" not in p.parts}


def test_every_module_of_the_source_tree_is_in_the_wheel_and_nothing_else(wheel_files):
    modules = _tree(PACKAGE_DIR, "newsanalysis", "*.py")
    # the two data packages (notebooks/ and data/ in the repository) have an __init__.py each
    modules |= {"newsanalysis/notebooks/__init__.py", "newsanalysis/data/__init__.py"}
    assert {n for n in wheel_files if n.endswith(".py")} == modules


def test_every_resource_file_is_in_the_wheel(wheel_files):
    resources = _tree(PACKAGE_DIR / "resources", "newsanalysis/resources")
    resources = {r for r in resources if not r.endswith(".py")}
    assert any(r.startswith("newsanalysis/resources/actors/") for r in resources)
    assert resources - wheel_files == set()


def test_the_notebooks_and_the_sample_articles_are_in_the_wheel(wheel_files):
    notebooks = {f"newsanalysis/notebooks/{p.name}" for p in (REPO / "notebooks").glob("*.ipynb")}
    sample = _tree(REPO / "data" / "sample", "newsanalysis/data/sample")
    from newsanalysis.reports import NOTEBOOKS

    assert {f"newsanalysis/notebooks/{nb.stem}.ipynb" for nb in NOTEBOOKS} <= notebooks and len(sample) == 2
    assert (notebooks | sample) - wheel_files == set()


def test_an_installed_copy_finds_its_notebooks_sample_and_resources(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check",
                    "--quiet", "--target", str(target), str(wheel)], check=True)
    code = (
        "import json, newsanalysis as na\n"
        "from newsanalysis import reports\n"
        "from newsanalysis.annotate.cache import code_digest\n"
        "from newsanalysis.load import datasets\n"
        "from newsanalysis.resources import read_lines\n"
        "arts = na.load_articles(datasets.sample_path())\n"
        "print(json.dumps({'file': na.__file__, 'version': na.__version__,\n"
        "    'notebooks': sorted(p.name for p in reports.notebooks_dir().glob('*.ipynb')),\n"
        "    'articles': len(arts), 'verbs': len(read_lines('reporting_verbs.txt')),\n"
        "    'digest': code_digest(corpus=True)}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSANALYSIS_SHARED")}
    env["PYTHONPATH"] = str(target)
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(found["file"]).is_relative_to(target), "the installed copy was imported, not the repository"
    assert found["version"] == wheel.name.split("-")[1]
    assert found["notebooks"] == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert found["articles"] == 2 and found["verbs"] > 50 and len(found["digest"]) == 12
