"""Start `tunewise serve` as a real subprocess on a free loopback port, for the web tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

TUNEWISE = str(Path(sys.executable).with_name("tunewise"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(proc: subprocess.Popen) -> str:
    log = getattr(proc, "log_path", None)
    return log.read_text(errors="replace")[-4000:] if log and log.exists() else ""


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> float:
    """Seconds until the page answered 200; fails with the server's output if it died."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"tunewise serve exited {proc.returncode}: {_log_tail(proc)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


@contextlib.contextmanager
def serving(data_dir: Path, *extra: str, env: dict | None = None) -> Iterator[str]:
    with serving_process(data_dir, *extra, env=env) as (url, _):
        yield url


@contextlib.contextmanager
def serving_process(
    data_dir: Path, *extra: str, env: dict | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`tunewise serve` on a free port: (its URL, the process)."""
    port = free_port()
    full_env = {**os.environ, "TUNEWISE_DATA_DIR": str(data_dir), **(env or {})}
    full_env.pop("TUNEWISE_CHROMA_URL", None)
    # The server's output goes to a file, not a pipe nobody reads: a full pipe would block
    # the server mid-turn after enough log lines, long into a test module.
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "serve.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [TUNEWISE, "serve", "--port", str(port), *extra],
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    proc.log_path = log_path  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_up(url, proc)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
