"""A store as it was: at a git revision, in the index, in the working tree, or at other
paths; and the history of one event across commits.

Git is run as a program (`git ls-tree`, `git cat-file --batch`, `git log`), from the
repository that holds the store, so that chronology reads exactly what git has. A side's
files are validated by the reader of every command; the working tree goes through the
cache like any other command.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .errors import ChronologyError, Problem
from .files import discover
from .model import Event, Timeline

if TYPE_CHECKING:
    from .quick import Known

__all__ = [
    "Commit",
    "Git",
    "Side",
    "event_text",
    "read_paths",
    "read_revision",
    "read_tree",
    "read_working_tree",
]


#: Git reads the store's paths literally (no `:(glob)` or other pathspec magic), and in
#: English, so that its messages can be recognised.
def _env() -> dict[str, str]:
    return {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}


#: Store files in a directory store: its direct members with these endings.
_STORE_SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)
class Side:
    """One side of a comparison: its label, the valid events, every problem, and for each
    file (as the events' `origin` names it) its name inside the store, so that an event
    moved between files of a directory store is recognised."""

    label: str
    timeline: Timeline
    problems: list[Problem]
    names: dict[str, str] = field(default_factory=dict)
    #: False when the store did not exist at that revision.
    exists: bool = True

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def name_of(self, event: Event) -> str:
        """The store-relative name of the file that holds `event`."""
        return self.names.get(event.origin[0], event.origin[0])


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit as `log` shows it."""

    oid: str
    author: str
    date: str
    subject: str


class Git:
    """The repository that holds `anywhere` (a path inside it)."""

    def __init__(self, anywhere: str) -> None:
        folder = anywhere if os.path.isdir(anywhere) else os.path.dirname(anywhere) or "."
        while not os.path.isdir(folder):  # a store that does not exist (yet) in the tree
            folder = os.path.dirname(folder) or "."
        self.top = self._git(folder, "rev-parse", "--show-toplevel").decode().rstrip("\n")
        self._batch: subprocess.Popen[bytes] | None = None

    def object(self, name: str) -> tuple[str, bytes] | None:
        """The type and contents of one object (`COMMIT:PATH`), or None if there is none,
        from one long-lived `git cat-file --batch` (a process per commit would cost more
        than reading the object)."""
        if self._batch is None:
            self._batch = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.top,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        assert self._batch.stdin is not None
        assert self._batch.stdout is not None
        self._batch.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._batch.stdin.flush()
        header = self._batch.stdout.readline().split()
        if len(header) != 3:
            return None  # "<name> missing" (or ambiguous)
        size = int(header[2])
        data = self._batch.stdout.read(size)
        self._batch.stdout.read(1)  # the newline after the contents
        return header[1].decode(), data

    def close(self) -> None:
        """End the `cat-file` process, if one was started."""
        if self._batch is not None:
            assert self._batch.stdin is not None
            assert self._batch.stdout is not None
            self._batch.stdin.close()
            self._batch.wait()
            self._batch.stdout.close()
            self._batch = None

    @staticmethod
    def _git(cwd: str, *args: str, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False, env=_env()
            )
        except FileNotFoundError:
            raise ChronologyError("git is not installed; it is needed to read revisions") from None
        if done.returncode != 0:
            error = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = error[-1] if error else f"git {args[0]} failed"
            if "not a git repository" in reason:
                reason = (
                    f"{os.path.abspath(cwd)} is not in a git repository; to compare two "
                    "stores, name both: chronology diff OLD.yaml NEW.yaml"
                )
            raise ChronologyError(reason.removeprefix("fatal: "))
        return done.stdout

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return self._git(self.top, *args, stdin=stdin)

    def relative(self, path: str) -> str:
        """`path` relative to the top of the repository, with `/` separators."""
        real = os.path.join(os.path.realpath(os.path.dirname(path) or "."), os.path.basename(path))
        if os.path.isdir(path):
            real = os.path.realpath(path)
        relative = os.path.relpath(real, os.path.realpath(self.top))
        if relative.startswith(".."):
            raise ChronologyError(f"{path} is outside the repository at {self.top}")
        return "" if relative == "." else relative.replace(os.sep, "/")

    def commit(self, revision: str) -> str:
        """The commit a revision names, or a clear error."""
        if revision.startswith("-"):
            raise ChronologyError(f"{revision!r} is not a revision (it would read as an option)")
        try:
            return (
                self.run("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
                .decode()
                .strip()
            )
        except ChronologyError:
            raise ChronologyError(f"unknown revision {revision!r} in {self.top}") from None

    def unborn(self) -> bool:
        """True in a repository without commits."""
        try:
            self.run("rev-parse", "--verify", "--quiet", "HEAD")
        except ChronologyError:
            return True
        return False

    def files_at(self, commit: str | None, store: str) -> list[tuple[str, str]]:
        """The store's files at `commit` (None: the index) as (path, blob id): the file
        itself, or a directory's direct *.yaml and *.yml members; none if absent."""
        if commit is None:
            listing = self._listing("ls-files", "--stage", "-z", "--", store or ".")
            found = [(name, oid) for _, oid, name in listing]
        else:
            found = [
                (name, oid)
                for kind, oid, name in self._listing(
                    "ls-tree", "-r", "-z", "--full-tree", commit, "--", store or "."
                )
                if kind == "blob"
            ]
        exact = [(name, oid) for name, oid in found if name == store]
        if exact:
            return exact
        prefix = f"{store}/" if store else ""
        return [
            (name, oid)
            for name, oid in found
            if name.startswith(prefix)
            and "/" not in name[len(prefix) :]
            and name.endswith(_STORE_SUFFIXES)
            and not name[len(prefix) :].startswith(".")
        ]

    def _listing(self, *command: str) -> list[tuple[str, str, str]]:
        """(kind or stage, object id, path) of each entry of `git ls-tree` or `ls-files`."""
        entries = []
        for entry in self.run(*command).split(b"\0"):
            if entry:
                info, _, name = entry.decode("utf-8", "surrogateescape").partition("\t")
                parts = info.split()
                kind = parts[1] if command[0] == "ls-tree" else "blob"
                oid = parts[2] if command[0] == "ls-tree" else parts[1]
                entries.append((kind, oid, name))
        return entries

    def blobs(self, oids: list[str]) -> list[bytes]:
        """The contents of these blobs, read by one `git cat-file --batch`."""
        if not oids:
            return []
        out = self.run("cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
        contents = []
        at = 0
        for _ in oids:
            header_end = out.index(b"\n", at)
            header = out[at:header_end].split()
            size = int(header[2])
            contents.append(out[header_end + 1 : header_end + 1 + size])
            at = header_end + 1 + size + 1
        return contents

    def log(self, stores: list[str], revision: str = "HEAD") -> list[tuple[Commit, list[str]]]:
        """The commits up to `revision` that changed the store, newest first, each with the
        store's paths at that commit (a single-file store is followed through renames)."""
        form = "--format=%x1e%H%x1f%an%x1f%ad%x1f%s"
        if len(stores) == 1 and stores[0] and not self._is_tree("HEAD", stores[0]):
            out = self.run(
                "log", "--follow", "--name-only", "--date=short", form, revision, "--", stores[0]
            )
        else:
            out = self.run("log", "--date=short", form, revision, "--", *[s or "." for s in stores])
        commits = []
        for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
            head, _, names = record.partition("\n")
            oid, author, date, subject = head.split("\x1f", 3)
            paths = [n for n in names.splitlines() if n] or stores
            commits.append((Commit(oid, author, date, subject), paths))
        return commits

    def _is_tree(self, commit: str, path: str) -> bool:
        try:
            return self.run("cat-file", "-t", f"{commit}:{path}").strip() == b"tree"
        except ChronologyError:
            return os.path.isdir(os.path.join(self.top, path))


def _validated(
    label: str,
    contents: list[tuple[str, bytes | None, Problem | None]],
    names: dict[str, str],
    known: Known | None = None,
) -> Side:
    from .validate import validate_sources

    timeline, problems, _ = validate_sources(contents, known=known)
    return Side(label, timeline, problems, names, exists=bool(names))


def read_revision(
    git: Git,
    revision: str | None,
    stores: list[str],
    use_cache: bool = False,
    *,
    known: Known | None = None,
) -> Side:
    """The store at `revision` (None: the index), as git has it; before the first commit,
    `HEAD` has no store (as `git diff` compares with an empty tree then). `known` is as
    for `read_tree`."""
    if revision == "HEAD" and git.unborn():
        return Side("HEAD (no commits yet)", Timeline(events=()), [], {}, exists=False)
    commit = git.commit(revision) if revision is not None else None
    label = revision if revision is not None else "index"
    relatives = [git.relative(store) for store in stores]
    return read_tree(git, commit, relatives, label, use_cache, known=known)


def read_tree(
    git: Git,
    commit: str | None,
    relatives: list[str],
    label: str,
    use_cache: bool = False,
    *,
    known: Known | None = None,
) -> Side:
    """The store whose paths (relative to the repository) are `relatives`, at `commit`
    (None: the index).

    With `use_cache`, a revision whose files hold exactly the bytes the cache validated for
    the working tree (keyed by their SHA-256, as every command's cache is) is taken from it.
    With `known` (shared by the versions a command reads), items read before to the byte
    are taken from it (see `quick.Known`).
    """
    prefix = f"{label}:" if commit is not None else ":"
    listed: list[tuple[str, str, str]] = []  # (shown path, blob, name in the store)
    for relative in relatives:
        for path, oid in git.files_at(commit, relative):
            name = path[len(relative) + 1 :] if path != relative else _name_alone(relatives, path)
            listed.append((f"{prefix}{path}", oid, name))
    data = git.blobs([oid for _, oid, _ in listed])
    names = {shown: name for shown, _, name in listed}
    if use_cache and listed:
        from . import cache

        snapshots = [
            replace(cache.snapshot(shown, blob), absolute=os.path.realpath(
                os.path.join(git.top, shown.partition(":")[2])))
            for (shown, _, _), blob in zip(listed, data, strict=True)
        ]  # fmt: skip
        cached = cache.load(snapshots)
        if cached is not None:
            return Side(label, cached[0], cached[1], names)
    contents: list[tuple[str, bytes | None, Problem | None]] = [
        (shown, blob, None) for (shown, _, _), blob in zip(listed, data, strict=True)
    ]
    return _validated(label, contents, names, known)


def _name_alone(stores: list[str], path: str) -> str:
    """The name of a store file named by itself: none when it is the whole store (a file
    renamed between versions does not move its events), else its base name."""
    return "" if len(stores) == 1 else os.path.basename(path)


def read_working_tree(
    stores: list[str], use_cache: bool, label: str = "working tree", *, known: Known | None = None
) -> Side:
    """The store as it is on disk, through the cache like every command (`known` as for
    `read_tree`)."""
    from .loader import check

    files, _ = discover(stores)
    names = {}
    for store in stores:
        for path in files:
            if path == store:
                names[path] = _name_alone(stores, path)
            elif os.path.isdir(store) and os.path.dirname(path) == store.rstrip(os.sep):
                names[path] = os.path.basename(path)
    if not any(os.path.exists(path) for path in stores):
        return Side(label, Timeline(events=()), [], {}, exists=False)
    timeline, problems = check(stores, use_cache=use_cache, known=known)
    return Side(label, timeline, problems, names)


def read_paths(path: str, use_cache: bool, *, known: Known | None = None) -> Side:
    """A store named by its path (`chronology diff old.yaml new.yaml`)."""
    return read_working_tree([path], use_cache, label=path, known=known)


# ------------------------------------------------------------------ one event's text


def event_text(data: bytes, event_id: str) -> bytes | None:
    """The text of the item whose first line is `- id: EVENT_ID`, with the file's own
    `timezone:` line before it, as a small store of its own; None when the item is not
    written that way (the caller then reads the whole file).

    Candidates are found with `bytes.find` and checked with a regular expression at their
    line's start: a multi-line search over a 2 MB file costs 70 ms, `find` well under one.
    """
    name = event_id.encode()
    line_form = re.compile(rb"( *)- id: *(['\"]?)" + re.escape(name) + rb"\2[ \t]*(?:#[^\n]*)?\r?$")
    found = None
    at = data.find(name)
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        candidate = line_form.fullmatch(data, start, len(data) if end < 0 else end)
        if candidate is not None:
            found = candidate
            break
        at = data.find(name, at + 1)
    if found is None:
        return None
    indent = len(found[1])
    after = re.compile(rb"(?m)^ {0,%d}[^ \r\n#]" % indent).search(data, found.end())
    item = data[found.start() : after.start() if after else len(data)]
    zone_at = 0 if data.startswith(b"timezone:") else data.find(b"\ntimezone:") + 1
    zone = b""
    if zone_at > 0 or data.startswith(b"timezone:"):
        zone_end = data.find(b"\n", zone_at)
        zone = data[zone_at : len(data) if zone_end < 0 else zone_end].rstrip(b"\r") + b"\n"
    return zone + b"events:\n" + item
