"""chronology: keep a chronology of dated events in plain YAML; validate, list and export it.

The public API is loaded lazily, so that `chronology --version` imports almost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ChronologyError",
    "Clock",
    "Date",
    "DateError",
    "Event",
    "Filter",
    "Interval",
    "InvalidStore",
    "Problem",
    "Source",
    "Timeline",
    "__version__",
    "check",
    "choose_clock",
    "human",
    "load",
    "parse_date",
    "select",
]

_HOMES = {
    "Clock": "clock",
    "choose_clock": "clock",
    "ChronologyError": "errors",
    "InvalidStore": "errors",
    "Problem": "errors",
    "Date": "dates",
    "DateError": "dates",
    "Interval": "dates",
    "human": "dates",
    "parse_date": "dates",
    "Event": "model",
    "Source": "model",
    "Timeline": "model",
    "Filter": "query",
    "select": "query",
    "check": "loader",
    "load": "loader",
}

if TYPE_CHECKING:
    from .clock import Clock, choose_clock
    from .dates import Date, DateError, Interval, human, parse_date
    from .errors import ChronologyError, InvalidStore, Problem
    from .loader import check, load
    from .model import Event, Source, Timeline
    from .query import Filter, select


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'chronology' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
