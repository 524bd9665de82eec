"""The one App object every front end uses: built from Settings, it holds the knowledge index,
the price catalogue, the job store (with its provider clients, so provider jobs refresh
wherever they are shown) and the assistant once agent/runtime/assistant.py has built it (`Assistant.of(app)`). Heavy parts are
built on first use."""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import Any

from tunewise.core.settings import Settings
from tunewise.tools.prices import load_catalogue
from tunewise.tools.train.jobs import JobStore
from tunewise.tools.train.remote import provider_clients


class App:
    def __init__(self, settings: Settings, confine: bool = False) -> None:
        """`confine=True` (the web app) keeps every file argument inside the data directory."""
        self.settings = settings
        self.confine = confine
        self.region: str | None = None  # AWS region for Bedrock jobs (CLI --region)
        self.lock = threading.RLock()
        self.assistant: Any = None  # set by runtime.Assistant.of

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    @cached_property
    def catalogue(self) -> Any:
        return load_catalogue()

    def catalogue_with(self, prices: Path | None) -> Any:
        """The catalogue, extended by a user's price file when one is given."""
        if prices is None:
            return self.catalogue

        return load_catalogue(prices)

    @cached_property
    def store(self) -> Any:
        return JobStore(
            self.data_dir / "jobs.sqlite",
            remote_clients=lambda provider: provider_clients(provider, self.region),
        )

    @cached_property
    def index(self) -> Any:
        from tunewise.knowledge.index import KnowledgeIndex

        index = KnowledgeIndex(path=self.settings.chroma_dir, url=self.settings.chroma_url)
        index.build()  # no-op when the docs are unchanged
        return index
