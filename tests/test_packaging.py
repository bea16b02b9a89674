"""What a user installs: declared dependencies and the pins of the oldest-dependency run."""

from __future__ import annotations

from importlib.metadata import requires

from packaging.requirements import Requirement
from packaging.version import Version

from .conftest import ROOT


def _pins() -> dict[str, Version]:
    pins = {}
    for text in (ROOT / ".ci" / "oldest.txt").read_text().splitlines():
        line = text.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = Version(version)
    return pins


def test_oldest_pins_are_the_declared_lower_bounds() -> None:
    """.ci/run tests the oldest releases pyproject.toml admits: a raised bound without a
    raised pin (or the reverse) would test versions users cannot get, or skip ones they can."""
    declared = [Requirement(text) for text in requires("chronology") or []]
    core = [r for r in declared if r.marker is None]
    bounds = {}
    for requirement in core:
        lower = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert lower, f"{requirement} declares no lower bound"
        bounds[requirement.name.lower()] = lower[0]
    assert _pins() == bounds
