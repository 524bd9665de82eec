"""Agent tools: thin wrappers over the same functions (and the same pydantic input models)
the CLI uses. Tools raise typed errors; LangGraph's ToolNode hands their message back to
the model as the tool result, which the writer shows as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field

from tunewise.agent.confine import confine_args
from tunewise.tools.cost import EstimateInput, estimate_cost
from tunewise.tools.lora_plan import LoraPlanInput, plan_lora
from tunewise.tools.prices import Catalogue
from tunewise.tools.validate import ValidateInput, validate_data
from tunewise.tools.validate.summary import summarize_report


class SearchInput(BaseModel):
    query: str = Field(description="What to look up in the knowledge base.")
    k: int = Field(4, ge=1, le=10, description="How many sections to return.")


def make_tools(app: Any, confine: Path | None = None) -> list[StructuredTool]:
    """The agent's tools over the App's index, catalogue and job store. With `confine`, file
    arguments must lie inside that folder (the web app's rule)."""
    index, cat, data_dir, settings = app.index, app.catalogue, app.data_dir, app.settings

    def inside(kwargs: dict[str, Any]) -> dict[str, Any]:
        return confine_args(confine, kwargs)

    def search_knowledge(query: str, k: int = 4) -> list[dict]:
        """Hybrid search of the fine-tuning knowledge base; returns sections with doc and section names."""
        return [h.model_dump() for h in index.search(query[:2000], k)]

    def estimate_cost_tool(**kwargs: Any) -> dict:
        """Per-query, daily and monthly cost of each option (API models, ft:<base> fine-tuned
        models, self-hosted:<GPU>), one-off training cost and break-even days, with dated prices."""
        return estimate_cost(EstimateInput(**kwargs), cat).model_dump(mode="json")

    def validate_data_tool(**kwargs: Any) -> dict:
        """Validate a fine-tuning JSONL file for a target format: errors and warnings with line
        numbers and stable codes, token statistics and the training-cost estimate."""
        return summarize_report(validate_data(ValidateInput(**inside(kwargs)), cat))

    def plan_lora_tool(**kwargs: Any) -> dict:
        """LoRA/QLoRA pre-flight: GPU memory (weights, adapters, optimizer, activations),
        which GPUs fit, and training time and cost."""
        return plan_lora(LoraPlanInput(**kwargs), cat).model_dump(mode="json")

    def generate_synthetic_data(**kwargs: Any) -> dict:
        """Generate synthetic training rows from seed examples with a teacher (template or
        smollm2 offline, or a hosted model), filtered (duplicates, near-duplicates, length,
        validator) and written as JSONL with a provenance sidecar."""
        from tunewise.tools.synth.models import SynthToolInput

        args = SynthToolInput(**inside(kwargs))
        return synth_tool(args, cat, data_dir, settings).model_dump(mode="json")

    tools = [
        StructuredTool.from_function(search_knowledge, args_schema=SearchInput),
        StructuredTool.from_function(
            estimate_cost_tool, name="estimate_cost", args_schema=EstimateInput
        ),
        StructuredTool.from_function(
            validate_data_tool, name="validate_data", args_schema=ValidateInput
        ),
        StructuredTool.from_function(plan_lora_tool, name="plan_lora", args_schema=LoraPlanInput),
        StructuredTool.from_function(generate_synthetic_data, args_schema=_synth_input()),
    ]
    return tools + _training_tools(app, inside)


def _training_tools(app: Any, inside: Any) -> list[StructuredTool]:
    from tunewise.agent import launch

    store = app.store
    runs = app.data_dir / "runs"

    def launch_training(**kwargs: Any) -> dict:
        """Start a LoRA run in the background on this machine. The graph always pauses for
        the user's explicit confirmation (showing the plan) before this runs."""
        return launch.launch(inside(kwargs), store, runs)

    def evaluate(**kwargs: Any) -> dict:
        """Compare the base model zero-shot, few-shot prompting and base + LoRA adapter on a
        held-out chat JSONL (exact match, JSON validity, format, ROUGE-L, latency, prompt
        tokens). Without an adapter, the latest completed job's adapter, base and data are
        used."""
        from tunewise.tools.evaluate import EvalInput
        from tunewise.tools.evaluate import evaluate as run_eval

        inp = EvalInput(**inside(kwargs))
        if inp.adapter is None:
            done = [j for j in store.list() if j.status == "completed"]
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

    def job_status(job_id: str | None = None) -> dict:
        """Status and latest progress (step, loss, ETA) of training jobs."""
        return launch.status(job_id, store)

    return [
        StructuredTool.from_function(
            launch_training, name="launch_training", args_schema=launch.LaunchInput
        ),
        StructuredTool.from_function(job_status, args_schema=launch.StatusInput),
        StructuredTool.from_function(evaluate, args_schema=_eval_input()),
    ]


def _synth_input() -> type[BaseModel]:
    from tunewise.tools.synth.models import SynthToolInput

    return SynthToolInput


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


def _eval_input() -> type[BaseModel]:
    from tunewise.tools.evaluate import EvalInput

    return EvalInput
