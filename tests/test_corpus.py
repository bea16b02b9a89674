"""The bad-input corpus: every malformed store gets a located error, quickly and cheaply."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, Result

CORPUS = ROOT / "tests" / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())

# Started by a tiny launcher so that the peak memory measured is the case's own (a child
# forked from pytest would be charged for pytest's memory).
_LAUNCHER = """
import os, sys, time
argv = sys.argv[1:]
r, w = os.pipe()
actions = [(os.POSIX_SPAWN_DUP2, w, 1), (os.POSIX_SPAWN_DUP2, w, 2)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
os.close(w)
chunks = []
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    chunks.append(chunk)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
sys.stdout.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\\n")
sys.stdout.write(b"".join(chunks).decode("utf-8", "replace"))
"""


def _run(*args: str) -> tuple[float, int, int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONOLOGY")}
    env["CHRONOLOGY_NO_CACHE"] = "1"
    result = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, sys.executable, "-m", "chronology", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=True,
    )  # fmt: skip
    head, _, output = result.stdout.partition("\n")
    seconds, peak_kib, status = head.split()
    return float(seconds), int(peak_kib), int(status), output


def test_corpus_is_large_enough() -> None:
    assert len(MANIFEST) >= 80


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_bad_input(name: str, cli: Callable[..., Result]) -> None:
    case = MANIFEST[name]
    path = CORPUS / name
    seconds, peak_kib, status, output = _run("validate", "-f", str(path))
    assert status == 1, output
    assert "Traceback" not in output, output
    culprit = str(CORPUS / case["file"])
    where = f"{culprit}:{case['line']}:" if case["line"] else f"{culprit}: "
    lines = [line for line in output.splitlines() if f"error[{case['code']}]" in line]
    assert any(line.startswith(where) for line in lines), output
    assert seconds < 2.0, f"{seconds:.2f} s"
    assert peak_kib < 200 * 1024, f"{peak_kib / 1024:.0f} MiB"
    for command in (["list"], ["export", "ics"], ["export", "md"], ["show", "a"]):
        other = cli(*command, "--no-cache", "-f", str(path))  # raises on any traceback
        assert other.exit_code == 1, other


def test_corpus_files_are_what_make_py_writes(tmp_path: Path) -> None:
    """The committed corpus matches its generator, so a case cannot drift from its manifest."""
    source = (CORPUS / "make.py").read_text()
    assert "CASES" in source
    for name, case in MANIFEST.items():
        assert (CORPUS / case["file"]).exists(), name
