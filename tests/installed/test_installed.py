"""The product as users get it: the wheel built from the sdist, installed in a fresh venv.

.ci/run builds both with `python -m build` (which makes the wheel from the sdist, so a file
missing from the sdist is missing from the wheel too), installs the wheel in a new venv
outside the checkout with the newest dependencies, and runs this module with

    CHRONOLOGY_INSTALLED=<venv> CHRONOLOGY_DIST=<folder with the sdist and wheel>

Every command runs as a user runs it: the venv's `chronology` script, in a folder outside
the checkout, so nothing can come from the source tree by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, GOLDEN, ROOT
from tests.test_export import STORES, VARIANTS

VENV = os.environ.get("CHRONOLOGY_INSTALLED", "")
DIST = os.environ.get("CHRONOLOGY_DIST", "")

pytestmark = pytest.mark.skipif(
    not VENV, reason="tests the installed wheel: set CHRONOLOGY_INSTALLED=<venv> (.ci/run does)"
)

BIN = Path(VENV) / ("Scripts" if sys.platform == "win32" else "bin")


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, program: str = "chronology"
) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHRONOLOGY_")}
    environment.pop("SOURCE_DATE_EPOCH", None)
    environment.pop("PYTHONPATH", None)
    environment.update({"COLUMNS": "200", "XDG_CACHE_HOME": str(cwd / "cache")}, **(env or {}))
    return subprocess.run(
        [str(BIN / program), *args], cwd=cwd, env=environment, capture_output=True, check=False
    )


def ok(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    return result.stdout.decode("utf-8")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder with a copy of the bundled store, away from the checkout."""
    shutil.copy(BUNDLED, tmp_path / "events.yaml")
    return tmp_path


def test_the_package_comes_from_the_venv(outside: Path) -> None:
    where = ok(run("-c", "import chronology; print(chronology.__file__)", cwd=outside,
                   program="python"))  # fmt: skip
    assert Path(where.strip()).is_relative_to(Path(VENV).resolve()), where
    assert not Path(where.strip()).is_relative_to(ROOT)
    from chronology import __version__

    assert ok(run("--version", cwd=outside)) == f"chronology, version {__version__}\n"
    assert ok(run("-m", "chronology", "--version", cwd=outside, program="python")).endswith(
        f"version {__version__}\n"
    )


def _package_files() -> set[str]:
    """Every file of the package in the checkout, as a path inside a wheel."""
    package = ROOT / "chronology"
    return {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_wheel_and_sdist_hold_every_file() -> None:
    if not DIST:
        pytest.fail("set CHRONOLOGY_DIST to the folder python -m build wrote")
    wheels = list(Path(DIST).glob("chronology-*.whl"))
    sdists = list(Path(DIST).glob("chronology-*.tar.gz"))
    assert len(wheels) == 1, os.listdir(DIST)
    assert len(sdists) == 1, os.listdir(DIST)
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
    missing = _package_files() - names
    assert not missing, f"the wheel lacks {sorted(missing)}"
    assert "chronology/renderers/__init__.py" in names
    with tarfile.open(sdists[0]) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        inside = {name.removeprefix(top + "/") for name in sdist.getnames()}
    for needed in (*_package_files(), "README.md", "LICENSE", "pyproject.toml"):
        assert needed in inside, f"the sdist lacks {needed}"


@pytest.mark.parametrize("store", sorted(STORES))
@pytest.mark.parametrize(("fmt", "args", "suffix"), VARIANTS)
def test_every_export_matches_the_golden_files(
    outside: Path, store: str, fmt: str, args: list[str], suffix: str
) -> None:
    result = run("export", fmt, "-f", str(STORES[store]), *args, cwd=outside)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == (GOLDEN / f"{store}.{suffix}").read_bytes()


def test_every_command_works(outside: Path) -> None:
    assert ok(run("validate", cwd=outside)) == "events.yaml: 9 events, no problems\n"
    assert "Fifth annual CNWG meeting" in ok(run("list", cwd=outside))
    assert "cnwg-5" in ok(run("show", "cnwg-5", cwd=outside))
    assert "meeting" in ok(run("tags", cwd=outside))
    assert "44 BC" in ok(run("help", "dates", cwd=outside))
    assert "bad-date" in ok(run("help", "codes", cwd=outside))
    for command in ("export", "import", "add", "list", "validate", "show", "edit", "tags",
                    "diff", "log", "cache"):  # fmt: skip
        assert "Usage: chronology" in ok(run(command, "--help", cwd=outside))
    ok(run("add", "--date", "2026-02", "--title", "Installed", "--tag", "wheel", cwd=outside))
    assert "Installed" in ok(run("list", "--tag", "wheel", cwd=outside))
    assert ok(run("validate", "--no-cache", cwd=outside)).startswith("events.yaml: 10 events")
    ics = outside / "out.ics"
    ok(run("export", "ics", "-o", str(ics), cwd=outside))
    fresh = outside / "fresh.yaml"
    result = run("import", str(ics), "-f", str(fresh), cwd=outside)
    assert b"10 added" in result.stderr, result.stderr.decode()
    assert ok(run("validate", "-f", str(fresh), cwd=outside)).startswith(f"{fresh}: 10 events")
    doc = outside / "README.md"
    doc.write_text("# X\n<!-- chronology:start -->\n<!-- chronology:end -->\n")
    ok(run("export", "md", "--inject", str(doc), "--heading-level", "3", cwd=outside))
    ok(run("export", "md", "--inject", str(doc), "--check", cwd=outside))
    earlier = ROOT / "examples" / "earlier.yaml"
    changes = ok(run("diff", str(earlier), str(outside / "events.yaml"), "--stat", cwd=outside))
    assert changes.endswith("events.yaml: 2 added, 1 renamed, 3 changed\n"), changes
    assert "entr" in ok(run("cache", "info", cwd=outside))


def test_bad_input_is_a_message_not_a_traceback(outside: Path) -> None:
    broken = ROOT / "examples" / "broken.yaml"
    result = run("validate", "-f", str(broken), cwd=outside)
    assert result.returncode == 1
    assert b"error[bad-date]" in result.stdout
    assert b"Traceback" not in result.stdout + result.stderr
    for args in (["show", "nope"], ["export", "nope"], ["list", "--from", "June"]):
        result = run(*args, cwd=outside)
        assert result.returncode in (1, 2), args
        assert b"Traceback" not in result.stderr
