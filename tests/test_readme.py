"""The README's examples are real: each `$ chronology …` line prints what follows it."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import BUNDLED, ROOT, Result

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[str, str]]:
    examples = []
    for block in re.findall(r"^(`{3,})\n(.*?)^\1$", README, flags=re.S | re.M):
        lines = block[1].splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ chronology"):
                continue
            output = []
            for following in lines[i + 1 :]:
                if following.startswith("$ "):
                    break
                output.append(following)
            examples.append((line[2:], "\n".join(output)))
    return examples


EXAMPLES = _examples()


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(
    command: str,
    expected: str,
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copy(BUNDLED, tmp_path / "events.yaml")
    shutil.copy(ROOT / "tests" / "fixtures" / "broken.yaml", tmp_path / "broken.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli(*shlex.split(command)[1:])
    assert (result.stdout + result.stderr).rstrip("\n") == expected
