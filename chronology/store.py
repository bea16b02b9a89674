"""Reading store files: finding them, decoding them, and composing YAML into located nodes.

This is the only module that knows about YAML. It drives libyaml's event parser itself
instead of `yaml.load`, so that it can keep the line and column of every key and value,
refuse duplicate keys, resolve scalars with the YAML 1.2 core schema (`no` stays a string,
`0711` stays text for the date grammar), and bound depth and alias expansion.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from .errors import Problem

try:  # the C-accelerated parser; PyYAML without libyaml falls back to pure Python
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_SCALAR_CHARS",
    "Document",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "compose",
    "discover",
    "read",
    "scalar_kind",
    "sniff_codec",
    "to_python",
]

#: Files larger than this are refused before they are parsed.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Collections nested deeper than this are refused (a store needs five levels).
MAX_DEPTH = 64
#: A single scalar longer than this many characters is refused.
MAX_SCALAR_CHARS = 1_000_000
#: Aliases may add at most this many nodes beyond the nodes written in the file.
MAX_ALIAS_NODES = 100_000

_STR = "tag:yaml.org,2002:str"
_SAFE_TAGS = frozenset(
    {"!", _STR} | {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "map", "seq")}
)


class Node:
    """A YAML node with the 1-based line and column where it starts."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class Scalar(Node):
    """A scalar as written: its text, whether it was plain (unquoted), and its explicit tag."""

    __slots__ = ("plain", "tag", "value")

    def __init__(self, value: str, plain: bool, tag: str | None, line: int, column: int) -> None:
        super().__init__(line, column)
        self.value = value
        self.plain = plain
        self.tag = tag

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}, {self.line}:{self.column})"


class Mapping(Node):
    """A mapping; `pairs` keeps the file's order with each key's own location."""

    __slots__ = ("pairs", "size")

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.pairs: list[tuple[Scalar, AnyNode]] = []
        self.size = 1


class Sequence(Node):
    """A sequence of nodes."""

    __slots__ = ("items", "size")

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.items: list[AnyNode] = []
        self.size = 1


AnyNode = Union[Scalar, Mapping, Sequence]  # noqa: UP007 (a runtime alias on 3.10)


@dataclass(slots=True)
class Document:
    """One store file: its path as the user named it, its root node, and what went wrong."""

    path: str
    root: AnyNode | None
    problems: list[Problem] = field(default_factory=list)


# ------------------------------------------------------------------ finding files


def discover(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand the paths a user named into store files: directories give their *.yaml files."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            try:
                names = sorted(os.listdir(given))
            except OSError as err:
                problems.append(_io_problem(given, err))
                continue
            found = [
                os.path.join(given, n)
                for n in names
                if n.endswith((".yaml", ".yml")) and not n.startswith(".")
            ]
            if not found:
                problems.append(
                    Problem(given, 0, 0, "error", "not-a-store", "directory has no *.yaml files")
                )
        else:
            found = [given]
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, problems


def _io_problem(path: str, err: OSError) -> Problem:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError):
        reason = "no such file or directory"
    return Problem(path, 0, 0, "error", "unreadable", f"cannot read: {reason.lower()}")


def read(path: str) -> Document:
    """Read and compose one store file; every failure becomes a located problem."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
            return Document(path, None, [Problem(path, 0, 0, "error", "limit-exceeded", message)])
        data = Path(path).read_bytes()
    except OSError as err:
        return Document(path, None, [_io_problem(path, err)])
    text, problem = decode(data, path)
    if problem is not None:
        return Document(path, None, [problem])
    root, problems = compose(text, path)
    return Document(path, root, problems)


def sniff_codec(data: bytes) -> str:
    """The codec YAML prescribes for these bytes: from a byte-order mark, else UTF-8."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return codec
    return "utf-8"


def decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    """Decode a file as YAML allows: UTF-8 (optionally with BOM), or UTF-16/32 with a BOM."""
    codec = sniff_codec(data)
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as err:
        good = data[: err.start]
        line = good.count(b"\n") + 1
        column = len(good[good.rfind(b"\n") + 1 :].decode(codec, "replace")) + 1
        bad = data[err.start : err.start + 1].hex()
        name = "UTF-8" if codec.startswith("utf-8") else codec.upper()
        message = f"byte 0x{bad} is not valid {name}; save the file as UTF-8"
        return "", Problem(path, line, column, "error", "encoding", message)


