"""Fitting where people work: schema, completion, pre-commit, docs-as-code, tags, pager."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shlex
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.shell_completion import ShellComplete

import chronology
from chronology.cli import main
from chronology.rules import EVENT_KEYS, SOURCE_KEYS, STORE_KEYS

from .conftest import BUNDLED, ROOT, Result
from .test_corpus import CORPUS, MANIFEST

Cli = Callable[..., Result]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _schema(cli: Cli) -> dict[str, object]:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema  # type: ignore[no-any-return]


def _validator(cli: Cli) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(cli))


@pytest.mark.parametrize(
    "path", [BUNDLED, ROOT / "tests" / "fixtures" / "hard.yaml"], ids=lambda p: p.name
)
def test_valid_stores_pass_the_schema(cli: Cli, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = list(_validator(cli).iter_errors(json.loads(json.dumps(data, default=str))))
    assert errors == []


def _editor_loadable(name: str) -> bool:
    """Whether a schema-driven editor could load the file as YAML at all."""
    try:
        yaml.safe_load((CORPUS / name).read_bytes())
    except yaml.YAMLError:
        return False
    return True


STRUCTURAL = sorted(
    name
    for name, case in MANIFEST.items()
    if case["code"] in ("unknown-key", "missing-key", "wrong-type", "not-a-store")
    and (CORPUS / name).is_file()
    and _editor_loadable(name)
)


@pytest.mark.parametrize("name", STRUCTURAL)
def test_structural_mistakes_fail_the_schema(cli: Cli, name: str) -> None:
    data = yaml.safe_load((CORPUS / name).read_bytes())
    document = json.loads(json.dumps(data, default=str))
    assert list(_validator(cli).iter_errors(document)), name


def test_schema_and_validator_agree_on_keys(cli: Cli) -> None:
    defs = _schema(cli)["$defs"]
    assert isinstance(defs, dict)
    assert set(defs["store"]["properties"]) == set(STORE_KEYS)
    assert set(defs["event"]["properties"]) == set(EVENT_KEYS)
    source = defs["event"]["properties"]["sources"]["items"]["oneOf"][1]
    assert set(source["properties"]) == set(SOURCE_KEYS)
    assert set(defs["event"]["required"]) == {"id", "date", "title"}


def test_readme_shows_the_schema_line() -> None:
    assert "# yaml-language-server: $schema=./chronology.schema.json" in README


# ------------------------------------------------------------------ shell completion


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(cli: Cli, shell: str) -> None:
    result = cli("completion", shell)
    assert result.exit_code == 0
    assert "_CHRONOLOGY_COMPLETE" in result.stdout


def _complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(main, {}, "chronology", "_CHRONOLOGY_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_completion_of_ids_tags_and_formats() -> None:
    store = str(BUNDLED)
    assert _complete(["show", "-f", store], "cnwg-") == [f"cnwg-{i}" for i in range(1, 6)]
    assert _complete(["list", "-f", store, "--tag"], "pre") == ["precursors"]
    assert _complete(["export"], "") == [
        "markdown",
        "ics",
        "json",
        "csv",
        "html",
        "markwhen",
        "timelinejs",
        "svg",
    ]
    assert "validate" in _complete([], "va")
    assert _complete(["list", "--tablefmt"], "gith") == ["github"]
    assert _complete(["show", "-f", "/nonexistent.yaml"], "") == []


def test_completion_through_the_environment_protocol() -> None:
    env = {**os.environ, "_CHRONOLOGY_COMPLETE": "bash_complete",
           "COMP_WORDS": f"chronology show -f {BUNDLED} dpe", "COMP_CWORD": "4"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "chronology"], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert "dpewg-1" in result.stdout


# ------------------------------------------------------------------ pre-commit


def test_pre_commit_hook(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "chronology-validate"
    assert re.search(hook["files"], "docs/events.yaml")
    assert not re.search(hook["files"], "mkdocs.yml")
    good = tmp_path / "events.yaml"
    good.write_bytes(BUNDLED.read_bytes())
    bad = tmp_path / "bad" / "events.yaml"
    bad.parent.mkdir()
    bad.write_text("events:\n  - id: a\n    date: 2021-02-30\n    title: A\n")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "chronology"
    command = [sys.executable, "-m", "chronology", *entry[1:]]
    ok = subprocess.run([*command, str(good)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout
    failed = subprocess.run(
        [*command, str(good), str(bad)], capture_output=True, text=True, check=False
    )
    assert failed.returncode == 1
    assert f"{bad}:3:11: error[bad-date]" in failed.stdout


# ------------------------------------------------------------------ docs as code

DOC = """\
# My project

