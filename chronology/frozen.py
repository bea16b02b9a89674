"""Frozen dataclasses that cost no more to make than plain ones.

A frozen dataclass's own `__init__` sets each field through `object.__setattr__` (its
`__setattr__` refuses, being frozen): an `Event` of 14 fields takes 2.1 µs to make that
way, against 0.9 µs when each slot is set through its own descriptor (measured, keyword
arguments both). Both readers and the cache make an `Event`, its `Date`s and its `Source`s
for every event of a store, so `slot_init` gives those classes an `__init__` of the latter
kind, with the same parameters and defaults.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["slot_init"]

T = TypeVar("T")


def slot_init(cls: type[T]) -> type[T]:
    """Give `cls`, a frozen dataclass with slots, an `__init__` that takes what the
    dataclass's takes (by position or name, defaults alike) and sets each slot through its
    descriptor. Apply it above `@dataclass(frozen=True, slots=True)`."""
    namespace: dict[str, object] = {}
    parameters, body = [], []
    for field in fields(cls):  # type: ignore[arg-type]
        name = field.name
        if not field.init or field.default_factory is not MISSING or field.kw_only:
            raise TypeError(f"{cls.__name__}.{name}: slot_init takes plain fields only")
        namespace[f"_set_{name}"] = cls.__dict__[name].__set__  # the slot's descriptor
        if field.default is MISSING:
            parameters.append(name)
        else:
            namespace[f"_default_{name}"] = field.default
            parameters.append(f"{name}=_default_{name}")
        body.append(f"    _set_{name}(self, {name})\n")
    source = f"def __init__(self, {', '.join(parameters)}):\n{''.join(body)}"
    exec(source, namespace)  # as `dataclasses` makes its own `__init__`
    init: Callable[..., None] = namespace["__init__"]  # type: ignore[assignment]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    setattr(cls, "__init__", init)  # noqa: B010 (mypy refuses to assign a method)
    return cls
