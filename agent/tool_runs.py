"""What each declared tool runs (agent/registry.py names them): plain functions of the App and
the tool's validated input, returning JSON-ready dicts. Heavy modules load inside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tunewise.agent import launch
from tunewise.tools.cost import estimate_cost
from tunewise.tools.lora_plan import plan_lora
from tunewise.tools.prices import Catalogue
from tunewise.tools.validate import validate_data
from tunewise.tools.validate.summary import summarize_report


class SearchInput(BaseModel):
    query: str = Field(description="What to look up in the knowledge base.")
    k: int = Field(4, ge=1, le=10, description="How many sections to return.")


def search(app: Any, inp: SearchInput) -> list[dict]:
    return [h.model_dump() for h in app.index.search(inp.query[:2000], inp.k)]


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


def evaluate(app: Any, inp: Any) -> dict:
    """Without an adapter, the latest completed job's adapter, base and data are used."""
    from tunewise.tools.evaluate import evaluate as run_eval

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
    return run_eval(inp).model_dump(mode="json")


def synthesize(app: Any, inp: Any) -> dict:
    return synth_tool(inp, app.catalogue, app.data_dir, app.settings).model_dump(mode="json")


def synth_tool(args: Any, catalogue: Catalogue, data_dir: Path | None, settings: Any) -> Any:
    """Fill the tool's defaults (task from the seeds' system prompt, output under the data
    directory), then run the generator."""
    from tunewise.tools.synth import SynthError, SynthInput, generate_synthetic_data
    from tunewise.tools.synth.seeds import load_seeds

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
