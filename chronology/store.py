"""Reading store files: finding them, decoding them, and composing YAML into located nodes.

This is the only module that knows about YAML. It drives libyaml's event parser itself
instead of `yaml.load`, so that it can keep the line and column of every key and value,
refuse duplicate keys, resolve scalars with the YAML 1.2 core schema (`no` stays a string,
`0711` stays text for the date grammar), and bound depth and alias expansion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from .errors import Problem
from .files import decode, read_bytes

if TYPE_CHECKING:
    import yaml

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_EXPANDED_CHARS",
    "MAX_INT_DIGITS",
    "MAX_KEY_CHARS",
    "MAX_SCALAR_CHARS",
    "MAYBE_NOT_STR",
    "NULLS",
    "Document",
    "Layout",
    "Mapping",
    "NumberTooLong",
    "Scalar",
    "Sequence",
    "compose",
    "compose_layout",
    "parser_input",
    "read",
    "scalar_kind",
    "to_python",
]

#: Collections nested deeper than this are refused (a store needs five levels).
MAX_DEPTH = 64
#: A single scalar longer than this many characters is refused.
MAX_SCALAR_CHARS = 1_000_000
#: Aliases may add at most this many nodes beyond the nodes written in the file.
MAX_ALIAS_NODES = 100_000
#: The text of all scalars, aliases expanded, may be at most this many characters, or four
#: times the file's size if that is more: expansion is bounded in bytes, not only in nodes.
MAX_EXPANDED_CHARS = 16 * 1024 * 1024
#: Integers with more decimal digits than this are refused (Python cannot print them).
MAX_INT_DIGITS = 4300
#: YAML 1.2 allows an implicit (unquoted, no `? `) key of at most this many characters.
MAX_KEY_CHARS = 1024

_STR = "tag:yaml.org,2002:str"
_SAFE_TAGS = frozenset(
    {"!", _STR} | {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "map", "seq")}
)


class Scalar(NamedTuple):
    """A scalar as written: its text, whether it was plain (unquoted), its explicit tag, and
    the 1-based line and column where it starts. A tuple: a store has millions of them."""

    value: str
    plain: bool
    tag: str | None
    line: int
    column: int


class Mapping:
    """A mapping; `pairs` keeps the file's order with each key's own location."""

    __slots__ = ("column", "line", "pairs")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.pairs: list[tuple[Scalar, AnyNode]] = []


class Sequence:
    """A sequence of nodes."""

    __slots__ = ("column", "items", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.items: list[AnyNode] = []


AnyNode = Union[Scalar, Mapping, Sequence]  # noqa: UP007 (a runtime alias on 3.10)


@dataclass(slots=True)
class Layout:
    """Where a file's events list is, so that `add` can insert text without parsing again.

    Indexes count characters of the decoded text. `end` is where the token after a block
    list starts (the next top-level key, or the end of the file), or the `]` of a flow list.
    """

    flow: bool
    dash_column: int
    item_column: int | None = None
    last_item: int | None = None
    end: int = 0
    #: How many items the list has.
    count: int = 0
    #: The file's own `timezone:` (what its events inherit), once the file is validated.
    zone: str | None = None
    #: True when the quick reader took the file: each event was read from its item's own
    #: text (`quick.Known.remember` relies on it). Not compared: it says how the file was
    #: read, not where its list is.
    quick: bool = field(default=False, compare=False)


@dataclass(slots=True)
class Document:
    """One store file: its path as the user named it, its root node, and what went wrong."""

    path: str
    root: AnyNode | None
    problems: list[Problem] = field(default_factory=list)
    layout: Layout | None = None


def read(path: str, data: bytes | None = None) -> Document:
    """Read (unless `data` is given) and compose one store file; failures become problems."""
    if data is None:
        data, problem = read_bytes(path)
        if data is None:
            assert problem is not None
            return Document(path, None, [problem])
    source, problem = parser_input(data, path)
    if problem is not None:
        return Document(path, None, [problem])
    root, problems, layout = compose_layout(source, path)
    return Document(path, root, problems, layout)


def parser_input(data: bytes, path: str) -> tuple[str | bytes, Problem | None]:
    """What to hand libyaml: the bytes themselves (it decodes UTF-8 and UTF-16 without a
    copy in Python), or decoded text for UTF-32, which it cannot read."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return decode(data, path)
    return data, None


