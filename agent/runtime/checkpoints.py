"""Where conversations live: SQLite in the data directory (the default), or PostgreSQL when
TUNEWISE_CHECKPOINT_URL is set, so that several web app processes (or machines) continue the
same threads. Both are LangGraph's own checkpointers; this module only opens them and gives
the matching turn lock (agent/runtime/turnlock.py: a file lock for SQLite, an advisory lock held on
a PostgreSQL connection otherwise: either is dropped when its process dies)."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tunewise.agent.runtime.turnlock import ThreadBusyError, busy_message, thread_turn, wait_limit
from tunewise.core import stores
from tunewise.core.errors import ProviderConfigError
from tunewise.core.settings import Settings


@dataclass
class Checkpoints:
    saver: Any
    turn: Callable[[str], AbstractContextManager[float]]  # the thread's turn lock
    where: str  # for messages: the SQLite file, or host:port/db (never the password)
    sqlite_path: Path | None = None
    close: Callable[[], None] = lambda: None


def open_checkpoints(settings: Settings) -> Checkpoints:
    if settings.checkpoint_url is not None:
        return _postgres(settings.checkpoint_url.get_secret_value())
    from langgraph.checkpoint.sqlite import SqliteSaver

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = stores.path_of(settings.data_dir, "threads")
    stores.check(path, "threads")
    conn = sqlite3.connect(path, check_same_thread=False)
    return Checkpoints(
        saver=SqliteSaver(conn),
        turn=lambda thread_id: thread_turn(settings.data_dir, thread_id),
        where=str(path),
        sqlite_path=path,
        close=conn.close,
    )


def describe_url(url: str) -> str:
    """host:port/dbname of a connection URL, without user or password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        d = conninfo_to_dict(url)
    except Exception:
        return "the PostgreSQL server in TUNEWISE_CHECKPOINT_URL"
    return f"{d.get('host') or 'localhost'}:{d.get('port') or 5432}/{d.get('dbname') or ''}"


def _postgres(url: str) -> Checkpoints:
    if not url.startswith(("postgresql://", "postgres://")):
        raise ProviderConfigError(
            "TUNEWISE_CHECKPOINT_URL must be a postgresql://user:password@host:port/dbname URL "
            "(unset it to keep conversations in SQLite)"
        )
    import psycopg
    from langgraph.checkpoint.postgres import PostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import ConnectionPool

    where = describe_url(url)
    kwargs = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    pool = ConnectionPool(url, min_size=1, max_size=8, kwargs=kwargs, open=False)
    try:
        with psycopg.connect(url, connect_timeout=10):  # the real reason, before the pool
            pass  # retries it in the background and only says "incomplete" when it fails
        pool.open(wait=True, timeout=10)
        saver = PostgresSaver(pool)  # type: ignore[arg-type]
        saver.setup()  # creates or migrates LangGraph's tables; safe to repeat
    except Exception as exc:  # psycopg errors, and the pool's own timeout
        pool.close()
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ProviderConfigError(
            f"cannot use the conversation database at {where} (TUNEWISE_CHECKPOINT_URL): "
            f"{reason.replace(url, where)}. Start PostgreSQL or fix the URL; unset it to keep "
            "conversations in SQLite"
        ) from None
    return Checkpoints(
        saver=saver,
        turn=lambda thread_id: advisory_turn(pool, thread_id),
        where=where,
        close=pool.close,
    )


@contextmanager
def advisory_turn(pool: Any, thread_id: str, wait_s: float | None = None) -> Iterator[float]:
    """The thread's turn as a PostgreSQL session advisory lock: held by one connection from
    reading the state to writing the answer, released by the server if that process dies."""
    wait_s = wait_limit() if wait_s is None else wait_s
    key = int.from_bytes(hashlib.sha256(thread_id.encode()).digest()[:8], "big", signed=True)
    t0 = time.monotonic()
    with pool.connection() as conn:
        pause = 0.02
        while not conn.execute("SELECT pg_try_advisory_lock(%s) AS ok", (key,)).fetchone()["ok"]:
            if time.monotonic() - t0 >= wait_s:
                raise ThreadBusyError(busy_message(thread_id, wait_s))
            time.sleep(pause)
            pause = min(pause * 2, 0.25)
        try:
            yield time.monotonic() - t0
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
