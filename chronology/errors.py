"""Problems found in a store, and the one exception type the CLI turns into exit status 1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ChronologyError", "InvalidStore", "Problem", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One located finding, printed like a compiler: `path:line:col: error[code]: message`."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data (`validate --format json`, `diff --format json`)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: {self.severity}[{self.code}]: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"


class ChronologyError(Exception):
    """A failure caused by input or environment, reported without a traceback (exit 1)."""


class InvalidStore(ChronologyError):
    """A store with errors; `problems` holds every one of them, warnings included."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"the store has {errors} error{'s' if errors != 1 else ''}")
