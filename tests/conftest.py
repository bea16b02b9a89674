"""Shared fixtures: a CliRunner helper that shows output when an assertion fails."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from chronology.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "events.yaml"


@dataclass
class Result:
    """What a CLI invocation printed and returned."""

    exit_code: int
    stdout: str
    stderr: str
    #: stdout exactly as written (`stdout` has CRLF turned into LF by click's runner)
    stdout_bytes: bytes = b""

    def __str__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real home, cache, temporary directory or environment settings.

    (`edit` keeps the copy of an abandoned edit in a temporary folder, by design: those
    copies go to the test's own folder, which pytest cleans up.)
    """
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    scratch = str(tmp_path_factory.mktemp("tmp"))
    monkeypatch.setenv("TMPDIR", scratch)
    monkeypatch.setattr(tempfile, "tempdir", scratch)
    for name in ("CHRONOLOGY_FILE", "CHRONOLOGY_TZ", "NO_COLOR", "SOURCE_DATE_EPOCH", "PAGER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the CLI in-process: `cli("list", "-f", path)` returns a Result."""

    def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(main, list(args), input=stdin, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return invoke


@pytest.fixture
def store(tmp_path: Path) -> Callable[..., str]:
    """Write a store file from text: `store("events: []")` returns its path as a string."""

    def write(text: str, name: str = "events.yaml") -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/* from the current output (review the diff!).",
    )


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("COLUMNS", "200")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes], None]:
    """Compare bytes with tests/golden/NAME, or rewrite it under --update-golden."""

    def compare(name: str, data: bytes) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review"
        assert data == path.read_bytes(), f"output differs from {path}"

    return compare


def node_oracle(script: str, data: bytes) -> object:
    """Run an npm-based oracle under tests/js on `data`; skip (or fail in CI) without it."""
    import json
    import shutil
    import subprocess

    folder = ROOT / "tests" / "js"
    required = os.environ.get("CHRONOLOGY_REQUIRE_ORACLES") == "1"
    if shutil.which("node") is None or not (folder / "node_modules").is_dir():
        message = "npm oracles missing: run 'npm ci --prefix tests/js'"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        ["node", str(folder / script)], input=data, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def flat_tokens(tokens: list[Any]) -> list[Any]:
    """markdown-it's tokens with every inline token's children after it, in order."""
    found = []
    for token in tokens:
        found.append(token)
        found.extend(flat_tokens(token.children or []))
    return found