# ------------------------------------------------------------------ composing


#: Receives each item of the events list as it completes, with the (partial) root node,
#: where the item starts (a character index), and where the token after it starts (its
#: index and 0-based column; -1 and 0 for an item that is not a collection).
Sink = Callable[[AnyNode, AnyNode, int, int, int], None]


def compose(text: str, path: str, sink: Sink | None = None) -> tuple[AnyNode | None, list[Problem]]:
    """Compose YAML text into located nodes. Returns the root (None if unusable) and problems.

    With a `sink`, each item of the top-level events list (or of a top-level list) is handed
    to it as soon as it is complete and not kept in the tree, so that memory stays flat.
    """
    root, problems, _ = compose_layout(text, path, sink)
    return root, problems


def compose_layout(
    text: str | bytes, path: str, sink: Sink | None = None
) -> tuple[AnyNode | None, list[Problem], Layout | None]:
    """`compose`, plus the layout of the events list when there is one."""
    import yaml  # only here: a command served from the cache never loads it

    hidden_break = _yaml11_break(text, path)
    if hidden_break is not None:
        return None, [hidden_break], None
    problems: list[Problem] = []
    composer = _Composer(path, problems, sink, text)
    try:
        root = composer.run(text)
    except _Stop:
        return None, problems, None
    except yaml.YAMLError as err:
        problems.append(_yaml_problem(err, text, path))
        return None, problems, None
    except (ValueError, RecursionError, OverflowError, MemoryError) as err:
        message = f"the YAML parser failed: {err}"
        problems.append(Problem(path, 1, 1, "error", "yaml-syntax", message))
        return None, problems, None
    if root is None and not problems:
        message = "the file is empty; a store is a mapping with an 'events:' list"
        problems.append(Problem(path, 1, 1, "error", "not-a-store", message))
    return root, problems, composer.layout


def compose_alone(text: str, path: str) -> tuple[AnyNode, int, int] | None:
    """Compose a piece of a store file by itself (items of its events list): the root, and
    the nodes and characters its aliases stand for; None when it has a problem or a tag,
    whose meaning a `%TAG` directive of the file may give. (An alias must find its anchor
    in the piece, or it is a problem.)"""
    import yaml

    if _yaml11_break(text, path) is not None:
        return None
    composer = _Composer(path, [], None, text)
    try:
        root = composer.run(text)
    except (_Stop, yaml.YAMLError, ValueError, RecursionError, OverflowError, MemoryError):
        return None
    if composer.problems or composer.tagged or root is None:
        return None
    return root, composer.alias_nodes, composer.alias_chars


