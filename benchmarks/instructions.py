"""Instructions a cold read executes per event, counted by valgrind: a measure free of the
10-25 % noise of wall time on a shared machine, for changes of a few per cent.

    python benchmarks/instructions.py                      # 3,000 events of style (e)
    python benchmarks/instructions.py --style add --events 2000

Each phase runs in a process of its own under `valgrind --tool=cachegrind --cache-sim=no`,
once reading one store and once reading it and then a second one (same style and size,
another seed, so that its dates are mostly new to the caches); the difference is one read,
without start-up, imports or generation. Phases:

- `stream`: libyaml's event stream of the bytes (the baseline of the cold rows of run.py);
- `compose`: the full way's composer alone (the stream, and nodes);
- `read`: `validate_sources`, as `validate --no-cache` reads a file (the quick reader
  first; which reader took the file is printed).

Instructions are not seconds (a cache miss costs more than an add), and run.py's baseline
reads through a text-mode file and both its sides include start-up, so these ratios are not
its ratios; they tell what a change of the code does, in a run of a few minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import stores

_PHASE = """
import gc, sys
gc.disable()
phase, paths = sys.argv[1], sys.argv[2:]
if phase == "stream":
    import yaml
    for path in paths:
        for _ in yaml.parse(open(path, "rb").read(), Loader=yaml.CSafeLoader):
            pass
elif phase == "compose":
    from chronology.store import compose_layout
    for path in paths:
        compose_layout(open(path, "rb").read(), path, lambda node, root: None)
else:
    from chronology.validate import validate_sources
    for path in paths:
        reads = []
        validate_sources([(path, open(path, "rb").read(), None)], reads=reads)
    print("reader:", reads[0].reader)
"""


def _count(phase: str, paths: list[Path]) -> tuple[int, str]:
    """Instructions of one process running `phase` over `paths`, and what it printed."""
    # One hash seed, so that sets and dictionaries, and with them the counts, repeat.
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", _PHASE, phase, *map(str, paths)],
        capture_output=True, text=True, check=True, env=environment,
    )  # fmt: skip
    found = re.search(r"I\s+refs:\s+([0-9,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind:\n{done.stderr[-2000:]}")
    return int(found[1].replace(",", "")), done.stdout.strip()


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("at least one event")
    return number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--style", default="tagged", choices=sorted(stores.STYLES))
    parser.add_argument("--events", type=_positive, default=3000)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install -y valgrind)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        first, second = Path(work, "first.yaml"), Path(work, "second.yaml")
        first.write_text(stores.write(args.style, stores.events(args.events, 2026)), "utf-8")
        second.write_text(stores.write(args.style, stores.events(args.events, 2027)), "utf-8")
        per_event: dict[str, float] = {}
        for phase in ("stream", "compose", "read"):
            one, _ = _count(phase, [first])
            two, said = _count(phase, [first, second])
            per_event[phase] = (two - one) / args.events
            print(f"{phase:8s} {per_event[phase]:>10,.0f} instructions per event  {said}")
    stream = per_event["stream"]
    print(f"compose / stream {per_event['compose'] / stream:.2f}")
    print(f"read / stream    {per_event['read'] / stream:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
