"""The installable product: the wheel built from a clean checkout, installed in a fresh
virtualenv outside the repository, runs the demo (bundled ESCO and crawl fixtures from the
package, nothing from tests/ or ../shared) and imports every top-level package from itself.

The fresh virtualenv borrows the dependencies of the running one through a .pth line (added
after the wheel is installed), so the test needs no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _checkout(target: Path) -> Path:
    """The files git would check out (tracked, plus new files not ignored): no var/, no
    build leftovers, no .venv."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail(f"the wheel test builds from a git checkout; {ROOT} is none")
    work = tmp_path_factory.mktemp("wheel")
    source = _checkout(work / "checkout")
    dist = work / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
        cwd=work,
    )
    (wheel,) = dist.glob("leeraanbod-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        cwd=work,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies of the running environment, after the wheel's own files on sys.path
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return wheel, venv


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEERAANBOD_", "PYTHON"))}
    env.update(
        LEERAANBOD_DATA_DIR=str(work / "data"),
        LEERAANBOD_TAXONOMY_DIR=str(work / "no-shared-here"),
        LEERAANBOD_SEARCH_BACKEND="tantivy",
    )
    return env


def test_the_wheel_holds_every_package_and_the_data(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if n.endswith("/__init__.py") and n.count("/") == 1}
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()} - {"tests"}
    assert top == packages
    assert "taxonomy/data/esco/snapshot.json.gz" in names
    assert "taxonomy/data/flemish.yaml" in names
    assert any(n.startswith("crawlers/fixtures/") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_every_top_level_package_imports_from_the_install(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    wheel, venv = installed
    top = sorted(
        {n.split("/")[0] for n in zipfile.ZipFile(wheel).namelist() if n.endswith("__init__.py")}
        - {"leeraanbod-0.1.0.dist-info"}
    )
    script = (
        "import importlib, json, sys; "
        f"print(json.dumps({{m: importlib.import_module(m).__file__ for m in {top!r}}}))"
    )
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    files = json.loads(result.stdout)
    assert set(files) == set(top)
    for module, file in files.items():
        assert Path(file).is_relative_to(venv), (module, file)


def test_the_installed_demo_runs_with_the_bundled_esco(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, venv = installed
    leeraanbod = str(venv / "bin" / "leeraanbod")
    env = _env(tmp_path)
    demo = subprocess.run(
        [leeraanbod, "demo", "--no-serve"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
        check=False,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "bundled ESCO snapshot esco-v1.2.0-" in demo.stdout
    assert "course runs indexed" in demo.stdout
    info = subprocess.run(
        [leeraanbod, "taxonomy", "info"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    line = next(x for x in info.stdout.splitlines() if x.startswith("ESCO:"))
    occupations, skills = (int(part.split()[0]) for part in line[5:].split(",")[:2])
    assert occupations >= 3000 and skills >= 13000
    assert not (tmp_path / "no-shared-here").exists()