#: Line breaks to YAML 1.1 (and libyaml) but ordinary characters to YAML 1.2.
_YAML11_BREAKS = {
    "\x85": "NEXT LINE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}
_YAML11_BREAK = re.compile("[\x85\u2028\u2029]")
_YAML11_BREAKS_UTF8 = tuple(char.encode("utf-8") for char in _YAML11_BREAKS)
_LINE_END = re.compile(r"\r\n|\r|\n")


def _yaml11_break(source: str | bytes, path: str) -> Problem | None:
    """The first NEL, LS or PS in `source`, as a located error.

    They are invisible, and YAML versions disagree on them: libyaml ends the line there
    (so `title: T<LS>  end: 2030` would hide a key), YAML 1.2 reads them as text. A store
    must not mean two things, so they are refused wherever they are.
    """
    if isinstance(source, bytes):
        if source.startswith((b"\xff\xfe", b"\xfe\xff")):
            text, undecodable = decode(source, path)
            return None if undecodable is not None else _yaml11_break(text, path)
        if source.isascii():
            return None  # all three are beyond ASCII (one scan, where three cost 20 times more)
        found = [at for at in (source.find(b) for b in _YAML11_BREAKS_UTF8) if at >= 0]
        if not found:
            return None
        at = min(found)
        try:
            before = source[:at].decode("utf-8")
        except UnicodeDecodeError:
            return None  # an encoding error comes first; libyaml reports it
        char = source[at : at + 3].decode("utf-8", "replace")[0]
    else:
        match = _YAML11_BREAK.search(source)
        if match is None:
            return None
        before, char = source[: match.start()], match.group()
    lines = _LINE_END.split(before.removeprefix("\ufeff"))
    message = (
        f"U+{ord(char):04X} ({_YAML11_BREAKS[char]}) is an invisible line break to YAML 1.1 "
        "tools and text to YAML 1.2; delete it, or write it as "
        f"\\u{ord(char):04X} inside double quotes"
    )
    return Problem(path, len(lines), len(lines[-1]) + 1, "error", "yaml-syntax", message)


def _expanded_size(node: AnyNode, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """How many nodes and characters of scalar text `node` stands for once aliases are
    expanded (anchored parts memoized)."""
    nodes = chars = 0
    pending = [node]
    while pending:
        current = pending.pop()
        known = sizes.get(id(current))
        if known is not None and current is not node:
            nodes += known[0]
            chars += known[1]
        elif type(current) is Mapping:
            nodes += 1
            for key, value in current.pairs:
                pending.append(key)
                pending.append(value)
        elif type(current) is Sequence:
            nodes += 1
            pending.extend(current.items)
        else:
            nodes += 1
            chars += len(current.value)  # type: ignore[union-attr]
    return nodes, chars


#: Characters that end an anchor or alias name for libyaml but belong to it in YAML 1.2.
_NAME_ENDS_11 = frozenset("?:%@`")


class _Stop(Exception):
    """Raised inside the composer once a fatal problem has been recorded."""


class _Composer:
    """Builds nodes from libyaml events with an explicit stack (no recursion)."""

    def __init__(
        self, path: str, problems: list[Problem], sink: Sink | None, source: str | bytes
    ) -> None:
        self.path = path
        self.problems = problems
        self.sink = sink
        self.source = source
        self.lines: list[str] | None = None
        self.layout: Layout | None = None
        #: Whether a tag was met (`compose_alone` refuses them: a `%TAG` directive of the
        #: file may give them their meaning).
        self.tagged = False
        #: Nodes and characters the aliases stood for, once the stream has ended.
        self.alias_nodes = self.alias_chars = 0

    def fail(self, line: int, column: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, "error", code, message))
        raise _Stop

    def run(self, text: str | bytes) -> AnyNode | None:
        import yaml

        try:  # the C-accelerated parser; PyYAML without libyaml falls back to pure Python
            from yaml._yaml import CParser as Parser
        except ImportError:  # pragma: no cover - depends on how PyYAML was built
            from yaml import SafeLoader as Parser  # type: ignore[assignment]

        parser = Parser(text)
        get_event: Callable[[], Any] = parser.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
        # Names this loop reads for each of the file's millions of nodes, held locally.
        safe_tags, scalar, max_chars = _SAFE_TAGS, Scalar, MAX_SCALAR_CHARS
        first, distinct = itemgetter(0), set
        sink = self.sink
        new_scalar = tuple.__new__
        # The innermost open collection (None outside any) and its state: whether it is a
        # mapping, its key waiting for a value, how to add to it, its anchor, where it
        # starts, and whether it is the events list. `stack` holds the same for the
        # collections around it, outermost first.
        current: Mapping | Sequence | None = None
        in_map = is_events = False
        key: AnyNode | None = None
        add: Callable[[Any], None] | None = None
        anchor: str | None = None
        start = 0
        stack: list[tuple[Any, ...]] = []
        outermost: AnyNode | None = None
        anchors: dict[str, AnyNode] = {}
        sizes: dict[int, tuple[int, int]] = {}  # id(anchored node) -> its nodes, characters
        written = alias_nodes = alias_chars = 0
        char_budget = max(MAX_EXPANDED_CHARS, 4 * len(text))
        documents = 0
        root: AnyNode | None = None
        layout: Layout | None = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                tag = event.tag
                if tag is not None:
                    self.tagged = True
                    if tag not in safe_tags:
                        self._bad_tag(tag, mark)
                value = event.value
                if len(value) > max_chars:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "limit-exceeded",
                        f"a scalar of {len(value):,} characters; the limit is {max_chars:,}",
                    )
                node: AnyNode = new_scalar(
                    scalar, (value, not event.style, tag, mark.line + 1, mark.column + 1)
                )
                written += 1
                if event.anchor is not None:
                    self._check_name(event.anchor, mark, "&")
                    anchors[event.anchor] = node
                    sizes[id(node)] = (1, len(value))
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                tag = event.tag
                if tag is not None:
                    self.tagged = True
                    if tag not in safe_tags:
                        self._bad_tag(tag, mark)
                depth = len(stack)
                if depth >= MAX_DEPTH:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "limit-exceeded",
                        f"collections nested more than {MAX_DEPTH} levels deep",
                    )
                starts_events = False
                if kind is sequence_start and layout is None:
                    # The events list: a top-level list, or the value of a top-level `events:`.
                    if depth == 0:
                        starts_events = True
                    elif depth == 1:
                        starts_events = type(key) is Scalar and key.value == "events"
                    if starts_events:
                        layout = Layout(bool(event.flow_style), mark.column)
                        self.layout = layout
                stack.append((current, in_map, key, add, anchor, start, is_events))
                if kind is mapping_start:
                    current = Mapping(mark.line + 1, mark.column + 1)
                    add = current.pairs.append
                    in_map = True
                else:
                    current = Sequence(mark.line + 1, mark.column + 1)
                    add = current.items.append
                    in_map = False
                if outermost is None:
                    outermost = current
                key, anchor, start, is_events = None, event.anchor, mark.index, starts_events
                written += 1
                continue
            elif kind is mapping_end or kind is sequence_end:
                finished = current
                assert finished is not None  # (libyaml ends only what it started)
                node = finished
                if in_map:
                    pairs = finished.pairs  # type: ignore[union-attr]
                    # Duplicate keys: counted in C, looked for only when there are some.
                    if len(distinct(map(first, map(first, pairs)))) != len(pairs):
                        self._check_keys(finished)  # type: ignore[arg-type]
                elif is_events:
                    assert layout is not None
                    layout.end = event.start_mark.index
                if anchor is not None:
                    anchors[anchor] = node
                    sizes[id(node)] = _expanded_size(node, sizes)
                ended_at = start
                current, in_map, key, add, anchor, start, is_events = stack.pop()
            elif kind is alias_event:
                mark = event.start_mark
                self._check_name(event.anchor, mark, "*")
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
                extra_nodes, extra_chars = sizes[id(target)]
                alias_nodes += extra_nodes
                alias_chars += extra_chars
                if alias_chars > char_budget:
                    self.fail(
                        mark.line + 1,
                        mark.column + 1,
                        "limit-exceeded",
                        f"aliases repeat more than {char_budget:,} characters of text; the "
                        "limit is 16 MiB or four times the file's size, whichever is larger",
                    )
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
                self.alias_nodes, self.alias_chars = alias_nodes, alias_chars
                return root
            else:
                continue
            # Place the scalar, alias or collection just ended in the one around it.
            if current is None:
                root = node
            elif in_map:
                if key is None:
                    key = node
                    if type(node) is not Scalar:
                        self.fail(
                            node.line,
                            node.column,
                            "wrong-type",
                            "a key must be plain text, not a list or mapping",
                        )
                else:
                    add((key, node))  # type: ignore[misc]
                    key = None
            elif is_events:
                assert layout is not None
                if layout.item_column is None:
                    layout.item_column = node.column - 1
                # where the item starts: a collection's from its frame, else its own
                ended = kind is mapping_end or kind is sequence_end
                layout.last_item = ended_at if ended else mark.index
                layout.count += 1
                if sink is not None:
                    after = event.start_mark if ended else None
                    sink(
                        node, outermost,  # type: ignore[arg-type]
                        layout.last_item,
                        after.index if after is not None else -1,
                        after.column if after is not None else 0,
                    )  # fmt: skip
                else:
                    add(node)  # type: ignore[misc]
            else:
                add(node)  # type: ignore[misc]

    def _check_name(self, name: str, mark: Any, sigil: str) -> None:
        """Refuse an anchor or alias name that libyaml ends early where YAML 1.2 reads on
        (`&a:b Vienna` is the anchor `a` and the text `:b Vienna` to libyaml). What follows
        a name cut short is text, so only scalars and aliases can carry one: a collection
        starts after a space, `[` or `{`, where both versions end the name."""
        if self.lines is None:
            source = self.source
            if isinstance(source, bytes):
                source = decode(source, self.path)[0]
            self.lines = _LINE_END.split(source.removeprefix("\ufeff"))
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        at = line.find(sigil + name, max(0, mark.column - 1))
        end = at + 1 + len(name)
        if at >= 0 and line[end : end + 1] in _NAME_ENDS_11:
            self.fail(
                mark.line + 1,
                at + 1,
                "yaml-syntax",
                f"YAML 1.2 reads {sigil}{name}{line[end]}… as one name and libyaml as "
                f"{sigil}{name} followed by text; use only letters, digits, '-' and '_' "
                "in anchor names",
            )

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
            unique = []
            for key, value in node.pairs:
                if key.value not in kept:
                    kept.add(key.value)
                    unique.append((key, value))
            node.pairs = unique


