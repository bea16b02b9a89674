"""`chronology edit`: change a store in $VISUAL/$EDITOR, replaced only if the copy validates.

Like `visudo` and `crontab -e`: the editor works on a copy; an invalid copy is shown with
its problems and may be edited again or abandoned, and the user's edits are never lost.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable

from .atomic import StoreChanged
from .errors import ChronologyError, InvalidStore, Problem
from .model import Timeline
from .writer import LOCK_TIMEOUT, change

__all__ = ["edit_store", "editor_command"]


def editor_command() -> list[str]:
    """The user's editor as an argument list: $VISUAL, else $EDITOR, else vi."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(command)
    except ValueError as err:
        raise ChronologyError(f"cannot read the editor command {command!r}: {err}") from None
    if not words:
        raise ChronologyError("the editor command is empty; set $VISUAL or $EDITOR")
    return words


def run_editor(path: str) -> int:
    """Open `path` in the user's editor and wait; returns its exit status."""
    command = editor_command()
    try:
        return subprocess.call([*command, path])
    except OSError as err:
        raise ChronologyError(
            f"cannot run the editor {command[0]!r}: {err.strerror}; set $VISUAL or $EDITOR"
        ) from None


def edit_store(
    paths: list[str],
    target: str,
    *,
    editor: Callable[[str], int] = run_editor,
    show: Callable[[list[Problem]], None],
    ask: Callable[[], bool] | None,
    lock_timeout: float = LOCK_TIMEOUT,
    notify: Callable[[str], None] | None = None,
) -> str:
    """Edit `target` through a copy. Returns "unchanged" or "written".

    `ask()` answers "edit again?" after an invalid copy; None (no terminal) means abandon.
    Raises ChronologyError when the edit is abandoned or fails, naming the kept copy.
    """
    try:
        with open(target, "rb") as handle:
            original = handle.read()
    except FileNotFoundError:
        raise ChronologyError(f"{target} does not exist; create it with 'chronology add'") from None
    except OSError as err:
        raise ChronologyError(f"cannot read {target}: {err.strerror}") from None
    folder = copy = ""
    try:
        folder = tempfile.mkdtemp(prefix="chronology-edit-")
        copy = os.path.join(folder, os.path.basename(target))
        with open(copy, "wb") as handle:
            handle.write(original)
    except OSError as err:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise ChronologyError(
            f"cannot make a copy of {target} to edit: {err.strerror or err}; nothing was written"
        ) from None
    while True:
        status = editor(copy)
        if status != 0:
            raise ChronologyError(
                f"the editor exited with status {status}; nothing was written "
                f"(your copy is kept at {copy})"
            )
        try:
            with open(copy, "rb") as handle:
                edited = handle.read()
        except OSError as err:
            shutil.rmtree(folder, ignore_errors=True)
            raise ChronologyError(
                f"cannot read your copy {copy} after the editor: {err.strerror or err} "
                f"(it was moved, deleted or replaced); nothing was written to {target}"
            ) from None
        if edited == original:
            shutil.rmtree(folder, ignore_errors=True)
            return "unchanged"
        try:
            _replace(paths, target, original, edited, lock_timeout=lock_timeout, notify=notify)
        except InvalidStore as err:
            show(err.problems)
            if ask is not None and ask():
                continue
            raise ChronologyError(
                f"the edited store is invalid; nothing was written (your copy is kept at {copy})"
            ) from None
        except ChronologyError as err:
            raise ChronologyError(f"{err} (your copy is kept at {copy})") from None
        shutil.rmtree(folder, ignore_errors=True)
        return "written"


def _replace(
    paths: list[str],
    target: str,
    original: bytes,
    edited: bytes,
    *,
    lock_timeout: float,
    notify: Callable[[str], None] | None,
) -> None:
    def edit(current: str, exists: bool, timeline: Timeline, layout: object) -> bytes:
        return edited

    # The change is made from `original`, the bytes the editor started from: if the file
    # holds others now, the compare-and-swap refuses.
    try:
        change(paths, target, edit, expected=original, lock_timeout=lock_timeout, notify=notify)
    except StoreChanged:
        raise ChronologyError(f"{target} changed on disk while you were editing") from None
