"""Benchmarks for chronology, as ratios against baselines measured in the same run.

    python benchmarks/run.py            # 1,000 / 10,000 / 100,000 events
    python benchmarks/run.py --quick    # 10,000 events only, fewer repetitions

Every case runs as a whole process, several times after a warm-up; the table shows the
median wall time and peak memory, and each ratio next to its target. A case and its
baseline are measured in the same rounds (each round runs every case of a store size once),
so that the machine's drift weighs on both alike; the start-up cases, a tenth of a second
each, get four times as many rounds. Stores are generated from a fixed seed, so every run
measures the same bytes. Uses the standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import stores

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The installed console script, run by this interpreter (no shell shims in between).
_SCRIPT = Path(PYTHON).parent / "chronology"
CHRONOLOGY = [PYTHON, str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "chronology"]

STYLE_NAMES = {
    "add": "(a) as add writes",
    "dump": "(b) yaml.safe_dump",
    "hand": "(c) by hand",
    "odd": "(d) odd event every 1,000",
    "tagged": "(e) a tag every 1,000",
}


def generate(count: int, seed: int = 2026) -> str:
    """A store of `count` events with realistic field sizes, as `add` writes them."""
    return stores.write("add", stores.events(count, seed))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def history_repository(work: Path, text: str, name: str, commits: int, every: int) -> Path:
    """A git repository whose events.yaml is `text`, then `commits` more commits: each
    retitles one event, and every `every`-th one also moves the date of the middle event
    (`log_target`)."""
    count = text.count("\n  - id: ")
    repo = work / name
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    for key, value in (("user.name", "Bench"), ("user.email", "bench@example.org"),
                       ("commit.gpgsign", "false")):  # fmt: skip
        _git(repo, "config", key, value)
    path = repo / "events.yaml"
    path.write_text(text, encoding="utf-8")
    _git(repo, "add", "events.yaml")
    _git(repo, "commit", "-q", "-m", "store")
    for n in range(commits):
        marker = f"  - id: ev-{(n * 37) % count:06d}\n"
        at = text.index(marker)
        title = text.index("    title: ", at)
        text = text[:title] + f"    title: Retitled {n} " + text[title + 11 :]
        if n % every == 0:
            at = text.index(f"  - id: {log_target(count)}\n")
            date = text.index("    date: ", at)
            end = text.index("\n", date)
            text = text[:date] + f"    date: {1900 + n}-01-01" + text[end:]
        path.write_text(text, encoding="utf-8")
        _git(repo, "commit", "-q", "-am", f"change {n}")
    return path


# Writes 512 MiB of memory the process did not have, in a process of its own.
_FRESH = (
    "import time; t = time.perf_counter(); b = bytearray(2**29); print(time.perf_counter() - t)"
)


def fresh_memory() -> str:
    """What 512 MiB of new memory costs a process now, to read beside the ratios: a case that
    needs more memory than its baseline pays more where it is slow. (On the virtual
    machines these runs have used, a balloon device hands freed pages back to the host:
    copying 1 GB into new memory took from 1.2 s to 9.9 s, minutes apart.)"""
    done = subprocess.run(
        [PYTHON, "-S", "-c", _FRESH], capture_output=True, text=True, check=True
    )  # fmt: skip
    return f"fresh memory: 512 MiB written in {float(done.stdout):.2f} s"


def log_target(count: int) -> str:
    """The event whose history the log benchmark follows: the middle one."""
    return f"ev-{count // 2:06d}"


@dataclass
class Measure:
    """Median seconds and peak memory (KiB) of a case."""

    seconds: float
    peak_kib: int


# Each case is started by a small launcher process, so that the peak memory reported for it
# is its own: on Linux a child's ru_maxrss includes the memory of the process it was
# forked from, and this script holds the generated stores.
_LAUNCHER = """
import os, sys, time
argv = sys.argv[1:]
null = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def _run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    result = subprocess.run(
        [PYTHON, "-S", "-c", _LAUNCHER, *argv],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    seconds, peak, status = result.stdout.split()
    if status != "0":
        failed = subprocess.run(
            argv, capture_output=True, text=True, env=env, cwd=ROOT, check=False
        )
        raise SystemExit(f"benchmark case failed ({status}): {argv}\n{failed.stderr[-2000:]}")
    return float(seconds), int(peak)


Case = tuple[list[str], "list[str] | None"]  # argv, and a command to run untimed before it


def measure_together(cases: list[Case], env: dict[str, str], repeat: int) -> list[Measure]:
    """Run the cases in turn, round after round: one warm-up round, then `repeat` timed ones.

    A ratio compares cases measured in the same rounds, so a machine that grows busier or
    quieter while the benchmark runs weighs on a case and its baseline alike.
    """
    runs: list[list[tuple[float, int]]] = [[] for _ in cases]
    for i in range(repeat + 1):
        for (argv, before), found in zip(cases, runs, strict=True):
            if before:
                subprocess.run(before, env=env, cwd=ROOT, check=True, capture_output=True)
            result = _run_once(argv, env)
            if i:
                found.append(result)
    return [
        Measure(statistics.median(t for t, _ in found), max(p for _, p in found)) for found in runs
    ]


def _styles(size: int) -> list[str]:
    """The store styles measured at a size: all four from 10,000 events on."""
    return list(STYLE_NAMES) if size >= 10_000 else ["add"]


def _label(argv: list[str], work: Path) -> str:
    """The case as a reader can repeat it: no path of this machine (stores are in STORES/)."""
    text = " ".join(argv[len(CHRONOLOGY) :] if argv[: len(CHRONOLOGY)] == CHRONOLOGY else argv[1:])
    text = text.replace(f"{work}{os.sep}", "STORES/").replace(f"{ROOT}{os.sep}", "")
    text = text.replace("\n", "; ")
    prefix = "chronology " if argv[: len(CHRONOLOGY)] == CHRONOLOGY else "python "
    return prefix + text[:90]


@dataclass
class Row:
    """One line of the result table."""

    case: str
    value: float
    target: float
    unit: str = "×"

    @property
    def ok(self) -> bool:
        return self.value <= self.target


def _page_rows(store: Path) -> list[Row]:
    """The HTML view of 10,000 events in headless Chromium (benchmarks/page.py), when the
    browser and selenium are installed; no rows otherwise (said on stdout)."""
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import page

        from tests.browser import missing

        why = missing()
    except ImportError as error:
        why = str(error)
    if why:
        print(f"\nhtml view: not measured ({why})")
        return []
    print("\nhtml view of 10,000 events in headless Chromium (cold loads, then zooming):")
    found = page.measure(store)
    for name, value in found.items():
        print(f"  {name}: {value:.2f}")
    return [
        Row("export html, 10,000 events: first complete paint, ms",
            found["first_paint_ms"], 1500, " ms"),
        Row("export html, 10,000 events: worst frame zooming across the range, ms",
            found["zoom_worst_ms"], 50, " ms"),
        Row("export html, 10,000 events: longest task zooming and resting after, ms",
            found["zoom_longest_task_ms"], 50, " ms"),
        Row("export html ÷ export json, size, 10,000 events", found["size_ratio"], 1.5),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 events only")
    parser.add_argument("--repeat", type=int, help="timed runs per case (default 5, quick 3)")
    parser.add_argument("--keep", metavar="DIR", help="keep generated stores in DIR")
    parser.add_argument("--events", type=int, help="with --quick: this many events, not 10,000")
    args = parser.parse_args()
    repeat = args.repeat or (3 if args.quick else 5)
    sizes = [args.events or 10_000] if args.quick else [1_000, 10_000, 100_000]
    big = sizes[-1]

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="chronology-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHRONOLOGY")}
    # Python's default: compiled bytecode is cached after the first run. (Some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which would recompile chronology's modules on every start
    # while the installed baselines keep the bytecode pip compiled for them.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["NO_COLOR"] = "1"
    files: dict[tuple[int, str], Path] = {}
    for size in sizes:
        found = stores.events(size)
        for style in _styles(size):
            path = work / f"{style}-{size}.yaml"
            if not path.exists():
                path.write_text(stores.write(style, found), encoding="utf-8")
            files[size, style] = path
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        "stores: "
        + ", ".join(
            f"{size:,} events {STYLE_NAMES[style]} = {path.stat().st_size / 1e6:.1f} MB"
            for (size, style), path in files.items()
        )
    )
    print(f"{fresh_memory()} (at the start)")
    print(
        f"each group of cases: 1 warm-up round + {repeat} rounds in which every case runs once"
        f" (start-up cases: {repeat * 4}); medians\n"
    )

    def cli(*argv: str) -> list[str]:
        return [*CHRONOLOGY, *argv]

    def together(cases: list[Case], times: int = repeat) -> list[Measure]:
        measures = measure_together(cases, env, times)
        for (argv, _), result in zip(cases, measures, strict=True):
            print(
                f"  {result.seconds:8.3f} s {result.peak_kib / 1024:8.1f} MiB  {_label(argv, work)}"
            )
        return measures

    def pair(baseline: list[str], case: list[str]) -> tuple[Measure, Measure]:
        # Start-up cases last a tenth of a second: four times as many rounds.
        first, second = together([(baseline, None), (case, None)], repeat * 4)
        return first, second

    def reader(store: str) -> str:
        """Which reader takes the store on a cold read, as the program reports it."""
        result = subprocess.run(
            cli("validate", "--no-cache", "--format", "json", "-f", store),
            capture_output=True, text=True, env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        (read,) = json.loads(result.stdout)["read"]
        if read["reader"] == "quick" and read["items_read_alone"]:
            return f"quick reader, {read['items_read_alone']:,} items alone"
        return "quick reader" if read["reader"] == "quick" else "full way"

    rows: list[Row] = []
    print("measurements:")
    import_click, version = pair([PYTHON, "-c", "import click"], cli("--version"))
    bundled_store = str(ROOT / "events.yaml")
    import_three, bundled = pair(
        [PYTHON, "-c", "import click, yaml, tabulate"], cli("list", "-f", bundled_store)
    )
    rows.append(
        Row("chronology --version vs import click", version.seconds / import_click.seconds, 1.15)
    )
    rows.append(
        Row(
            "warm list (bundled store, from the cache) vs import click, yaml, tabulate",
            bundled.seconds / import_three.seconds,
            1.15,
        )
    )

    formats = ("json", "csv", "md", "ics", "html")
    per_size: dict[tuple[int, str], dict[str, float]] = {}
    for (size, style), path in files.items():
        store = str(path)
        way = reader(store)
        name = f"{size:,}, {STYLE_NAMES[style]}"
        timings: dict[str, float] = {}
        print(f"\n{size:,} events, {STYLE_NAMES[style]} (cold reads: {way}):")
        copy = work / f"add-{style}-{size}.yaml"
        setup = [PYTHON, "-c", (
            f"import shutil, subprocess, sys; shutil.copyfile({store!r}, {str(copy)!r}); "
            f"subprocess.run({CHRONOLOGY!r} + ['validate', '-f', {str(copy)!r}], "
            "check=True, capture_output=True)"
        )]  # fmt: skip
        fill = cli("validate", "-f", store)  # before each warm case: the cache holds the store
        cases: list[Case] = [
            (cli("validate", "--no-cache", "-f", store), None),
            (cli("validate", "-f", store), fill),
            (cli("list", "--from", "2021", "--to", "2021", "-f", store), fill),
            # Exports write a real file, as users do: a temporary file, fsync, rename.
            *((cli("export", fmt, "-f", store, "-o", str(work / f"out.{fmt}")), fill)
              for fmt in formats),
            (
                cli("add", "-f", str(copy), "--date", "2021-06-02", "--title", "Benchmark add"),
                setup,
            ),
        ]  # fmt: skip
        if size == big:  # the baselines of the cold rows
            cases += [
                ([PYTHON, "-c", f"import yaml; yaml.load(open({store!r}, encoding='utf-8'), "
                  "Loader=yaml.CSafeLoader)"], None),
                ([PYTHON, "-c", f"import yaml\nfor _ in yaml.parse(open({store!r}, "
                  "encoding='utf-8'), Loader=yaml.CSafeLoader): pass"], None),
            ]  # fmt: skip
        measured = together(cases)
        cold, warm_validate, listed = measured[:3]
        exports = dict(zip(formats, measured[3 : 3 + len(formats)], strict=True))
        add = measured[3 + len(formats)]
        timings["validate --no-cache"] = cold.seconds
        timings["validate (warm)"] = warm_validate.seconds
        timings["list --from 2021 --to 2021 (warm)"] = listed.seconds
        for fmt, measure in exports.items():
            timings[f"export {fmt} (warm)"] = measure.seconds
        timings["add (warm)"] = add.seconds
        per_size[size, style] = timings
        if size >= 10_000:  # the write path reads the new bytes back in full
            rows.append(
                Row(
                    f"add ({name}; cache filled, new bytes read back: {way}) vs cold validate",
                    add.seconds / cold.seconds,
                    1.5,
                )
            )
        if size != big:
            continue
        yaml_load, stream = measured[-2:]
        # A file the quick reader never takes (anchors) has the full way's targets.
        full = way == "full way"
        rows.append(
            Row(
                f"cold validate --no-cache ({name}; {way}) vs yaml.load",
                cold.seconds / yaml_load.seconds,
                0.5 if full else 0.25,
            )
        )
        rows.append(
            Row(
                f"cold validate --no-cache ({name}; {way}) vs libyaml event stream",
                cold.seconds / stream.seconds,
                3 if full else 2.5,
            )
        )
        rows.append(
            Row(
                f"warm list --from 2021 --to 2021 ({name}) vs import click, yaml, tabulate",
                timings["list --from 2021 --to 2021 (warm)"] / import_three.seconds,
                6,
            )
        )
        for fmt, measure in exports.items():
            if fmt == "html":
                continue  # the page is measured in the browser below; its memory is here
            rows.append(
                Row(
                    f"warm export {fmt} to a file ({name}) vs warm validate",
                    measure.seconds / warm_validate.seconds,
                    3,
                )
            )
        for fmt, measure in exports.items():
            rows.append(
                Row(
                    f"peak memory of warm export {fmt} ({name}) vs warm validate",
                    measure.peak_kib / warm_validate.peak_kib,
                    1.3,
                )
            )
        rows.append(
            Row(
                f"peak memory of cold validate ({name}; {way}) vs yaml.load",
                cold.peak_kib / yaml_load.peak_kib,
                0.6,
            )
        )

    if shutil.which("git"):
        print(f"\nhistory ({big:,} events: two commits that differ in 100 events):")
        repo_store = history_repository(work, files[big, "add"].read_text(), f"diff-{big}", 1, 1)
        # 100 events differ: the one commit above retitles one; retitle 99 more in place.
        text = repo_store.read_text()
        for n in range(1, 100):
            marker = f"  - id: ev-{n * (big // 100):06d}\n"
            title = text.index("    title: ", text.index(marker))
            text = text[:title] + f"    title: Changed {n} " + text[title + 11 :]
        repo_store.write_text(text)
        _git(repo_store.parent, "commit", "-q", "-am", "99 more")
        fill = cli("validate", "-f", str(repo_store))
        cold, warm_diff, cold_diff = together([
            (cli("validate", "--no-cache", "-f", str(repo_store)), None),
            (cli("diff", "HEAD~1", "--stat", "-f", str(repo_store)), fill),
            (cli("diff", "HEAD~1", "HEAD", "--no-cache", "--stat", "-f", str(repo_store)), None),
        ])  # fmt: skip
        rows.append(Row(
            f"diff HEAD~1 vs working tree ({big:,}, 100 differ; cache filled) vs cold validate",
            warm_diff.seconds / cold.seconds, 2.5,
        ))  # fmt: skip
        rows.append(Row(
            f"diff HEAD~1 HEAD --no-cache ({big:,}, 100 differ; both sides cold) vs cold validate",
            cold_diff.seconds / cold.seconds, 2.5,
        ))  # fmt: skip
        size = 10_000 if 10_000 in sizes else sizes[0]
        print(f"\nlog over 200 commits of the {size:,}-event store:")
        log_store = history_repository(work, files[size, "add"].read_text(), f"log-{size}", 200, 10)
        target = log_target(size)
        (logged,) = together([(cli("log", target, "-f", str(log_store)), None)], 1)
        rows.append(Row(f"log {target} over 200 commits ({size:,} events), seconds",
                        logged.seconds, 20, " s"))  # fmt: skip

    if 10_000 in sizes:
        page_rows = _page_rows(files[10_000, "add"])
        rows.extend(page_rows)

    for style, style_name in STYLE_NAMES.items():
        if (100_000, style) in per_size and (10_000, style) in per_size:
            large, small = per_size[100_000, style], per_size[10_000, style]
            which = max(small, key=lambda k: large[k] / small[k])
            rows.append(
                Row(
                    f"time at 100k ÷ time at 10k, {style_name}, worst command ({which})",
                    large[which] / small[which],
                    11,
                    "",
                )
            )

    print(f"\n{fresh_memory()} (at the end)")
    print("\n| case | measured | target | |")
    print("|---|---:|---:|---|")
    for row in rows:
        print(
            f"| {row.case} | {row.value:.2f}{row.unit} | ≤ {row.target:g}{row.unit} "
            f"| {'ok' if row.ok else 'MISSED'} |"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
