"""`chronology diff` and `chronology log` on real git repositories with scripted histories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from chronology.changes import word_diff

from .conftest import Result

Cli = Callable[..., Result]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

BASE = """\
title: History
events:
  - id: talks
    date: 2021-06
    title: Talks begin
    summary: |
      The two sides meet in Vienna to discuss precursor chemicals and data sharing.
    tags: [cnwg, talks]
    people: [Kemp Chester]
    sources:
      - https://example.org/talks
  - id: summit
    date: 2022-03-10
    end: 2022-03-12
    title: Summit
  - id: accord
    date: 2023
    title: Accord signed
    location: Delhi
    sources: [https://example.org/accord]
  - id: old-name
    date: 2019-01-05
    title: Early contact
  - id: dropped
    date: 2018
    title: To be removed
"""


class Repo:
    """A temporary git repository with a store, committed step by step."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Fact Checker")
        self.git("config", "user.email", "checker@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return done.stdout

    def write(self, text: str, name: str = "events.yaml") -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def _edited(text: str) -> str:
    """Every kind of change to BASE: refine, shift, qualify, source, summary, end, rename,
    tag, removal, addition."""
    text = text.replace("date: 2021-06\n", "date: 2021-06-02\n")  # refined
    text = text.replace("date: 2022-03-10\n", "date: 2022-03-13\n")  # moved later by 3 days
    text = text.replace("    end: 2022-03-12\n", "")  # end removed
    text = text.replace("date: 2023\n", "date: 2023?\n")  # now uncertain
    text = text.replace("    sources: [https://example.org/accord]\n", "")
    text = text.replace(
        "      - https://example.org/talks\n",
        "      - https://example.org/talks\n      - url: https://example.org/minutes\n"
        "        title: Minutes\n",
    )
    text = text.replace(
        "precursor chemicals and data", "precursor chemicals, synthetic drugs and data"
    )
    text = text.replace("tags: [cnwg, talks]", "tags: [cnwg, vienna]")
    text = text.replace("people: [Kemp Chester]", "people: [Kemp Chester, Sara Carter]")
    text = text.replace("id: old-name", "id: first-contact")  # renamed
    text = text.replace("  - id: dropped\n    date: 2018\n    title: To be removed\n", "")
    return text + "  - id: fresh\n    date: 2024-01-15\n    title: New event\n"


def test_every_kind_of_change_in_words(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE)
    repo.commit("base")
    repo.write(_edited(BASE))
    result = cli("diff", "-f", str(store))
    assert result.exit_code == 0, result
    out = result.stdout
    assert out.splitlines()[0] == ("HEAD -> working tree: 1 added, 1 removed, 1 renamed, 3 changed")
    for said in (
        "date refined from Jun 2021 to 2 Jun 2021",
        "date moved later by 3 days: from 10 Mar 2022 to 13 Mar 2022",
        "end removed (was 12 Mar 2022)",
        "date now uncertain",
        "source removed: https://example.org/accord",
        "source added: https://example.org/minutes (Minutes)",
        "summary edited: … in Vienna to discuss precursor [-chemicals-] "
        "{+chemicals, synthetic drugs+} and data sharing.",
        "tag added: vienna",
        "tag removed: talks",
        "person added: Sara Carter",
        "renamed from old-name",
        "+ 15 Jan 2024  New event  (fresh)",
        "- 2018  To be removed  (dropped)",
    ):
        assert said in out, (said, out)
    assert "renamed" in out
    assert "removed  (old-name)" not in out


def test_exit_code_and_stat(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE)
    repo.commit("base")
    same = cli("diff", "--exit-code", "-f", str(store))
    assert same.exit_code == 0
    assert same.stdout == "HEAD -> working tree: no changes\n"
    repo.write(_edited(BASE))
    assert cli("diff", "-f", str(store)).exit_code == 0
    changed = cli("diff", "--exit-code", "--stat", "-f", str(store))
    assert changed.exit_code == 1
    assert changed.stdout == "HEAD -> working tree: 1 added, 1 removed, 1 renamed, 3 changed\n"


def test_markdown_report_is_a_table_with_links(repo: Repo, cli: Cli) -> None:
    from markdown_it import MarkdownIt

    store = repo.write(BASE)
    repo.commit("base")
    edited = _edited(BASE).replace("title: Summit", "title: Summit | <b>bold</b> *x*")
    repo.write(edited + "    sources: [https://example.org/new]\n")
    result = cli("diff", "--format", "md", "-f", str(store))
    tokens = MarkdownIt("gfm-like").parse(result.stdout)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + 6  # header and one row per event
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    assert len(cells) == 4 * 7  # a | in a title does not split its cell
    html = MarkdownIt("gfm-like").render(result.stdout)
    assert '<a href="https://example.org/new">example.org</a>' in html
    assert "date refined from Jun 2021 to 2 Jun 2021" in html
    assert "Summit | &lt;b&gt;bold&lt;/b&gt; *x*" in html  # text, not markup


def test_json_report(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE)
    first = repo.commit("base")
    repo.write(
        _edited(BASE).replace("title: Early contact", "title: Early contact\n    x-score: .inf")
    )
    second = repo.commit("edit")
    result = cli("diff", first, second, "--format", "json", "-f", str(store))

    def no_constants(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    document = json.loads(result.stdout, parse_constant=no_constants)
    assert document["counts"] == {
        "added": 1, "removed": 1, "renamed": 1, "moved": 0, "changed": 3
    }  # fmt: skip
    assert document["old"]["label"] == first
    renamed = next(c for c in document["changes"] if c["kind"] == "renamed")
    assert renamed["event"]["x-score"] == ".inf"  # JSON holds no infinity: YAML's spelling
    assert (renamed["old_id"], renamed["id"]) == ("old-name", "first-contact")
    summit = next(c for c in document["changes"] if c["id"] == "summit")
    assert [c["field"] for c in summit["changes"]] == ["date", "end"]
    assert summit["changes"][0]["old"] == "2022-03-10"


def test_moved_between_files_of_a_directory_store(repo: Repo, cli: Cli) -> None:
    a, b, c = (f"  - id: {x}\n    date: {y}\n    title: {x.upper()}\n" for x, y in
               (("a", 2021), ("b", 2022), ("c", 2023)))  # fmt: skip
    one = "events:\n" + a + b
    repo.write(one, "store/one.yaml")
    repo.write("events:\n" + c, "store/two.yaml")
    repo.commit("two files")
    repo.write("events:\n" + a, "store/one.yaml")
    repo.write("events:\n" + c + b, "store/two.yaml")
    result = cli("diff", "-f", str(repo.root / "store"))
    assert result.stdout == (
        "HEAD -> working tree: 1 moved\n> 2022  B  (b)\n    moved from one.yaml to two.yaml\n"
    )


def test_a_revision_without_the_store(repo: Repo, cli: Cli) -> None:
    repo.write("# nothing yet\n", "README")
    first = repo.commit("empty")
    store = repo.write(BASE)
    repo.commit("store")
    result = cli("diff", first, "HEAD", "-f", str(store))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{first} -> HEAD: 5 added\n")
    assert "the old side" in result.stderr
    assert "has no store" in result.stderr


def test_unknown_revision_and_outside_a_repository(repo: Repo, cli: Cli, tmp_path: Path) -> None:
    store = repo.write(BASE)
    repo.commit("base")
    bad = cli("diff", "no-such-branch", "-f", str(store))
    assert bad.exit_code == 1
    assert "unknown revision 'no-such-branch'" in bad.stderr
    assert "Traceback" not in bad.stderr
    outside = tmp_path / "loose"
    outside.mkdir()
    (outside / "events.yaml").write_text(BASE)
    lost = cli("diff", "-f", str(outside / "events.yaml"))
    assert lost.exit_code == 1
    assert "is not in a git repository" in lost.stderr
    assert "chronology diff OLD.yaml NEW.yaml" in lost.stderr


def test_an_invalid_side_is_reported_and_the_rest_compared(repo: Repo, cli: Cli) -> None:
    broken = BASE.replace("date: 2023\n", "date: 2023-02-30\n")
    store = repo.write(broken)
    repo.commit("broken")
    repo.write(BASE.replace("title: Summit", "title: Summit in Delhi"))
    result = cli("diff", "-f", str(store))
    assert result.exit_code == 0
    assert "old side: " in result.stderr
    assert "error[bad-date]" in result.stderr
    assert "the old side (HEAD) is invalid (1 error)" in result.stderr
    # accord could not be read before: it is new; summit changed its title.
    assert "1 added, 1 changed" in result.stdout
    assert "title changed from 'Summit' to 'Summit in Delhi'" in result.stdout


def test_staged_and_two_paths(repo: Repo, cli: Cli, tmp_path: Path) -> None:
    store = repo.write(BASE)
    repo.commit("base")
    repo.write(BASE.replace("title: Summit", "title: Staged"))
    repo.git("add", "events.yaml")
    repo.write(BASE.replace("title: Summit", "title: Unstaged"))
    staged = cli("diff", "--staged", "-f", str(store))
    assert "title changed from 'Summit' to 'Staged'" in staged.stdout
    assert staged.stdout.startswith("HEAD -> index: 1 changed")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE)
    new.write_text(_edited(BASE))
    paths = cli("diff", str(old), str(new), "--stat")
    assert paths.stdout == f"{old} -> {new}: 1 added, 1 removed, 1 renamed, 3 changed\n"
    assert "moved from" not in cli("diff", str(old), str(new)).stdout  # one file each


def test_hostile_text_is_escaped(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE)
    repo.commit("base")
    repo.write(BASE.replace("title: Summit", 'title: "Summit\\e]0;pwned\\a\\u202e"'))
    result = cli("diff", "-f", str(store))
    assert "\x1b" not in result.stdout
    assert "\u202e" not in result.stdout
    assert "\\x1b]0;pwned\\x07\\u202e" in result.stdout


def test_log_follows_an_event_through_renames(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE)
    repo.commit("add the store")
    repo.write(BASE.replace("date: 2019-01-05", "date: 2019-01"))
    repo.commit("less precise")
    repo.write(
        BASE.replace("date: 2019-01-05", "date: 2019-01").replace("id: old-name", "id: contact")
    )
    repo.commit("rename the id")
    repo.git("mv", "events.yaml", "chronology.yaml")
    repo.commit("rename the file")
    moved = repo.root / "chronology.yaml"
    text = moved.read_text().replace("title: Early contact", "title: First contact")
    moved.write_text(text)
    repo.commit("retitle")
    repo.write(text.replace("title: Summit", "title: Summit!"), "chronology.yaml")
    repo.commit("unrelated change")
    result = cli("log", "contact", "-f", str(moved))
    assert result.exit_code == 0, result
    blocks = [b for b in result.stdout.split("\n") if not b.startswith("    ")]
    assert [b.split(": ", 1)[1] for b in blocks if b] == [
        "retitle", "rename the id", "less precise", "add the store"
    ]  # fmt: skip
    assert "title changed from 'Early contact' to 'First contact'" in result.stdout
    assert "renamed from old-name" in result.stdout
    assert "date made less precise: from 5 Jan 2019 to Jan 2019" in result.stdout
    assert "added: 5 Jan 2019  Early contact" in result.stdout
    assert "Fact Checker" in result.stdout
    del store


def test_log_of_an_unknown_event(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE)
    repo.commit("base")
    result = cli("log", "nothing", "-f", str(store))
    assert result.exit_code == 1
    assert "no commit of the store has an event 'nothing'" in result.stderr


def test_log_reads_events_written_in_other_ways(repo: Repo, cli: Cli) -> None:
    """Flow mappings and keys in another order are found by reading the whole file."""
    store = repo.write("events:\n  - {id: a, date: 2021, title: A}\n")
    repo.commit("flow")
    repo.write("events:\n  - date: 2021-05\n    id: a\n    title: A\n")
    repo.commit("block, id second")
    result = cli("log", "a", "-f", str(store), "--format", "json")
    entries = json.loads(result.stdout)
    assert [e["subject"] for e in entries] == ["block, id second", "flow"]
    assert entries[0]["changes"] == ["date refined from 2021 to May 2021"]


def test_log_of_a_directory_store(repo: Repo, cli: Cli) -> None:
    repo.write("events:\n  - id: a\n    date: 2021\n    title: A\n", "store/one.yaml")
    repo.commit("one")
    repo.write("events: []\n", "store/one.yaml")
    repo.write("events:\n  - id: a\n    date: 2021\n    title: A moved\n", "store/two.yaml")
    repo.commit("move and retitle")
    result = cli("log", "a", "-f", str(repo.root / "store"))
    assert "title changed from 'A' to 'A moved'" in result.stdout
    assert result.stdout.count("Fact Checker") == 2


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b c", "a b c", "(spacing and line breaks only)"),
        ("a b c", "a x c", "a [-b-] {+x+} c"),
        ("a c", "a b c", "a {+b+} c"),
        ("a b c", "a c", "a [-b-] c"),
        ("one two three four five six seven eight nine ten eleven twelve end",
         "one two three four five six seven eight nine ten eleven twelve END",
         "… eight nine ten eleven twelve [-end-] {+END+}"),
        ("start " + "w " * 20 + "stop", "begin " + "w " * 20 + "stop",
         "[-start-] {+begin+} w w w w w …"),
    ],
)  # fmt: skip
def test_word_diff(old: str, new: str, expected: str) -> None:
    assert word_diff(old, new) == expected