# ------------------------------------------------------------------ composing


def compose(text: str, path: str) -> tuple[AnyNode | None, list[Problem]]:
    """Compose YAML text into located nodes. Returns the root (None if unusable) and problems."""
    problems: list[Problem] = []
    composer = _Composer(path, problems)
    try:
        root = composer.run(text)
    except _Stop:
        return None, problems
    except yaml.YAMLError as err:
        problems.append(_yaml_problem(err, text, path))
        return None, problems
    except (ValueError, RecursionError, OverflowError, MemoryError) as err:
        line, column = composer.position
        message = f"the YAML parser failed: {err}"
        problems.append(Problem(path, line, column, "error", "yaml-syntax", message))
        return None, problems
    if root is None and not problems:
        message = "the file is empty; a store is a mapping with an 'events:' list"
        problems.append(Problem(path, 1, 1, "error", "not-a-store", message))
    return root, problems


class _Stop(Exception):
    """Raised inside the composer once a fatal problem has been recorded."""


class _Composer:
    """Builds nodes from libyaml events with an explicit stack (no recursion)."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.position = (1, 1)

    def fail(self, line: int, column: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, "error", code, message))
        raise _Stop

    def run(self, text: str) -> AnyNode | None:
        parser = _Parser(text)
        get_event: Callable[[], Any] = parser.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
        safe_tags = _SAFE_TAGS
        # Each frame: [collection, pending mapping key or None, anchor]
        stack: list[list[object]] = []
        anchors: dict[str, AnyNode] = {}
        written = alias_nodes = 0
        documents = 0
        root: AnyNode | None = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                tag = event.tag
                if tag is not None and tag not in safe_tags:
                    self._bad_tag(tag, mark)
                value = event.value
                if len(value) > MAX_SCALAR_CHARS:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "limit-exceeded",
                        f"a scalar of {len(value):,} characters; the limit is {MAX_SCALAR_CHARS:,}",
                    )
                node: AnyNode = Scalar(value, not event.style, tag, mark.line + 1, mark.column + 1)
                size = 1
                written += 1
                if event.anchor is not None:
                    anchors[event.anchor] = node
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                tag = event.tag
                if tag is not None and tag not in safe_tags:
                    self._bad_tag(tag, mark)
                if len(stack) >= MAX_DEPTH:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "limit-exceeded",
                        f"collections nested more than {MAX_DEPTH} levels deep",
                    )
                collection = (Mapping if kind is mapping_start else Sequence)(
                    mark.line + 1, mark.column + 1
                )
                stack.append([collection, None, event.anchor])
                written += 1
                continue
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                node = frame[0]  # type: ignore[assignment]
                assert isinstance(node, (Mapping, Sequence))
                if isinstance(node, Mapping):
                    self._check_keys(node)
                size = node.size
                if frame[2] is not None:
                    anchors[frame[2]] = node  # type: ignore[index]
            elif kind is alias_event:
                mark = event.start_mark
                target = anchors.get(event.anchor)
                if target is None:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "yaml-syntax",
                        f"alias *{event.anchor} refers to no anchor defined before it",
                    )
                    raise AssertionError  # unreachable: fail() raises
                node = target
                size = 1 if isinstance(target, Scalar) else target.size
                alias_nodes += size
                if alias_nodes > MAX_ALIAS_NODES + written:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "limit-exceeded",
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} extra nodes "
                        "(a 'billion laughs' document?)",
                    )
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "multiple-documents",
                        "a store file holds one YAML document; remove this '---' and "
                        "what follows, or move it to a file of its own",
                    )
                continue
            elif kind is stream_end:
                return root
            else:
                continue
            if not stack:
                root = node
                continue
            top = stack[-1]
            parent = top[0]
            if isinstance(parent, Sequence):
                parent.items.append(node)
                parent.size += size
            else:
                assert isinstance(parent, Mapping)
                key = top[1]
                if key is None:
                    top[1] = node
                    if not isinstance(node, Scalar):
                        self.fail(
                            node.line,
                            node.column,
                            "wrong-type",
                            "a key must be plain text, not a list or mapping",
                        )
                else:
                    parent.pairs.append((key, node))  # type: ignore[arg-type]
                    parent.size += size + 1
                    top[1] = None

    def _bad_tag(self, tag: str, mark: Any) -> None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(
            mark.line + 1,
            mark.column + 1,
            "bad-tag",
            f"the YAML tag {shown} is not allowed; a store holds only plain data",
        )

    def _check_keys(self, node: Mapping) -> None:
        """Report duplicate keys (PyYAML silently keeps the last) and keep the first."""
        seen: dict[str, Scalar] = {}
        duplicates = False
        for key, _ in node.pairs:
            first = seen.get(key.value)
            if first is None:
                seen[key.value] = key
                continue
            duplicates = True
            self.problems.append(
                Problem(
                    self.path,
                    key.line,
                    key.column,
                    "error",
                    "duplicate-key",
                    f"key {key.value!r} appears twice in this mapping "
                    f"(first at line {first.line}); YAML keeps only one",
                )
            )
        if duplicates:
            kept: set[str] = set()
            pairs = []
            for key, value in node.pairs:
                if key.value not in kept:
                    kept.add(key.value)
                    pairs.append((key, value))
            node.pairs = pairs


def _yaml_problem(err: yaml.YAMLError, text: str, path: str) -> Problem:
    """A located problem from a PyYAML exception, with a hint for the common mistakes."""
    if isinstance(err, yaml.reader.ReaderError):
        # libyaml counts the position in bytes of the UTF-8 text.
        before = text.encode("utf-8")[: err.position].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        char = err.character
        code_point = f"U+{char:04X}" if isinstance(char, int) and char >= 0 else "a character"
        message = f"{code_point} is not allowed in YAML ({err.reason})"
        if isinstance(char, int) and char >= 0:
            message += "; write it as an escape inside double quotes"
        return Problem(path, line, column, "error", "yaml-syntax", message)
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = err.problem or "invalid YAML"
        message = problem
        if err.context:
            message = f"{problem} ({err.context}"
            if err.context_mark is not None and err.context_mark is not mark:
                message += f" started at line {err.context_mark.line + 1}"
            message += ")"
        lines = text.split("\n")
        at = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
        if "tab" in problem or at == "\t":
            message += "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            message += "; quote a value that contains ': '"
        elif "found character '@'" in problem or "found character '`'" in problem:
            message += "; quote a value that starts with @ or `"
        return Problem(path, line, column, "error", "yaml-syntax", message)
    return Problem(path, 1, 1, "error", "yaml-syntax", str(err))


# ------------------------------------------------------------------ scalar meaning

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_MAYBE_NOT_STR = frozenset("-+.0123456789tTfFnN~")


def scalar_kind(node: Scalar) -> str:
    """The YAML 1.2 core-schema type of a scalar: 'str', 'int', 'float', 'bool' or 'null'."""
    tag = node.tag
    if tag is not None:
        return "str" if tag in ("!", _STR) else tag.rpartition(":")[2]
    if not node.plain:
        return "str"
    value = node.value
    if value and value[0] not in _MAYBE_NOT_STR:
        return "str"
    if value in _NULL:
        return "null"
    if value in _BOOL:
        return "bool"
    if _INT.fullmatch(value):
        return "int"
    if _FLOAT.fullmatch(value):
        return "float"
    return "str"


def to_python(node: AnyNode) -> object:
    """Plain Python data for a node (for `x-` extension values), by the YAML 1.2 core schema."""
    if isinstance(node, Mapping):
        return {key.value: to_python(value) for key, value in node.pairs}
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    kind = scalar_kind(node)
    value = node.value
    try:
        if kind == "null":
            return None
        if kind == "bool":
            return _BOOL.get(value, value.lower() == "true")
        if kind == "int":
            if value.startswith(("0o", "0x")):
                return int(value[2:], 8 if value[1] == "o" else 16)
            return int(value)
        if kind == "float":
            return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:
        return value
    return value
