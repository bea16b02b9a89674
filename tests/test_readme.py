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


def _blocks() -> list[list[tuple[str, str]]]:
    """Each fenced block's `$ chronology …` commands with the output that follows them."""
    blocks = []
    for fence in re.findall(r"^(`{3,})[a-z]*\n(.*?)^\1$", README, flags=re.S | re.M):
        lines = fence[1].splitlines()
        examples = []
        for i, line in enumerate(lines):
            if not line.startswith("$ chronology"):
                continue
            output = []
            for following in lines[i + 1 :]:
                if following.startswith("$ "):
                    break
                output.append(following)
            examples.append((line[2:], "\n".join(output)))
        if examples:
            blocks.append(examples)
    return blocks


BLOCKS = _blocks()


def test_readme_has_examples() -> None:
    assert sum(len(b) for b in BLOCKS) >= 15


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0][0] for b in BLOCKS])
def test_readme_examples(
    block: list[tuple[str, str]],
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The commands of one block run in order in one directory, as a reader would."""
    shutil.copy(BUNDLED, tmp_path / "events.yaml")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for command, expected in block:
        result = cli(*shlex.split(command)[1:])
        assert (result.stdout + result.stderr).rstrip("\n") == expected, command


def test_readme_shows_no_path_of_this_machine() -> None:
    for path in ("/tmp/", "/work/", "/root/", "/home/", str(ROOT)):
        assert path not in README, path