def test_git_is_run_in_the_store_repository(repo: Repo, cli: Cli, tmp_path: Path) -> None:
    """The working directory may be anywhere: git runs where the store is."""
    store = repo.write(BASE)
    repo.commit("base")
    repo.write(BASE.replace("title: Summit", "title: Elsewhere"))
    os.chdir(tmp_path)
    assert "1 changed" in cli("diff", "-f", str(store)).stdout


def test_a_revision_equal_to_the_working_tree_comes_from_the_cache(
    repo: Repo, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache serves a revision whose bytes it validated, with the same result."""
    from chronology import validate

    store = repo.write(BASE)
    first = repo.commit("base")
    repo.write(_edited(BASE))
    repo.commit("edit")
    cold = cli("diff", first, "HEAD", "--format", "json", "--no-cache", "-f", str(store))
    assert cli("list", "-f", str(store)).exit_code == 0  # fills the cache for HEAD's bytes
    calls = []
    real = validate.validate_sources
    monkeypatch.setattr(
        validate, "validate_sources", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    warm = cli("diff", first, "HEAD", "--format", "json", "-f", str(store))
    assert warm.stdout == cold.stdout
    assert len(calls) == 1  # only the old side was read


def test_log_reads_the_whole_file_when_an_item_cannot_stand_alone(repo: Repo, cli: Cli) -> None:
    """A comment at column 0 inside an item, or an alias to an anchor outside it."""
    store = repo.write(
        "x-place: &place Vienna\nevents:\n  - id: a\n    date: 2021\n# a note\n"
        "    title: A\n    location: *place\n"
    )
    repo.commit("first")
    repo.write(
        "x-place: &place Vienna\nevents:\n  - id: a\n    date: 2021-06\n# a note\n"
        "    title: A\n    location: *place\n"
    )
    repo.commit("second")
    entries = json.loads(cli("log", "a", "-f", str(store), "--format", "json").stdout)
    assert [(e["subject"], e["kind"], e["changes"]) for e in entries] == [
        ("second", "changed", ["date refined from 2021 to Jun 2021"]),
        ("first", "added", []),
    ]


def test_rename_with_other_changes_and_move_with_changes(cli: Cli, tmp_path: Path) -> None:
    """Same date and title under a new id is a rename, with its other changes listed; an
    event moved to another file and edited is changed, with the move among its changes."""
    old, new = tmp_path / "old", tmp_path / "new"
    for side in (old, new):
        side.mkdir()
    (old / "a.yaml").write_text(
        "events:\n  - id: x\n    date: 2021\n    title: X\n"
        "  - id: y\n    date: 2022\n    title: Y\n"
    )
    (old / "b.yaml").write_text("events: []\n")
    (new / "a.yaml").write_text(
        "events:\n  - id: x-renamed\n    date: 2021\n    title: X\n    location: Vienna\n"
    )
    (new / "b.yaml").write_text("events:\n  - id: y\n    date: 2022\n    title: Y moved\n")
    result = cli("diff", str(old), str(new))
    assert result.stdout.splitlines() == [
        f"{old} -> {new}: 1 renamed, 1 changed",
        "> 2021  X  (x-renamed)",
        "    renamed from x",
        "    location added: Vienna",
        "~ 2022  Y moved  (y)",
        "    moved from a.yaml to b.yaml",
        "    title changed from 'Y' to 'Y moved'",
    ]


def test_revisions_that_look_like_options_and_odd_paths(repo: Repo, cli: Cli) -> None:
    store = repo.write(BASE, ":(glob)*.yaml")  # pathspec magic in a file name
    repo.commit("odd name")
    repo.write(BASE.replace("title: Summit", "title: Summit 2"), ":(glob)*.yaml")
    result = cli("diff", "-f", str(store), "--stat")
    assert result.stdout == "HEAD -> working tree: 1 changed\n", result
    option = cli("diff", "-f", str(store), "--", "--output=/tmp/x")
    assert option.exit_code == 1
    assert "is not a revision" in option.stderr


def test_a_repository_without_commits(repo: Repo, cli: Cli) -> None:
    """As `git diff` does before the first commit: everything is new."""
    store = repo.write(BASE)
    result = cli("diff", "--stat", "-f", str(store))
    assert result.exit_code == 0, result
    assert result.stdout == "HEAD (no commits yet) -> working tree: 5 added\n"
    repo.git("add", "events.yaml")
    assert cli("diff", "--staged", "--stat", "-f", str(store)).stdout.endswith("index: 5 added\n")
    logged = cli("log", "talks", "-f", str(store))
    assert logged.exit_code == 1
    assert "no commit of the store has an event 'talks'" in logged.stderr
