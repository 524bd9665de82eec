"""A throwaway PostgreSQL server for the tests: Debian's binaries (scripts/postgres.sh installs
them), a cluster initialised in a temporary folder, listening on 127.0.0.1 only, run as an
unprivileged user (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.webserver import free_port


def bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_user() -> tuple[list[str], int | None]:
    """The command prefix that runs a program unprivileged, and that user's uid."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], uid
    raise RuntimeError(
        "running as root and no unprivileged user (postgres, nobody) to run PostgreSQL"
    )


class PgServer:
    def __init__(self, folder: Path, port: int, prefix: list[str], bins: Path) -> None:
        self.folder, self.port, self.prefix, self.bins = folder, port, prefix, bins
        self.url = f"postgresql://tunewise@127.0.0.1:{port}/postgres"

    def ctl(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [*self.prefix, str(self.bins / "pg_ctl"), "-D", str(self.folder / "data"), *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        proc = self.ctl("-w", "-l", str(self.folder / "log"), "-o", opts, "start")
        if proc.returncode != 0:
            log = (self.folder / "log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {proc.stderr}\n{log}")

    def stop(self) -> None:
        self.ctl("-m", "immediate", "stop")


@contextlib.contextmanager
def postgres() -> Iterator[PgServer]:
    bins = bin_dir()
    if bins is None:
        raise RuntimeError("PostgreSQL's server binaries are missing: run ./scripts/postgres.sh")
    prefix, uid = _as_user()
    folder = Path(tempfile.mkdtemp(prefix="tunewise-pg-"))
    try:
        if uid is not None:
            os.chown(folder, uid, -1)
        init = [*prefix, str(bins / "initdb"), "-D", str(folder / "data"), "-U", "tunewise"]
        init += ["--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]
        proc = subprocess.run(init, capture_output=True, text=True, timeout=180)
        if proc.returncode != 0:
            raise RuntimeError(f"initdb failed: {proc.stderr[-2000:]}")
        server = PgServer(folder, free_port(), prefix, bins)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
