"""The dated lifecycle table (core/lifecycle.yaml): what a provider announced, for which models,
when, where it was read and when someone last checked. Every reader words it from here."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, Field

SOON_DAYS = 180  # an event closer than this comes with the alternative


class LifecycleEntry(BaseModel):
    id: str
    subject: str = Field(description="the model or provider feature the event is about")
    provider: str
    models: list[str] = Field(description="model-id prefixes the event applies to")
    event: str
    date: dt.date
    note: str = ""
    alternative: str = Field("", description="what the knowledge base offers instead")
    source: str
    checked_on: dt.date
    scope: Literal["model", "fine_tuning"] = Field(
        "model", description="fine_tuning: the event concerns training jobs, not serving the model"
    )

    def days_from(self, today: dt.date) -> int:
        return (self.date - today).days

    def applies_to(self, model: str) -> bool:
        m = model.lower()
        return any(m.startswith(p) or f".{p}" in m or f":{p}" in m for p in self.models)

    def sentence(self, today: dt.date | None = None) -> str:
        """One plain sentence with the date, how far it is, the note and the check date."""
        today = today or dt.date.today()
        days = self.days_from(today)
        when = (
            f"{days} days from now"
            if days > 0
            else ("today" if days == 0 else f"{-days} days ago, already past")
        )
        note = f"; {self.note}" if self.note else ""
        text = (
            f"{self.subject} {self.event} on {self.date.isoformat()} ({when}{note}; "
            f"as of {self.checked_on.isoformat()}, verify with the provider)."
        )
        if days < SOON_DAYS and self.alternative:  # past or near: say what to use instead
            text += f" Alternative: {self.alternative}."
        return text


class LifecycleTable(BaseModel):
    checked_on: dt.date
    entries: list[LifecycleEntry]

    def get(self, entry_id: str) -> LifecycleEntry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(f"no lifecycle entry {entry_id!r}")

    def for_provider(self, provider: str) -> list[LifecycleEntry]:
        return [e for e in self.entries if e.provider == provider]

    def for_model(
        self, model: str, provider: str | None = None, training: bool = True
    ) -> list[LifecycleEntry]:
        """Events for a model id; `training=False` (an API option, not a fine-tuning route)
        leaves out events about training jobs."""
        return [
            e
            for e in self.entries
            if e.applies_to(model)
            and (provider is None or e.provider == provider)
            and (training or e.scope == "model")
        ]

    @property
    def as_of(self) -> str:
        """The month the table was last checked, as the docs word it (e.g. 2026-11)."""
        return self.checked_on.strftime("%Y-%m")


@cache
def load_lifecycle() -> LifecycleTable:
    text = resources.files("tunewise.core").joinpath("lifecycle.yaml").read_text("utf-8")
    return LifecycleTable.model_validate(yaml.safe_load(text))


PLACEHOLDER = re.compile(r"\{\{lifecycle:([a-z0-9_]+)(?:\.([a-z_]+))?\}\}")


def render_placeholders(text: str, table: LifecycleTable | None = None) -> str:
    """Fill `{{lifecycle:as_of}}`, `{{lifecycle:ID.date}}` (or any field) in a document."""
    table = table or load_lifecycle()

    def fill(m: re.Match[str]) -> str:
        key, field = m.group(1), m.group(2)
        if key == "as_of" and field is None:
            return table.as_of
        entry = next((e for e in table.entries if e.id == key), None)
        if entry is None or not hasattr(entry, field or "date"):
            return m.group(0)  # unknown: left as written, so a user's document never breaks
        value = getattr(entry, field or "date")
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    return PLACEHOLDER.sub(fill, text)
