"""What each declared tool runs (agent/toolkit/registry.py names them): plain functions of the App and
the tool's validated input, returning JSON-ready dicts. Heavy modules load inside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.decision.advisor import advise
from tunewise.agent.schema.profile import Profile
from tunewise.agent.toolkit import launch
from tunewise.knowledge.quoting import as_source
from tunewise.tools.cost import estimate_cost
from tunewise.tools.evaluate import evaluate as run_eval
from tunewise.tools.lora_plan import plan_lora
from tunewise.tools.prices import Catalogue
from tunewise.tools.synth import SynthError, SynthInput, generate_synthetic_data
from tunewise.tools.synth.seeds import load_seeds
from tunewise.tools.validate import validate_data
from tunewise.tools.validate.summary import summarize_report


class SearchInput(BaseModel):
    query: str = Field(description="What to look up in the knowledge base.")
    k: int = Field(4, ge=1, le=10, description="How many sections to return.")


def search(app: Any, inp: SearchInput) -> list[dict]:
    return [as_source(h.model_dump()) for h in app.index.search(inp.query[:2000], inp.k)]


def estimate(app: Any, inp: Any) -> dict:
    return estimate_cost(inp, app.catalogue).model_dump(mode="json")


def validate(app: Any, inp: Any) -> dict:
    return summarize_report(validate_data(inp, app.catalogue))


def lora_plan(app: Any, inp: Any) -> dict:
    return plan_lora(inp, app.catalogue).model_dump(mode="json")


def launch_training(app: Any, inp: Any) -> dict:
    return launch.launch(inp.model_dump(mode="json"), app.store, app.data_dir / "runs")


def job_status(app: Any, inp: Any) -> dict:
    return launch.status(inp.job_id, app.store)


def cancel_job(app: Any, inp: Any) -> dict:
    return launch.cancel(inp.job_id, app.store)


def evaluate(app: Any, inp: Any) -> dict:
    """Without an adapter, the latest completed job's adapter, base and data are used."""

    if inp.adapter is None:
        done = [j for j in app.store.list() if j.status == "completed"]
        if done:
            j = done[0]
            inp = inp.model_copy(
                update={
                    "adapter": j.adapter,
                    "base_model": j.spec.base_model,
                    "train_file": j.spec.dataset,
                }
            )
    return run_eval(inp, progress_writer("evaluate")).model_dump(mode="json")


def progress_writer(tool: str) -> Any:
    """Progress lines for a long tool, sent on the graph's custom stream (the chat shows them
    under the tool's step as they happen); a no-op outside a graph run."""
    try:
        from langgraph.config import get_stream_writer

        write = get_stream_writer()
    except RuntimeError:
        return None
    return lambda text: write({"tool": tool, "progress": text})


def synthesize(app: Any, inp: Any) -> dict:
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


# ---- the advisor's reasoning as tools (a hosted model's follow-ups use the same acts) ----
class FactsInput(BaseModel):
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="the conversation's facts: the 'profile' object from CONTEXT, unchanged",
    )


class WhyInput(FactsInput):
    approach: str | None = Field(
        None, description="the approach asked about (an APPROACH id); omit for the recommended one"
    )


class WhatIfInput(FactsInput):
    changes: dict[str, Any] = Field(
        description="only the facts the scenario changes, with profile field names and values"
    )


class CompareInput(FactsInput):
    approaches: list[str] = Field(min_length=1, max_length=3, description="APPROACH ids")


def _profile(facts: dict[str, Any]) -> Any:
    return Profile.model_validate({k: v for k, v in facts.items() if k in Profile.model_fields})


def why(app: Any, inp: WhyInput) -> dict:
    p = _profile(inp.facts)
    rec = advise(p)
    text = (
        acts.why_not_answer(rec, p, inp.approach)
        if inp.approach and inp.approach != rec.ranked[0].approach
        else acts.why_answer(rec, p, None)
    )
    return {"answer": text, "primary": rec.ranked[0].approach}


def what_if(app: Any, inp: WhatIfInput) -> dict:
    stored = _profile(inp.facts)
    hypo = stored.merge(_profile(inp.changes))
    now = advise(hypo)
    text = acts.what_if_answer(stored, hypo, advise(stored), now)
    return {"answer": text, "primary_if": now.ranked[0].approach}


def compare(app: Any, inp: CompareInput) -> dict:
    p = _profile(inp.facts)
    rec = advise(p)
    known = {r.approach for r in rec.ranked}
    return {"answer": acts.compare_answer(rec, p, [a for a in inp.approaches if a in known])}


def next_steps(app: Any, inp: FactsInput) -> dict:
    p = _profile(inp.facts)
    rec = advise(p)
    return {"answer": acts.next_steps_answer(rec, p, ""), "primary": rec.ranked[0].approach}
