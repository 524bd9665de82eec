"""The three on-disk stores (conversations, jobs, search index): checked when opened, and set
aside on request. A damaged store gets one line naming the file, what is lost and the command
that starts it fresh (`tunewise repair STORE`); one damaged store never blocks the others,
because each is opened only by what uses it.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from pydantic import BaseModel

from tunewise.core.errors import ToolError

FULL_CHECK_BYTES = 64 * 2**20  # quick_check reads the whole file; above this, a lighter check


class Store(BaseModel):
    name: str
    relpath: str  # under the data directory
    lost: str  # what setting it aside loses
    table: str | None  # a table that must exist once the store has been used


STORES = {
    "threads": Store(
        name="threads",
        relpath="threads.sqlite",
        lost="saved conversations are lost; new ones start fresh",
        table="checkpoints",
    ),
    "jobs": Store(
        name="jobs",
        relpath="jobs.sqlite",
        lost="the job list is lost; run folders, adapters and logs stay on disk",
        table="jobs",
    ),
    "index": Store(
        name="index",
        relpath="chroma/chroma.sqlite3",
        lost="the index is rebuilt from the shipped documents; folders added with "
        "`tunewise index --add` need adding again",
        table=None,
    ),
}


class DamagedStoreError(ToolError):
    """A store's file cannot be read; the message says which and how to start fresh."""


def damaged(store: Store, path: Path, why: str) -> DamagedStoreError:
    aside = path.parent.name if store.name == "index" else path.name
    return DamagedStoreError(
        f"{path} is damaged ({why}); `tunewise repair {store.name}` sets it aside as "
        f"{aside}.damaged-TIME and starts fresh ({store.lost})"
    )


def seen_marker(path: Path) -> Path:
    return path.with_name(path.name + ".used")


def path_of(data_dir: Path, name: str) -> Path:
    return data_dir / STORES[name].relpath


def check(path: Path, name: str) -> None:
    """Raise DamagedStoreError when the store's file exists but is not a sound database, or
    was emptied after it held data (its `.used` marker says it did)."""
    store = STORES[name]
    if not path.exists():
        if store.table and seen_marker(path).exists():
            raise damaged(store, path, "the file is gone although it held data")
        return
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            if path.stat().st_size <= FULL_CHECK_BYTES:
                result = con.execute("pragma quick_check").fetchone()[0]
            else:
                result = (
                    "ok" if con.execute("select count(*) from sqlite_master").fetchone() else ""
                )
            tables = {r[0] for r in con.execute("select name from sqlite_master")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(store, path, str(exc)) from None
    if result != "ok":
        raise damaged(store, path, f"integrity check: {result}")
    if store.table and store.table not in tables and seen_marker(path).exists():
        raise damaged(store, path, "it was emptied after it held data")


def mark_used(path: Path) -> None:
    """Record that the store holds data, so an emptied file is noticed later."""
    marker = seen_marker(path)
    if not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


def set_aside(path: Path, name: str) -> list[Path]:
    """Move the store's file `path` (and its journal files; for the index, its whole folder)
    to `<name>.damaged-<time>`; returns where things went."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    moved: list[Path] = []
    targets = (
        [path.parent]
        if name == "index"
        else [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    )
    for src in targets:
        if src.exists():
            dst = src.with_name(f"{src.name}.damaged-{stamp}")
            shutil.move(str(src), str(dst))
            moved.append(dst)
    seen_marker(path).unlink(missing_ok=True)
    return moved
