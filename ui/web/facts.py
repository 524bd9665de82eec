"""The facts behind the advice, as editable fields under the recommendation card. Changing one
and pressing *Update advice* re-runs the advice for that thread (Assistant.edit_facts).

The fields come from the facts' declarations (agent/schema/facts.py): every fact with a `card`
gets one, a number field or a choice of labelled values; numbers first, then choices."""

from __future__ import annotations

from typing import Any

import gradio as gr

from tunewise.agent.schema.facts import CARD_FACTS, Fact

NUMBERS = tuple(f for f in CARD_FACTS if f.card and f.card.choices is None)
CHOICES = tuple(f for f in CARD_FACTS if f.card and f.card.choices is not None)
EDITED = NUMBERS + CHOICES  # the order of the fields, their values and their changes


def _choices(f: Fact) -> dict[str, Any]:
    assert f.card is not None and f.card.choices is not None
    return f.card.choices


def _label(f: Fact, value: Any) -> str:
    return next((k for k, v in _choices(f).items() if v == value), "unknown")


class FactFields:
    def __init__(self) -> None:
        with gr.Accordion("Facts (edit and update the advice)", open=False, elem_id="facts"):
            self.fields: list[Any] = []
            for f in NUMBERS:
                assert f.card is not None
                self.fields.append(
                    gr.Number(label=f.card.label, precision=0, minimum=0, elem_id=f.card.elem_id)
                )
            for f in CHOICES:
                assert f.card is not None
                self.fields.append(
                    gr.Dropdown(
                        list(_choices(f)),
                        value="unknown",
                        label=f.card.label,
                        elem_id=f.card.elem_id,
                    )
                )
            self.update = gr.Button("Update advice", size="sm", elem_id="update-facts")


def values(profile: dict[str, Any]) -> list[Any]:
    """The fields' values for a thread's profile."""
    return [
        *(profile.get(f.fields[0]) for f in NUMBERS),
        *(_label(f, profile.get(f.fields[0])) for f in CHOICES),
    ]


def changes(profile: dict[str, Any], *fields: Any) -> dict[str, Any]:
    """What the user changed on the card, as profile updates (on the facts' first fields)."""
    new: dict[str, Any] = {}
    for f, v in zip(EDITED, fields, strict=True):
        if f in NUMBERS:
            new[f.fields[0]] = int(v) if v is not None else None
        else:
            new[f.fields[0]] = _choices(f).get(v)
    return {k: v for k, v in new.items() if v != profile.get(k)}