def _yaml_problem(err: yaml.YAMLError, source: str | bytes, path: str) -> Problem:
    """A located problem from a PyYAML exception, with a hint for the common mistakes."""
    import yaml

    raw = source if isinstance(source, bytes) else source.encode("utf-8")
    if isinstance(err, yaml.reader.ReaderError):
        # libyaml counts the position in bytes of the UTF-8 (or UTF-16) input.
        before = raw[: err.position].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        char = err.character
        if "octet" in err.reason or "UTF-" in err.reason or "invalid Unicode" in err.reason:
            bad = raw[err.position : err.position + 1].hex() or "end"
            message = f"byte 0x{bad} is not valid UTF-8; save the file as UTF-8"
            return Problem(path, line, column, "error", "encoding", message)
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
        lines = raw.split(b"\n", line)
        text_line = lines[line - 1].decode("utf-8", "replace") if line <= len(lines) else ""
        at = text_line[column - 1 : column]
        key_end = text_line.find(":")
        if "tab" in problem or at == "\t":
            message += "; indent with spaces, not tabs"
        elif key_end - (len(text_line) - len(text_line.lstrip(" -"))) > MAX_KEY_CHARS:
            message += (
                f"; a key longer than {MAX_KEY_CHARS:,} characters is not a key in YAML 1.2 "
                "(shorten it)"
            )
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
#: Plain values YAML 1.2 reads as null.
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
#: First characters of the plain scalars the core schema may read as other than text.
MAYBE_NOT_STR = frozenset("-+.0123456789tTfFnN~")


