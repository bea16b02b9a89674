"""Loading a store: from the cache when it is unchanged, else read and validated afresh.

Kept apart from `validate` so that a command served from the cache imports neither the
validator nor YAML.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InvalidStore, Problem
from .files import discover, read_bytes
from .model import FileRead, Timeline
from .progress import Progress

if TYPE_CHECKING:
    from .cache import Window
    from .quick import Known

__all__ = ["Loaded", "check", "collector_paused", "load", "load_store"]


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a store is read: that makes millions of
    small objects and no cycles, and the collector would rescan them over and over, for
    nothing. Within a pause already made, nothing changes.

    With `keep`, for a caller that holds the store until its process ends (a command), the
    objects alive when the pause ends are moved out of the collector's sight for good
    (`gc.freeze`). Else its first collection after the pause scans them all once: 0.3 s
    of a 4.7 s `validate` of 100,000 events, measured.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if keep:
                gc.freeze()
            gc.enable()


@dataclass(slots=True)
class Loaded:
    """A store as loaded: its timeline and problems."""

    timeline: Timeline
    problems: list[Problem]
    #: How each file was read (from the cache, quickly, or the full way).
    reads: list[FileRead]


def load_store(
    paths: list[str],
    use_cache: bool = False,
    window: Window | None = None,
    *,
    known: Known | None = None,
) -> Loaded:
    """Read and validate the store at `paths`, or take it from the cache when unchanged.

    With a `window` (see `cache.load`), a timeline from the cache may hold only the events
    that overlap it; a caller that passes one must select by that window itself. `known`
    is as for `validate.validate_sources`.
    """
    files, problems = discover(paths)
    label = f"reading {files[0]}" if len(files) == 1 else f"reading {len(files)} files"
    with collector_paused(), Progress(label) as progress:
        return _load(files, problems, use_cache, window, progress, known=known)


def _load(
    files: list[str],
    problems: list[Problem],
    use_cache: bool,
    window: Window | None,
    progress: Progress,
    *,
    known: Known | None = None,
) -> Loaded:
    contents: list[tuple[str, bytes | None, Problem | None]] = []
    for path in files:
        data, problem = read_bytes(path)
        contents.append((path, data, problem))
    report = progress if progress.enabled else None
    snapshots = None
    if use_cache and all(data is not None for _, data, _ in contents):
        from . import cache

        snapshots = [cache.snapshot(path, data) for path, data, _ in contents if data is not None]
        cached = cache.load(snapshots, window, report)
        if cached is not None:
            timeline, found, _ = cached
            return Loaded(timeline, problems + found, [FileRead(path, "cache") for path in files])
    from .validate import validate_sources

    reads: list[FileRead] = []
    timeline, found, layouts = validate_sources(contents, report, reads, known=known)
    if snapshots is not None:
        from . import cache

        cache.save(snapshots, timeline, problems + found, layouts)
    return Loaded(timeline, problems + found, reads)


def check(
    paths: list[str],
    use_cache: bool = False,
    window: Window | None = None,
    *,
    known: Known | None = None,
) -> tuple[Timeline, list[Problem]]:
    """Read and validate the store at `paths`: the timeline of valid events, and every problem.

    With `use_cache`, an unchanged store is read from the cache (see `chronology.cache`);
    `window` is as for `load_store`.
    """
    loaded = load_store(paths, use_cache, window, known=known)
    return loaded.timeline, loaded.problems


def load(paths: str | list[str]) -> Timeline:
    """Load a store (file, directory, or several); raises `InvalidStore` if it has errors."""
    timeline, problems = check([paths] if isinstance(paths, str) else list(paths))
    if any(p.is_error for p in problems):
        raise InvalidStore(problems)
    return timeline
