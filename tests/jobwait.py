"""Waiting on a training job by its progress, not the wall clock: a busy machine makes a run
slower, never wrong. The wait fails only when nothing moves (status, logged steps, the log's
size) for `stall_s` seconds, and then shows the job and the end of its log."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

STALL_S = 300.0  # five minutes without a new step or log line means the run is stuck


def _signature(job: Any) -> tuple:
    log = job.log_path
    return (job.status, len(job.progress()), log.stat().st_size if log.exists() else -1)


def wait_for_job(
    get: Callable[[], Any], until: Callable[[Any], bool], stall_s: float = STALL_S
) -> Any:
    """Poll `get()` until `until(job)`; fail when the job shows no progress for `stall_s`."""
    job = get()
    seen, moved = _signature(job), time.monotonic()
    while not until(job):
        if time.monotonic() - moved > stall_s:
            tail = job.log_path.read_text(errors="replace")[-2000:] if job.log_path.exists() else ""
            raise AssertionError(
                f"job {job.id} made no progress for {stall_s:.0f} s: {job}\n{tail}"
            )
        time.sleep(0.5)
        job = get()
        now = _signature(job)
        if now != seen:
            seen, moved = now, time.monotonic()
    return job
