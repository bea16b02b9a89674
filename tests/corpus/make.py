"""Writes the bad-input corpus: one malformed store per file, and manifest.json.

Each case names the problem code and line that `chronology validate` must report.
Run `python tests/corpus/make.py` after changing a case; commit the files it writes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD = "events:\n  - id: a\n    date: 2021-06-02\n    title: A\n"


def event(**fields: str) -> str:
    """A one-event store whose event has these key: value lines (raw YAML text)."""
    base = {"id": "a", "date": "2021-06-02", "title": "A"}
    base.update(fields)
    lines = [f"    {k}: {v}" if v is not None else f"    {k}:" for k, v in base.items() if v != "-"]
    lines[0] = "  - " + lines[0].lstrip()
    return "events:\n" + "\n".join(lines) + "\n"


# name: (content, code, line); content is str or bytes
CASES: dict[str, tuple[str | bytes, str, int]] = {
    # --- YAML syntax
    "syntax-unclosed-flow.yaml": ("events: [\n", "yaml-syntax", 2),
    "syntax-unclosed-map.yaml": ("events: [{id: a, date: 2021\n", "yaml-syntax", 2),
    "syntax-bad-indent.yaml": ("events:\n  - id: a\n   date: 2021\n", "yaml-syntax", 3),
    "syntax-colon-in-plain.yaml": ("title: a: b\nevents: []\n", "yaml-syntax", 1),
    "syntax-unclosed-double-quote.yaml": ('title: "abc\nevents: []\n', "yaml-syntax", 3),
    "syntax-unclosed-single-quote.yaml": ("title: 'abc\nevents: []\n", "yaml-syntax", 3),
    "syntax-bad-escape.yaml": ('title: "a\\qb"\nevents: []\n', "yaml-syntax", 1),
    "syntax-stray-bracket.yaml": ("events: []]\n", "yaml-syntax", 1),
    "syntax-tab-indent.yaml": ("events:\n\t- id: a\n", "yaml-syntax", 2),
    "syntax-tab-in-mapping.yaml": (
        "title: T\nevents:\n  - id: a\n\tdate: 2021\n",
        "yaml-syntax",
        4,
    ),
    "syntax-yaml-directive.yaml": ("%YAML 2.0\n---\nevents: []\n", "yaml-syntax", 1),
    "syntax-anchor-only.yaml": ("events: &\n", "yaml-syntax", 1),
    "syntax-at-sign.yaml": ("title: @handle\nevents: []\n", "yaml-syntax", 1),
    "syntax-backtick.yaml": ("title: `cmd`\nevents: []\n", "yaml-syntax", 1),
    "syntax-block-in-flow.yaml": ("events: [- a]\n", "yaml-syntax", 1),
    # --- encodings, control characters
    "encoding-latin1.yaml": (
        b"events:\n  - id: a\n    date: 2021\n    title: caf\xe9\n",
        "encoding",
        4,
    ),
    "encoding-invalid-byte.yaml": (b"title: \xff\xfe\xfd\nevents: []\n", "encoding", 1),
    "encoding-truncated-utf8.yaml": (b"events: []\ntitle: \xe2\x82", "encoding", 2),
    "encoding-overlong.yaml": (b"title: \xc0\xaf\nevents: []\n", "encoding", 1),
    "encoding-surrogate.yaml": (b"title: \xed\xa0\x80\nevents: []\n", "encoding", 1),
    "control-nul.yaml": (b"title: a\x00b\nevents: []\n", "yaml-syntax", 1),
    "control-escape.yaml": (b"title: a\x1b[31mred\nevents: []\n", "yaml-syntax", 1),
    "control-bell.yaml": (b"events: []\ntitle: \x07\n", "yaml-syntax", 2),
    "control-backspace.yaml": (b"events: []\n# \x08 in a comment\n", "yaml-syntax", 2),
    # --- empty and not-a-store
    "empty.yaml": ("", "not-a-store", 1),
    "empty-whitespace.yaml": ("   \n\n  \n", "not-a-store", 1),
    "empty-comments.yaml": ("# nothing but a comment\n# and another\n", "not-a-store", 1),
    "not-a-store-scalar.yaml": ("just some text\n", "not-a-store", 1),
    "not-a-store-number.yaml": ("42\n", "not-a-store", 1),
    "not-a-store-single-event.yaml": ("id: a\ndate: 2021\ntitle: A\n", "not-a-store", 1),
    "missing-events.yaml": ("title: T\ndescription: D\n", "missing-key", 1),
    # --- documents, tags, aliases, limits
    "multiple-documents.yaml": ("events: []\n---\nevents: []\n", "multiple-documents", 2),
    "multiple-documents-end-marker.yaml": (
        "events: []\n...\n---\ntitle: x\n",
        "multiple-documents",
        3,
    ),
    "tag-python-apply.yaml": ("events: !!python/object/apply:os.system [echo]\n", "bad-tag", 1),
    "tag-python-name.yaml": ("title: !!python/name:os.system\nevents: []\n", "bad-tag", 1),
    "tag-python-module.yaml": ("events:\n  - !!python/module:os\n", "bad-tag", 2),
    "tag-binary.yaml": ("title: !!binary aGVsbG8=\nevents: []\n", "bad-tag", 1),
    "tag-set.yaml": ("events: !!set {a, b}\n", "bad-tag", 1),
    "tag-custom.yaml": ("events: !include other.yaml\n", "bad-tag", 1),
    "tag-timestamp.yaml": (event(date="!!timestamp 2021-06-02"), "bad-tag", 3),
    "alias-undefined.yaml": ("events: *missing\n", "yaml-syntax", 1),
    "alias-recursive.yaml": ("events: &a [*a]\n", "yaml-syntax", 1),
    "limit-deep-flow.yaml": ("events: " + "[" * 100 + "]" * 100 + "\n", "limit-exceeded", 1),
    "limit-deep-block.yaml": (
        "events:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 80)),
        "limit-exceeded",
        33,
    ),
    "limit-huge-scalar.yaml": ("title: " + "x" * 1_200_000 + "\nevents: []\n", "limit-exceeded", 1),
    # 20 aliases of 100 aliases of a 10,000-character text: 20 MB from 11 KB, few nodes
    "limit-alias-bytes.yaml": (
        "x-a: &a " + "x" * 10_000 + "\nx-b: &b [" + ", ".join(["*a"] * 100) + "]\n"
        "x-c: [" + ", ".join(["*b"] * 20) + "]\nevents: []\n",
        "limit-exceeded",
        3,
    ),
    # the same through an anchored list of plain texts: 20 KB, 100 times, 10 times
    "limit-alias-bytes-list.yaml": (
        "x-a: &a ["
        + "y" * 10_000
        + ", "
        + "z" * 10_000
        + "]\nx-b: &b ["
        + ", ".join(["*a"] * 100)
        + "]\nx-c: ["
        + ", ".join(["*b"] * 10)
        + "]\nevents: []\n",
        "limit-exceeded",
        3,
    ),
    "limit-long-hex.yaml": (event(**{"x-big": "0x" + "f" * 4000}), "limit-exceeded", 5),
    "limit-long-int.yaml": (event(**{"x-big": "9" * 5000}), "limit-exceeded", 5),
    "limit-long-int-nested.yaml": (
        event(**{"x-data": "{a: [1, " + "-" + "7" * 4400 + "]}"}),
        "limit-exceeded",
        5,
    ),
    # --- what YAML 1.1 (libyaml) and YAML 1.2 read differently: refused, never guessed
    "yaml11-line-separator.yaml": (event(title="T\u2028  end: 2030"), "yaml-syntax", 4),
    "yaml11-next-line.yaml": (event(title="T\x85  - id: b"), "yaml-syntax", 4),
    "yaml11-paragraph-separator-quoted.yaml": (event(title='"T\u2029"'), "yaml-syntax", 4),
    "yaml11-line-separator-comment.yaml": ("# a\u2028b\n" + GOOD, "yaml-syntax", 1),
    "yaml11-paragraph-separator-utf16.yaml": (
        event(title="T\u2029").encode("utf-16"),
        "yaml-syntax",
        4,
    ),
    "yaml11-anchor-colon.yaml": (event(title="&a:b Vienna"), "yaml-syntax", 4),
    "yaml11-anchor-at.yaml": (event(location="&place@x Vienna"), "yaml-syntax", 5),
    "yaml11-anchor-question.yaml": (event(title="&a?b Vienna"), "yaml-syntax", 4),
    "yaml11-anchor-after-tag.yaml": (event(title="!!str &a:b Vienna"), "yaml-syntax", 4),
    "yaml11-anchor-in-flow.yaml": (event(**{"x-list": "[&a:b x]"}), "yaml-syntax", 5),
    "yaml11-alias-colon-in-flow.yaml": (
        "x-a: &a v\nevents:\n  - id: a\n    date: 2021\n    title: T\n    x-list: [*a:b]\n",
        "yaml-syntax",
        6,
    ),
    "yaml11-key-too-long.yaml": (event(**{"x-" + "k" * 1100: "1"}), "yaml-syntax", 5),
    "yaml11-key-too-long-source.yaml": (
        event(sources="\n      - url: https://example.org\n        x-" + "k" * 1100 + ": 1"),
        "yaml-syntax",
        7,
    ),
    "yaml11-key-too-long-crlf.yaml": (
        event(**{"x-" + "k" * 1023: "1"}).replace("\n", "\r\n"),
        "yaml-syntax",
        5,
    ),
    # --- keys
    "unknown-key-top.yaml": ("titel: T\nevents: []\n", "unknown-key", 1),
    "unknown-key-event.yaml": (event(colour="red"), "unknown-key", 5),
    "unknown-key-source.yaml": (
        event(sources="\n      - url: https://example.org\n        tittle: x"),
        "unknown-key",
        7,
    ),
    "merge-key.yaml": (
        "base: &b {title: B}\nevents:\n  - <<: *b\n    id: a\n    date: 2021\n",
        "unknown-key",
        1,
    ),
    "missing-id.yaml": (event(id="-"), "missing-key", 2),
    "missing-date.yaml": (event(date="-"), "missing-key", 2),
    "missing-title.yaml": (event(title="-"), "missing-key", 2),
    "missing-url.yaml": (event(sources="\n      - title: x"), "missing-key", 6),
    "duplicate-key-top.yaml": ("title: A\ntitle: B\nevents: []\n", "duplicate-key", 2),
    "duplicate-key-event.yaml": (GOOD + "    title: B\n", "duplicate-key", 5),
    "duplicate-key-source.yaml": (
        event(sources="\n      - url: https://a.example\n        url: https://b.example"),
        "duplicate-key",
        7,
    ),
    # --- wrong types at every key
    "type-title-list.yaml": ("title: [a]\nevents: []\n", "wrong-type", 1),
    "type-description-map.yaml": ("description: {a: b}\nevents: []\n", "wrong-type", 1),
    "type-timezone-number.yaml": ("timezone: 5\nevents: []\n", "wrong-type", 1),
    "type-events-map.yaml": ("events: {a: b}\n", "wrong-type", 1),
    "type-events-scalar.yaml": ("events: many\n", "wrong-type", 1),
    "type-event-scalar.yaml": ("events:\n  - just text\n", "wrong-type", 2),
    "type-event-list.yaml": ("events:\n  - [a, b]\n", "wrong-type", 2),
    "type-id-list.yaml": (event(id="[a]"), "wrong-type", 2),
    "type-id-bool.yaml": (event(id="true"), "wrong-type", 2),
    "type-date-map.yaml": (event(date="{y: 2021}"), "wrong-type", 3),
    "type-date-list.yaml": (event(date="[2021]"), "wrong-type", 3),
    "type-end-list.yaml": (event(end="[2022]"), "wrong-type", 5),
    "type-title-bool.yaml": (event(title="false"), "wrong-type", 4),
    "type-title-number.yaml": (event(title="3.14"), "wrong-type", 4),
    "type-summary-number.yaml": (event(summary="12"), "wrong-type", 5),
    "type-summary-list.yaml": (event(summary="[a]"), "wrong-type", 5),
    "type-location-map.yaml": (event(location="{city: x}"), "wrong-type", 5),
    "type-location-bool.yaml": (event(location="True"), "wrong-type", 5),
    "type-tags-scalar.yaml": (event(tags="one"), "wrong-type", 5),
    "type-tags-map.yaml": (event(tags="{a: b}"), "wrong-type", 5),
    "type-tags-item-map.yaml": (event(tags="[{a: b}]"), "wrong-type", 5),
    "type-tags-item-number.yaml": (event(tags="[1, 2]"), "wrong-type", 5),
    "type-people-scalar.yaml": (event(people="Somebody"), "wrong-type", 5),
    "type-people-item-null.yaml": (event(people="[a, ~]"), "wrong-type", 5),
    "type-timezone-event-list.yaml": (event(timezone="[UTC]"), "wrong-type", 5),
    "type-sources-scalar.yaml": (event(sources="https://example.org"), "wrong-type", 5),
    "type-sources-map.yaml": (event(sources="{url: x}"), "wrong-type", 5),
    "type-source-item-list.yaml": (event(sources="[[https://example.org]]"), "wrong-type", 5),
    "type-source-url-number.yaml": (event(sources="\n      - url: 42"), "wrong-type", 6),
    "type-source-title-list.yaml": (
        event(sources="\n      - url: https://example.org\n        title: [x]"),
        "wrong-type",
        7,
    ),
    "type-key-list.yaml": ("? [a, b]\n: c\nevents: []\n", "wrong-type", 1),
    # --- ids
    "bad-id-leading-dash.yaml": (event(id="-a"), "bad-id", 2),
    "bad-id-space.yaml": (event(id="'a b'"), "bad-id", 2),
    "bad-id-slash.yaml": (event(id="a/b"), "bad-id", 2),
    "bad-id-unicode.yaml": (event(id="café"), "bad-id", 2),
    "bad-id-long.yaml": (event(id="a" * 200), "bad-id", 2),
    "bad-id-empty.yaml": (event(id="''"), "bad-id", 2),
    "duplicate-id.yaml": (GOOD + "  - id: a\n    date: 2022\n    title: B\n", "duplicate-id", 5),
    # --- dates
    "date-feb-30.yaml": (event(date="2021-02-30"), "bad-date", 3),
    "date-month-13.yaml": (event(date="2021-13"), "bad-date", 3),
    "date-five-digits.yaml": (event(date="12345"), "bad-date", 3),
    "date-short-year.yaml": (event(date="'44'"), "bad-date", 3),
    "date-one-digit-month.yaml": (event(date="2021-6-2"), "bad-date", 3),
    "date-slashes.yaml": (event(date="02/06/2021"), "bad-date", 3),
    "date-words.yaml": (event(date="June 2021"), "bad-date", 3),
    "date-minus-zero.yaml": (event(date="'-0000'"), "bad-date", 3),
    "date-two-qualifiers.yaml": (event(date="2021?~"), "bad-date", 3),
    "date-x-with-month.yaml": (event(date="201X-06"), "bad-date", 3),
    "date-hour-25.yaml": (event(date="2021-06-02T25:00"), "bad-date", 3),
    "date-fraction.yaml": (event(date="2021-06-02T10:00:00.5"), "bad-date", 3),
    "date-offset-15.yaml": (event(date="2021-06-02T10:00+15:00"), "bad-date", 3),
    "date-three-parts.yaml": (event(date="2021/2022/2023"), "bad-date", 3),
    "date-open-open.yaml": (event(date="../.."), "bad-date", 3),
    "date-empty.yaml": (event(date=None), "bad-date", 3),
    "date-season.yaml": (event(date="2021-21"), "bad-date", 3),
    "date-lowercase-x.yaml": (event(date="201x"), "bad-date", 3),
    "end-is-interval.yaml": (event(end="2021/2022"), "bad-date", 5),
    "accessed-bad.yaml": (
        event(sources="\n      - url: https://example.org\n        accessed: 2026-02-31"),
        "bad-date",
        7,
    ),
    "end-before-start.yaml": (event(end="2021-06-01"), "end-before-start", 5),
    "interval-backwards.yaml": (event(date="2022/2021"), "end-before-start", 3),
    "end-with-interval.yaml": (event(date="2021/2022", end="2023"), "end-with-interval", 5),
    # --- zones, urls, titles
    "timezone-unknown.yaml": (event(timezone="Mars/Olympus_Mons"), "bad-timezone", 5),
    "timezone-offset.yaml": ("timezone: '+05:30'\n" + GOOD, "bad-timezone", 1),
    "timezone-path.yaml": (event(timezone="../../etc/passwd"), "bad-timezone", 5),
    "url-javascript.yaml": (event(sources="['javascript:alert(1)']"), "bad-url", 5),
    "url-data.yaml": (event(sources="['data:text/html,<script>x</script>']"), "bad-url", 5),
    "url-file.yaml": (event(sources="[file:///etc/passwd]"), "bad-url", 5),
    "url-ftp.yaml": (event(sources="[ftp://example.org/x]"), "bad-url", 5),
    "url-relative.yaml": (event(sources="[/relative/path]"), "bad-url", 5),
    "url-no-host.yaml": (event(sources="['https:///x']"), "bad-url", 5),
    "url-space.yaml": (event(sources="['https://example.org/a b']"), "bad-url", 5),
    "url-mailto-no-address.yaml": (event(sources="[mailto:nobody]"), "bad-url", 5),
    "title-empty.yaml": (event(title="''"), "empty-title", 4),
    "title-null.yaml": (event(title=None), "empty-title", 4),
    "title-multiline.yaml": (event(title='"first\\nsecond"'), "multiline-title", 4),
}

# A directory store: two files with the same id, and one that cannot be read.
DIRECTORIES = {
    "dir-duplicate-ids": (
        {
            "a.yaml": "events:\n  - {id: same, date: 2021, title: A}\n",
            "b.yaml": "events:\n  - {id: same, date: 2022, title: B}\n",
        },
        "b.yaml",
        "duplicate-id",
        2,
    ),
    "dir-unreadable": (
        {"a.yaml": GOOD, "broken.yaml/.keep": ""},
        "broken.yaml",
        "unreadable",
        0,
    ),
}


def main() -> None:
    for old in HERE.iterdir():
        if old.name not in ("make.py", "__pycache__"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    manifest = {}
    for name, (content, code, line) in CASES.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
        manifest[name] = {"code": code, "line": line, "file": name}
    for name, (files, culprit, code, line) in DIRECTORIES.items():
        for relative, text in files.items():
            path = HERE / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        manifest[name] = {"code": code, "line": line, "file": f"{name}/{culprit}"}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"{len(manifest)} cases")


if __name__ == "__main__":
    main()