Some text that must stay *exactly* as it is.
<!-- chronology:start -->
stale
<!-- chronology:end -->

Trailing text.
"""


def test_inject_replaces_only_between_markers(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_bytes(DOC.encode())
    check = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--check")
    assert check.exit_code == 1
    assert "-stale" in check.stdout
    assert doc.read_bytes() == DOC.encode()
    result = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--heading-level", "2")
    assert result.exit_code == 0, result
    text = doc.read_bytes().decode()
    head, rest = text.split("<!-- chronology:start --heading-level 2 -->")
    body, tail = rest.split("<!-- chronology:end -->")
    assert head == DOC.split("<!-- chronology:start -->", maxsplit=1)[0]
    assert tail == DOC.split("<!-- chronology:end -->")[1]
    assert body.startswith("\n\n## India–US counter-narcotics cooperation\n")
    assert "### 2020" in body
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    # The marker recorded --heading-level 2: a plain --check makes the same timeline.
    again = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--check")
    assert again.exit_code == 0, again
    assert "up to date" in again.stderr
    assert doc.read_bytes().decode() == text


def test_inject_marker_records_the_shaping_options(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_bytes(DOC.encode())
    made = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--heading-level", "3",
               "--tag", "cnwg", "--tag", "mou", "--from", "2020", "--reverse", "--search", "a b",
               "--style", "table", "--limit", "4")  # fmt: skip
    assert made.exit_code == 0, made
    marker = ("<!-- chronology:start --from 2020 --tag cnwg --tag mou --search 'a b' --limit 4 "
              "--reverse --style table --heading-level 3 -->")  # fmt: skip
    text = doc.read_text()
    assert marker in text
    expected = cli("export", "md", "-f", str(BUNDLED), "--heading-level", "3", "--tag", "cnwg",
                   "--tag", "mou", "--from", "2020", "--reverse", "--search", "a b",
                   "--style", "table", "--limit", "4").stdout  # fmt: skip
    assert text.split(marker)[1].split("<!-- chronology:end -->")[0].strip() == expected.strip()
    # Refreshing from the marker alone changes nothing; an option on the command line wins
    # over the recorded one (and is recorded in turn).
    assert cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--check").exit_code == 0
    changed = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--check",
                  "--heading-level", "2")  # fmt: skip
    assert changed.exit_code == 1
    assert "+<!-- chronology:start --from 2020" in changed.stdout
    assert "--heading-level 2 -->" in changed.stdout
    assert doc.read_text() == text
    # Recorded options are dropped by an empty marker only, never by omission.
    cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--limit", "2")
    assert "--limit 2 --reverse --style table --heading-level 3 -->" in doc.read_text()


@pytest.mark.parametrize(
    ("recorded", "message"),
    [
        ("--output x.md", "records --output; a marker may record --columns, --from, --heading"),
        ("-f other.yaml", "records --file"),
        ("--help", "records --help"),
        ("--limit -3", "do not parse: Invalid value for '--limit'"),
        ("--style 'table", "No closing quotation"),
        ("extra", "do not parse: Got unexpected extra argument (extra)"),
    ],
)
def test_inject_refuses_a_marker_it_cannot_follow(
    cli: Cli, tmp_path: Path, recorded: str, message: str
) -> None:
    doc = tmp_path / "README.md"
    text = DOC.replace("chronology:start", f"chronology:start {recorded}")
    doc.write_text(text)
    for check in ([], ["--check"]):
        result = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), *check)
        assert result.exit_code == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert doc.read_text() == text


def test_inject_refuses_values_a_marker_cannot_hold(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(DOC)
    result = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--search", "a-->b")
    assert result.exit_code == 1
    assert "cannot record" in result.stderr
    assert doc.read_text() == DOC


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no markers here\n", "must contain"),
        ("<!-- chronology:start -->\n<!-- chronology:start -->\n<!-- chronology:end -->\n",
         "found 2 and 1"),
        ("<!-- chronology:end -->\n<!-- chronology:start -->\n", "comes before"),
    ],
)  # fmt: skip
def test_inject_needs_its_markers(cli: Cli, tmp_path: Path, text: str, message: str) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(text)
    result = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc))
    assert result.exit_code == 1
    assert message in result.stderr
    assert doc.read_text() == text


def test_inject_is_markdown_only(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", "ics", "-f", str(BUNDLED), "--inject", str(tmp_path / "x.md"))
    assert result.exit_code == 2


# ------------------------------------------------------------------ tags


def test_tags(cli: Cli) -> None:
    text = cli("tags", "-f", str(BUNDLED)).stdout.splitlines()
    assert text[:2] == ["6  meeting", "5  cnwg"]
    document = json.loads(cli("tags", "-f", str(BUNDLED), "--format", "json").stdout)
    assert document[0] == {"tag": "meeting", "events": 6}
    assert [d["events"] for d in document] == sorted((d["events"] for d in document), reverse=True)
    assert sum(d["events"] for d in document) == sum(
        len(e.tags) for e in chronology.load(str(BUNDLED)).events
    )


# ------------------------------------------------------------------ pager


def _on_a_terminal(args: list[str], env: dict[str, str], delay: float | None = None) -> str:
    """What `chronology ARGS` shows on a terminal; with `delay`, progress shows that soon."""
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "chronology"]
    if delay is not None:
        command = [
            sys.executable, "-c",
            f"import chronology.progress as p; p.DELAY = {delay}; p._TICK = 0.02\n"
            "from chronology.cli import run; run()",
        ]  # fmt: skip
    process = subprocess.Popen(
        [*command, *args], stdout=secondary, stderr=secondary,
        stdin=subprocess.DEVNULL, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_pager_on_a_terminal_only(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c " + shlex.quote(
        f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"
    )
    env = {**os.environ, "PAGER": pager, "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    _on_a_terminal(["list"], env)
    assert "Inaugural meeting" in paged.read_text()
    paged.unlink()
    shown = _on_a_terminal(["show", "cnwg-3"], env)
    assert "Third CNWG meeting" in paged.read_text()
    paged.unlink()
    direct = _on_a_terminal(["list", "--no-pager"], env)
    assert "Inaugural meeting" in direct
    assert not paged.exists()
    piped = subprocess.run(
        [sys.executable, "-m", "chronology", "list"], env=env, capture_output=True, text=True,
        cwd=ROOT, check=False,
    )  # fmt: skip
    assert "Inaugural meeting" in piped.stdout
    assert not paged.exists()
    _ = shown


# ------------------------------------------------------------------ library and help


def test_library_example_in_readme_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(textwrap.dedent(block), "README.md", "exec"), {})


def test_public_api() -> None:
    assert (Path(chronology.__file__).parent / "py.typed").exists()
    for name in chronology.__all__:
        assert getattr(chronology, name) is not None


def _commands() -> list[tuple[str, object]]:
    return sorted(main.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_is_documented(cli: Cli, name: str, command: object) -> None:
    assert f"### `chronology {name}`" in README
    help_text = cli(name, "--help").stdout
    assert "Example" in help_text
    for param in command.params:  # type: ignore[attr-defined]
        for option in getattr(param, "opts", []):
            if option.startswith("-") and option not in ("-h", "--help"):
                assert option in README, f"{name} {option} is not in the README"


# ------------------------------------------------------------------ progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_is_drawn_then_erased(monkeypatch: pytest.MonkeyPatch) -> None:
    from chronology import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "_TICK", 0.01)
    monkeypatch.delenv("TERM", raising=False)
    stream = _Terminal()
    with progress.Progress("exporting ics", 200, stream=stream) as report:
        for seen, _ in enumerate(progress.Counted(list(range(200)), report), 1):
            if seen == 100:
                time.sleep(0.2)  # long enough for a few redraws at 50%
    text = stream.getvalue()
    assert "chronology: exporting ics… 50%" in text
    assert text.endswith("\r")
    assert text.split("\r")[-2].strip() == ""  # the last thing written is a blank line
    assert report.done == 200


def test_progress_line_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from chronology import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.delenv("TERM", raising=False)
    stream = _Terminal()
    with progress.Progress("reading /a/very/long/path/" + "x" * 80 + "/events.yaml", 4, stream):
        time.sleep(0.1)
    drawn = [part for part in stream.getvalue().split("\r") if part.strip()]
    assert drawn
    assert all(len(part) <= 39 for part in drawn)
    assert drawn[0].startswith("…")
    assert drawn[0].endswith("events.yaml… 0%")


def test_no_progress_off_a_terminal_or_on_a_dumb_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from chronology import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    plain = io.StringIO()
    with progress.Progress("reading", 10, stream=plain):
        time.sleep(0.05)
    assert plain.getvalue() == ""
    monkeypatch.setenv("TERM", "dumb")
    dumb = _Terminal()
    with progress.Progress("reading", 10, stream=dumb):
        time.sleep(0.05)
    assert dumb.getvalue() == ""


@pytest.mark.parametrize("comment", ["# generated", "#\tgenerated"], ids=["quick", "full-way"])
def test_long_load_shows_progress_on_a_terminal(tmp_path: Path, comment: str) -> None:
    """A cold load of a large store: the terminal sees a percentage, then the result on a
    clean line. (The line waits a second; here it is told to come sooner, so that the
    test does not depend on how fast this machine is. A tab sends the file the full way.)"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from run import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    store = tmp_path / "big.yaml"
    store.write_text(f"{comment}\n" + generate(20_000), encoding="utf-8")
    env = {**os.environ, "TERM": "xterm"}
    shown = _on_a_terminal(["validate", "--no-cache", "-f", str(store)], env, delay=0.05)
    assert re.search(r"chronology: reading .*big\.yaml… [1-9]\d*%", shown), shown[-500:]
    last = shown.replace("\r\n", "\n").split("\r")[-1]
    assert last.strip().endswith("20000 events, no problems"), shown[-500:]
    piped = subprocess.run(
        [sys.executable, "-m", "chronology", "validate", "--no-cache", "-f", str(store)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert "reading" not in piped.stderr + piped.stdout


# ------------------------------------------------------------------ lean start


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    """Top-level modules a command imports, from `python -X importtime`."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "chronology", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--version"], set()),
        (["validate"], set()),
        (["validate", "--no-cache"], {"yaml"}),
        (["list"], {"tabulate"}),
        (["show", "cnwg-3"], set()),
        (["tags"], set()),
        (["export", "ics"], set()),
        (["export", "md"], set()),
        (["export", "csv"], {"csv"}),
        (["export", "json"], {"json"}),
    ],
)
def test_each_command_imports_only_what_it_needs(
    args: list[str], allowed: set[str], tmp_path: Path
) -> None:
    """A store served from the cache loads no YAML, and no command loads a library it
    does not use (the issue's list: icalendar, csv, json, dateutil, tabulate)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run(
        [sys.executable, "-m", "chronology", "validate", "-f", str(BUNDLED)],
        capture_output=True, env=env, check=True,
    )  # fmt: skip
    watched = {"icalendar", "csv", "json", "dateutil", "tabulate", "yaml"}
    loaded = _imported([*args, "-f", str(BUNDLED)] if args != ["--version"] else args, env)
    if "tabulate" in loaded:
        loaded.discard("csv")  # tabulate's own import, in some of its versions
    assert loaded & watched == allowed


def test_inject_marker_records_within_not_tag_and_the_display_zone(
    cli: Cli, tmp_path: Path
) -> None:
    doc = tmp_path / "README.md"
    doc.write_bytes(DOC.encode())
    shaping = ["--from", "2021", "--to", "2023", "--within", "--not-tag", "summit",
               "--tz", "America/New_York"]  # fmt: skip
    assert cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), *shaping).exit_code == 0
    text = doc.read_text()
    marker = ("<!-- chronology:start --from 2021 --to 2023 --within --not-tag summit "
              "--tz America/New_York -->")  # fmt: skip
    assert marker in text
    expected = cli("export", "md", "-f", str(BUNDLED), *shaping).stdout
    assert text.split(marker)[1].split("<!-- chronology:end -->")[0].strip() == expected.strip()
    assert cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--check").exit_code == 0


def test_inject_marker_records_the_table_columns_as_one_list(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_bytes(DOC.encode())
    made = cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--style", "table",
               "--columns", "date,title,people")  # fmt: skip
    assert made.exit_code == 0, made
    text = doc.read_text()
    assert "<!-- chronology:start --style table --columns date,title,people -->" in text
    assert "| Date | Title | People |" in text
    assert cli("export", "md", "-f", str(BUNDLED), "--inject", str(doc), "--check").exit_code == 0
