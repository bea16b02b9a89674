"""One rule for text that reaches a terminal: control, bidirectional and invisible format
characters are shown as visible escapes (`\\x1b`, `\\u202e`), never sent raw.

Everything that came from a store, a calendar, a file name or a library's message goes
through `visible` (multi-line views keep their line breaks and tabs) or `visible_line`
(messages, which must stay on one line).
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "char_refs", "has_unsafe", "json_visible", "visible", "visible_line"]

#: C0 and C1 controls but tab and line feed, DEL, the bidirectional controls (ALM, LRM,
#: RLM, embeddings, overrides, isolates), the line and paragraph separators, and invisible
#: format characters (zero-width space and joiners, word joiner, invisible operators,
#: byte-order mark, interlinear annotation and object replacement markers).
_BEYOND_C0 = (
    "\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb"
)
UNSAFE = "\x00-\x08\x0b-\x1f" + _BEYOND_C0
_UNSAFE = re.compile(f"[{UNSAFE}]")
_UNSAFE_LINE = re.compile(f"[{UNSAFE}\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every unsafe character made visible; line feeds and tabs stay."""
    return _UNSAFE.sub(_escape, text)


def visible_line(text: str) -> str:
    """`text` made visible and kept on one line (line feeds and tabs escaped too)."""
    return _UNSAFE_LINE.sub(_escape, text)


def char_refs(text: str) -> str:
    """`text` for HTML or Markdown with every unsafe character as a character reference
    (`&#x1B;`): the same text once rendered, never raw in the file."""
    if _UNSAFE.search(text) is None:  # most text: one scan, no copy
        return text
    return _UNSAFE.sub(lambda m: f"&#x{ord(m[0]):X};", text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


#: What `json.dumps` leaves raw: it escapes every C0 control itself.
_JSON_UNSAFE = re.compile(f"[{_BEYOND_C0}]")


def json_visible(document: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with the unsafe characters it
    leaves raw (C1 controls, bidi and format characters) written as `\\uXXXX`: the same
    data, since such characters only ever occur inside JSON strings."""
    if _JSON_UNSAFE.search(document) is None:  # the usual case: one scan, no copy
        return document
    return _JSON_UNSAFE.sub(_json_escape, document)


#: UNSAFE without the CR of CRLF line ends (an .ics export is all CRLF).
_RAW = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_BEYOND_C0}]")


def has_unsafe(text: str) -> bool:
    """True when `text` holds a character `visible` would escape, a CR aside (CRLF)."""
    return _RAW.search(text) is not None
