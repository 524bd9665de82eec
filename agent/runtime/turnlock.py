"""One turn at a time per conversation thread, across processes and web sessions.

A turn holds an exclusive `flock` on `<data dir>/locks/<thread hash>.lock` from reading the
thread's state to writing its answer. flock locks belong to an open file, so two sessions in
one process exclude each other as two processes do, and the kernel drops the lock of a process
that dies (kill -9 included): a crashed turn never leaves a thread locked. A turn that finds
the thread busy waits, up to TUNEWISE_TURN_WAIT_S seconds (default 120), then gives up with a
message; nothing is written in that case.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_WAIT_S = 120.0


class ThreadBusyError(Exception):
    """Another turn on the same thread did not finish in time."""


def wait_limit() -> float:
    try:
        return max(0.0, float(os.environ.get("TUNEWISE_TURN_WAIT_S", DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


def busy_message(thread_id: str, wait_s: float) -> str:
    return (
        f"another turn on thread {thread_id} is still running (waited {wait_s:.0f} s); your "
        "message was not sent - send it again when that turn has answered"
    )


@contextmanager
def thread_turn(data_dir: Path, thread_id: str, wait_s: float | None = None) -> Iterator[float]:
    """Hold the thread's turn; yields the seconds spent waiting for it."""
    wait_s = wait_limit() if wait_s is None else wait_s
    folder = data_dir / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(thread_id.encode()).hexdigest()[:24]
    fd = os.open(folder / f"thread-{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    t0 = time.monotonic()
    try:
        pause = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() - t0 >= wait_s:
                    raise ThreadBusyError(busy_message(thread_id, wait_s)) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.25)
        yield time.monotonic() - t0
    finally:
        os.close(fd)  # closing the file releases the lock
