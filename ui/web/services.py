"""What the web app's tabs share: the assistant, the price catalogue, the job store, and the
one rule for files - everything the UI reads or writes lives under the data directory.

Heavy objects (the agent with its embedding model, Chroma, the job store) are built on first
use so the page is up before they are; `warm()` builds the assistant in the background."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.assistant import Assistant
from tunewise.agent.toolkit.confine import inside_root
from tunewise.core.errors import ToolError
from tunewise.core.paths import UPLOAD_ID_LEN, kept_name, uploaded_name
from tunewise.core.settings import Settings


class UIError(ToolError):
    """A web action that cannot be done; the message says what to do instead."""


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.data_dir = settings.data_dir.resolve()
        self.uploads = self.data_dir / "uploads"
        self.outputs = self.data_dir / "outputs"
        self.user_docs = self.data_dir / "user_docs"
        for d in (self.uploads, self.outputs, self.user_docs):
            d.mkdir(parents=True, exist_ok=True)
        self.limit_bytes = settings.upload_limit_mb * 1024 * 1024
        self.app = App(settings, confine=True)

    def assistant(self) -> Any:
        return Assistant.of(self.app)

    def warm(self) -> None:
        """Build the assistant in the background; a failure shows on the first turn instead."""

        def build() -> None:
            try:
                self.assistant()
            except Exception as exc:  # e.g. a database that is down; the turn says it
                logging.getLogger(__name__).warning("could not prepare the assistant: %s", exc)

        threading.Thread(target=build, name="warm-assistant", daemon=True).start()

    def catalogue(self) -> Any:
        return self.app.catalogue

    def store(self) -> Any:
        return self.app.store

    def index(self) -> Any:
        return self.assistant().index

    def keep_upload(self, tmp: str | Path | None, suffixes: tuple[str, ...]) -> Path:
        """Copy an uploaded file into uploads/ under a fresh name; size and type checked."""
        if not tmp:
            raise UIError("no file uploaded; drop a file on the upload box first")
        src = self.checked(Path(tmp), suffixes)
        dest = self.uploads / kept_name(safe_name(src.name))
        shutil.copyfile(src, dest)
        return dest

    def checked(self, src: Path, suffixes: tuple[str, ...]) -> Path:
        """The file, if its type is one of `suffixes` and it is within the upload limit."""
        if src.suffix.lower() not in suffixes:
            raise UIError(f"{src.name} is not a {' or '.join(suffixes)} file")
        size = src.stat().st_size
        if size > self.limit_bytes:
            raise UIError(
                f"{src.name} is {size / 2**20:.0f} MB; uploads are limited to "
                f"{self.settings.upload_limit_mb} MB (set TUNEWISE_UPLOAD_LIMIT_MB, or use "
                "`tunewise validate` on the command line)"
            )
        return src

    def inside(self, path: str | Path, what: str = "file") -> Path:
        """Resolve a path the user typed; refuse anything outside the data directory."""
        return inside_root(self.data_dir, path, what)

    def uploaded(self, suffix: str = ".jsonl") -> list[tuple[str, str]]:
        """Kept uploads, newest first, as (what people see, the path) for a dropdown: the
        name they uploaded, and the path the chat accepts when the name is not enough."""
        files = sorted(self.uploads.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime)
        return [(f"{uploaded_name(p)}  ({self.chat_path(p)})", str(p)) for p in reversed(files)]

    def chat_path(self, path: Path) -> str:
        return str(path.relative_to(self.data_dir))

    def kept_files(self) -> list[list[str]]:
        """Rows for the 'your files' table: name, path for the chat, size, when."""
        import time

        files = sorted(
            (p for p in self.uploads.iterdir() if p.is_file()),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        return [
            [
                uploaded_name(p),
                self.chat_path(p),
                f"{p.stat().st_size / 1024:,.1f} KB",
                time.strftime("%Y-%m-%d %H:%M", time.localtime(p.stat().st_mtime)),
            ]
            for p in files
        ]

    def output_path(self, name: str) -> Path:
        """Where a file the app makes (a fixed copy, generated rows) goes: a fresh folder
        under outputs/, so the browser downloads it under `name` itself."""
        folder = self.outputs / kept_name("")[:UPLOAD_ID_LEN]
        folder.mkdir(parents=True, exist_ok=True)
        return folder / safe_name(name)

    def share(self, made: Path) -> Path:
        """Put a file the app made beside the uploads (a hard link, a copy across disks) so
        'your files', the Training tab and the chat find it by its name."""
        dest = self.uploads / f"{made.parent.name}-{made.name}"
        dest.unlink(missing_ok=True)
        try:
            os.link(made, dest)
        except OSError:
            shutil.copyfile(made, dest)
        return dest


def safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "file"
    return stem[:80]
