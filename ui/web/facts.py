"""The facts behind the advice, as editable fields under the recommendation card. Changing one
and pressing *Update advice* re-runs the advice for that thread (Assistant.edit_facts)."""

from __future__ import annotations

from typing import Any

import gradio as gr

DATA = {"unknown": None, "may go to a hosted provider": True, "must stay in-house": False}
PROMPTING = {
    "unknown": None,
    "not tried yet": "none",
    "tried a little": "little",
    "plateaued": "plateaued",
}
EVAL = {"unknown": None, "yes": True, "no": False}
NUMBERS = {
    "n_examples": "Examples on hand",
    "daily_volume": "Requests a day",
    "prompt_tokens": "Prompt tokens per request",
    "completion_tokens": "Completion tokens per request",
}


def _label(table: dict[str, Any], value: Any) -> str:
    return next((k for k, v in table.items() if v == value), "unknown")


class FactFields:
    def __init__(self) -> None:
        with gr.Accordion("Facts (edit and update the advice)", open=False, elem_id="facts"):
            self.numbers = {
                k: gr.Number(label=text, precision=0, minimum=0, elem_id=f"fact-{k}")
                for k, text in NUMBERS.items()
            }
            self.data = gr.Dropdown(
                list(DATA), value="unknown", label="Training data", elem_id="fact-data"
            )
            self.prompting = gr.Dropdown(
                list(PROMPTING), value="unknown", label="Prompting", elem_id="fact-prompting"
            )
            self.eval = gr.Dropdown(
                list(EVAL), value="unknown", label="Evaluation set", elem_id="fact-eval"
            )
            self.update = gr.Button("Update advice", size="sm", elem_id="update-facts")

    @property
    def fields(self) -> list[Any]:
        return [*self.numbers.values(), self.data, self.prompting, self.eval]


def values(profile: dict[str, Any]) -> list[Any]:
    """The fields' values for a thread's profile."""
    return [
        *(profile.get(k) for k in NUMBERS),
        _label(DATA, profile.get("data_may_leave")),
        _label(PROMPTING, profile.get("tried_prompting")),
        _label(EVAL, profile.get("eval_ready")),
    ]


def changes(profile: dict[str, Any], *fields: Any) -> dict[str, Any]:
    """What the user changed on the card, as profile updates."""
    numbers, (data, prompting, evals) = fields[: len(NUMBERS)], fields[len(NUMBERS) :]
    new: dict[str, Any] = {
        k: (int(v) if v is not None else None) for k, v in zip(NUMBERS, numbers, strict=True)
    }
    new["data_may_leave"] = DATA.get(data)
    new["tried_prompting"] = PROMPTING.get(prompting)
    new["eval_ready"] = EVAL.get(evals)
    return {k: v for k, v in new.items() if v != profile.get(k)}