def scalar_kind(node: Scalar) -> str:
    """The YAML 1.2 core-schema type of a scalar: 'str', 'int', 'float', 'bool' or 'null'."""
    tag = node.tag
    if tag is not None:
        return "str" if tag in ("!", _STR) else tag.rpartition(":")[2]
    if not node.plain:
        return "str"
    value = node.value
    if value and value[0] not in MAYBE_NOT_STR:
        return "str"
    if value in NULLS:
        return "null"
    if value in _BOOL:
        return "bool"
    if _INT.fullmatch(value):
        return "int"
    if _FLOAT.fullmatch(value):
        return "float"
    return "str"


class NumberTooLong(ValueError):
    """An integer with more than MAX_INT_DIGITS digits, which could not be printed back."""

    def __init__(self, node: Scalar) -> None:
        super().__init__(f"an integer of more than {MAX_INT_DIGITS:,} digits")
        self.node = node


#: The smallest integer with more than MAX_INT_DIGITS decimal digits.
_INT_TOO_LONG = 10**MAX_INT_DIGITS


def to_python(node: AnyNode) -> object:
    """Plain Python data for a node (for `x-` extension values), by the YAML 1.2 core schema.

    Raises `NumberTooLong` for an integer Python could not print (`0x` and 4,000 `f`s).
    """
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
                number = int(value[2:], 8 if value[1] == "o" else 16)
            elif len(value.lstrip("+-0")) > MAX_INT_DIGITS:
                raise NumberTooLong(node)
            else:
                number = int(value)
            if abs(number) >= _INT_TOO_LONG:
                raise NumberTooLong(node)
            return number
        if kind == "float":
            return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    except NumberTooLong:
        raise
    except ValueError:
        return value
    return value
