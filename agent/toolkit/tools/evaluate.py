"""Compare base zero-shot, few-shot prompting and base + adapter on held-out data."""

from __future__ import annotations

from typing import Any

from tunewise.agent.answers.tool_answers import launch_call
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import ToolDecl, first_path
from tunewise.tools.evaluate import EvalInput
from tunewise.tools.evaluate import evaluate as run_eval


def run(app: Any, inp: EvalInput) -> dict:
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


def plan(q: str, view: TurnView) -> dict | None:
    path = first_path(view)
    if not path:
        return None
    args: dict[str, Any] = {"heldout": path, "limit": 20}
    base = launch_call(q, path).get("base_model")  # "... with base model X"
    return {**args, "base_model": base} if base else args


def render(r: dict) -> str:
    lines = [
        r["summary"],
        "",
        "| approach | exact | JSON valid | format | ROUGE-L | p50 ms | prompt tokens |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in r["approaches"]:
        jv = "-" if s["json_valid"] is None else f"{s['json_valid']:.2f}"
        lines.append(
            f"| {s['approach']} | {s['exact_match']:.2f} | {jv} | "
            f"{s['format_compliance']:.2f} | {s['rouge_l']:.3f} | "
            f"{s['latency_ms_p50']:.0f} | {s['prompt_tokens_mean']:.0f} |"
        )
    return "\n".join(lines)


EXAMPLES = (
    "evaluate the adapter on data/heldout.jsonl",
    "compare the fine-tuned model with prompting on data/heldout.jsonl",
)
TOOL = ToolDecl(
    "evaluate",
    EvalInput,
    run,
    "Compare the base model zero-shot, few-shot prompting and base + LoRA adapter on a "
    "held-out chat JSONL (exact match, JSON validity, format, ROUGE-L, latency, prompt "
    "tokens). Without an adapter, the latest completed job's adapter, base and data are used.",
    intents=("evaluate",),
    plan=plan,
    render=render,
    examples=EXAMPLES,
)
