"""`frozen.slot_init`: the classes it speeds up are made exactly as their dataclass would
make them, and stay frozen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from chronology.dates import Date, Interval, Open, parse_date, parse_single
from chronology.frozen import slot_init
from chronology.model import Event, Source


@dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str
    c: tuple[int, ...] = ()
    d: str | None = None


_Quick = slot_init(dataclass(frozen=True, slots=True)(type("_Quick", (), {
    "__annotations__": {"a": "int", "b": "str", "c": "tuple[int, ...]", "d": "str | None"},
    "c": (),
    "d": None,
})))  # fmt: skip


def _fields(value: object) -> tuple[object, ...]:
    return tuple(getattr(value, f.name) for f in dataclasses.fields(value))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1, "x"), {}),
        ((1,), {"b": "x"}),
        ((), {"a": 1, "b": "x", "d": "y"}),
        ((1, "x", (2, 3), "y"), {}),
        ((1, "x"), {"d": "y"}),
    ],
)
def test_made_as_the_dataclass_makes_it(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    assert _fields(_Quick(*args, **kwargs)) == _fields(_Plain(*args, **kwargs))


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), ((1,), {}), ((1, "x", (), None, 5), {}), ((1, "x"), {"e": 1}), ((1, "x"), {"a": 2})],
)
def test_wrong_arguments_are_refused_as_by_the_dataclass(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    with pytest.raises(TypeError):
        _Plain(*args, **kwargs)
    with pytest.raises(TypeError):
        _Quick(*args, **kwargs)


def test_the_classes_stay_frozen_equal_and_hashable() -> None:
    date = parse_single("1969-07-16")
    source = Source("https://example.org", "Example")
    event = Event(id="e", date=date, title="T", sources=(source,))
    for value in (date, source, event, parse_date("1969/1970")):
        first = dataclasses.fields(value)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, first, None)
        assert value == dataclasses.replace(value)
        assert hash(value) == hash(dataclasses.replace(value))
    assert event.summary is None
    assert event.tags == ()
    assert event.origin == ("", 0)
    assert date.label == ""
    assert Source("u").accessed is None
    interval = parse_date("../1970")
    assert isinstance(interval, Interval)
    assert interval.start is Open.OPEN
    assert isinstance(interval.end, Date)
    assert interval.end.year == 1970
    assert Event.__init__.__qualname__ == "Event.__init__"


def test_only_plain_fields() -> None:
    @dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = field(default_factory=list)

    with pytest.raises(TypeError, match="plain fields only"):
        slot_init(Factory)
