"""Validate a fine-tuning JSONL file for a target format."""

from __future__ import annotations

import re
from typing import Any

from tunewise.agent.answers.tool_answers import money
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import ToolDecl, first_path
from tunewise.tools.validate import ValidateInput, validate_data
from tunewise.tools.validate.summary import summarize_report


def run(app: Any, inp: ValidateInput) -> dict:
    return summarize_report(validate_data(inp, app.catalogue))


# the target a message names ("check data/train.jsonl for bedrock"), most specific first
TARGETS = (
    (re.compile(r"\bnova\b", re.I), "bedrock_nova"),
    (re.compile(r"\bbedrock\b.*\bllama\b|\bllama\b.*\bbedrock\b", re.I), "bedrock_llama"),
    (re.compile(r"\b(?:bedrock|haiku|claude)\b", re.I), "bedrock_haiku"),
    (re.compile(r"\b(?:dpo|preference)\b.*\bopenai\b|\bopenai\b.*\b(?:dpo|preference)", re.I),
     "openai_dpo"),
    (re.compile(r"\b(?:openai|gpt-?[34]\w*)\b", re.I), "openai_chat"),
    (re.compile(r"\btrl\b", re.I), "trl_messages"),
    (re.compile(r"\balpaca\b", re.I), "alpaca"),
    (re.compile(r"\bsharegpt\b", re.I), "sharegpt"),
)  # fmt: skip


def plan(q: str, view: TurnView) -> dict | None:
    path = first_path(view)
    if not path:
        return None
    rest = q.replace(path, " ")
    target = next((fmt for rx, fmt in TARGETS if rx.search(rest)), None)
    return {"path": path, **({"format": target} if target else {})}


def render(v: dict) -> str:
    verdict = "passes" if v["ok"] else f"has {v['n_errors']} error(s)"
    lines = [
        f"The file {verdict}: {v['n_examples']:,} valid examples of {v['n_lines']:,} lines, "
        f"format **{v['format']}**."
    ]
    for title, key in (("Errors", "errors"), ("Warnings", "warnings")):
        if v[key]:
            lines += ["", f"{title}:"]
            lines += [
                f"- line {i['line']}: `{i['code']}` {i['message']}"
                if i["line"]
                else f"- file: `{i['code']}` {i['message']}"
                for i in v[key]
            ]
            more = v[f"n_{key}"] - len(v[key])
            if more > 0:
                lines.append(f"- ... and {more:,} more (`tunewise validate FILE --json` lists all)")
    e, t = v["estimate"], v["tokens"]
    lines += [
        "",
        f"Tokens per example: mean {t['mean']:,.0f}, p95 {t['p95']:,}, max {t['max']:,} "
        f"({v['tokenizer']}).",
        f"Size: {v['size_guidance']}; suggested split {v['split']['train']:,} train / "
        f"{v['split']['validation']:,} validation.",
    ]
    cost = (
        f"about {money(e['cost'])} at ${e['training_per_mtok']:g} per 1M tokens "
        f"({e['price_model']}, as of {e['as_of']})"
        if e["cost"] is not None
        else "no training price for this target"
    )
    lines.append(
        f"Training: {e['n_epochs']} epochs x {e['billing_tokens']:,} tokens = "
        f"{e['trained_tokens']:,} trained tokens; {cost}."
    )
    if not v["ok"]:
        lines.append(
            "`tunewise validate FILE --fix clean.jsonl` writes a copy without the "
            "invalid and repeated rows (your file is left as it is)."
        )
    return "\n".join(lines)


EXAMPLES = (
    "validate data/train.jsonl for openai",
    "is data/train.jsonl valid for bedrock?",
)
TOOL = ToolDecl(
    "validate_data",
    ValidateInput,
    run,
    "Validate a fine-tuning JSONL file for a target format: errors and warnings with line "
    "numbers and stable codes, token statistics and the training-cost estimate.",
    intents=("validate_data",),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
