"""Synthetic training rows from seed examples, filtered and validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tunewise.agent.answers.tool_answers import synth_call
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import NEXT, ToolDecl, first_path
from tunewise.tools.prices import Catalogue
from tunewise.tools.synth import SynthError, SynthInput, generate_synthetic_data
from tunewise.tools.synth.models import SynthToolInput
from tunewise.tools.synth.seeds import load_seeds


def run(app: Any, inp: SynthToolInput) -> dict:
    return synth_tool(inp, app.catalogue, app.data_dir, app.settings).model_dump(mode="json")


def synth_tool(args: Any, catalogue: Catalogue, data_dir: Path | None, settings: Any) -> Any:
    """Fill the tool's defaults (task from the seeds' system prompt, output under the data
    directory), then run the generator."""

    task = args.task
    if not task:
        task = next((s.system for s in load_seeds(args) if s.system), None)
        if not task:
            raise SynthError(
                "say what the task is, e.g. 'generate 100 examples like seeds.jsonl "
                "for extracting order numbers as JSON'"
            )
    out = args.out
    if out is None:
        stem = args.seeds_file.stem if args.seeds_file else "seeds"
        out = (data_dir or Path(".")) / "synthetic" / f"{stem}.synthetic.jsonl"
    full = SynthInput(**{**args.model_dump(), "task": task, "out": out})
    return generate_synthetic_data(full, catalogue, settings)


def plan(q: str, view: TurnView) -> dict | None:
    path = first_path(view)
    return synth_call(q, path) if path else NEXT


def render(r: dict) -> str:
    drops = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(r["dropped"].items()))
    lines = [
        f"Generated **{r['kept']:,} of {r['requested']:,}** rows into `{r['out']}` "
        f"(teacher: {r['teacher']}).",
        f"Quality: {r['quality_note']}.",
        f"Candidates: {r['generated']:,}; dropped: {drops or 'none'}.",
        "The file passes the validator."
        if r["validation_ok"]
        else f"The validator still reports {r['validation_errors']} errors in the file.",
        f"Provenance per row: `{r['provenance']}`.",
    ]
    if r.get("estimated_cost_usd") is not None:
        lines.append(
            f"Cost: estimated ${r['estimated_cost_usd']:.4f}, spent ${r['spent_usd'] or 0:.4f}."
        )
    if r.get("stopped"):
        lines.append(f"Stopped early: {r['stopped']}.")
    return "\n\n".join(lines)


EXAMPLES = (
    "generate 50 examples like data/seeds.jsonl",
    "make 200 more training rows from data/seeds.jsonl",
)
TOOL = ToolDecl(
    "generate_synthetic_data",
    SynthToolInput,
    run,
    "Generate synthetic training rows from seed examples with a teacher (template or "
    "smollm2 offline, or a hosted model), filtered (duplicates, near-duplicates, length, "
    "validator) and written as JSONL with a provenance sidecar.",
    intents=("generate_data",),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
