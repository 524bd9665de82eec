"""Launching training from the chat: the preview shown at the confirmation pause, and the
tools that act on jobs. The graph's `confirm` node calls `preview` and then `interrupt()`,
so a launch never starts without an explicit yes, whatever the model says."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tunewise.agent.answers.tool_answers import lora_summary
from tunewise.core.errors import ToolError
from tunewise.core.paths import FilePath, ModelRef
from tunewise.tools.lora_plan import LoraPlanInput, plan_lora
from tunewise.tools.prices import Catalogue
from tunewise.tools.train.jobs import JobError
from tunewise.tools.train.process import spec_device
from tunewise.tools.train.spec import BITS, SMOLLM2, JobSpec, preflight_shape, run_size
from tunewise.tools.validate import ValidateInput, validate_data
from tunewise.tools.validate.summary import summarize_report

YES = {"yes", "y", "ok", "confirm", "launch", "go", "go ahead", "do it", "yes, launch it"}
# A reply that says a run started: the verb near a run/job/training noun, either order.
LAUNCH_CLAIM = re.compile(
    r"(?i)\b(launched|kicked off|started|submitted|queued)\b[^.\n]{0,40}\b(run|job|training|fine-?tun)"
    r"|\b(run|job|training|fine-?tun\w*)\b[^.\n]{0,40}\b(has been|is now|was|is)\s+"
    r"(launched|started|submitted|running|underway)\b"
)
NEGATED = re.compile(r"(?i)\b(not|no|nothing|never|n't|before)\W+(\w+\W+){0,3}$")
NO_LAUNCH = (
    "No training run was started in this turn: the job store has no new job from it (the "
    "model's reply said otherwise, so it is not shown). To start one, ask me to *kick off a "
    "LoRA run on FILE*; it starts only after your explicit yes."
)


def launch_truth(answer: str, turn: list[Any]) -> str | None:
    """The job store's truth when `answer` claims a run started but no launch tool succeeded
    in this turn (`turn`: the messages after the user's); None when the answer may stand."""
    claims = [m for m in LAUNCH_CLAIM.finditer(answer) if not NEGATED.search(answer[: m.start()])]
    if not claims:
        return None
    launched = any(
        getattr(m, "name", None) in ("launch_training", "submit_training")
        and getattr(m, "type", "") == "tool"
        and not str(m.content).startswith("Error")
        for m in turn
    )
    return None if launched else NO_LAUNCH


class LaunchInput(BaseModel):
    dataset: FilePath = Field(description="training JSONL path")
    base_model: ModelRef = Field(SMOLLM2, description="model folder, .gguf file or 'smollm2'")
    max_steps: int = Field(-1, ge=-1, description="stop after N steps (-1: one epoch)")
    epochs: float = Field(1.0, gt=0, le=100)


class StatusInput(BaseModel):
    job_id: str | None = Field(None, description="a job id; all jobs when omitted")


class CancelInput(BaseModel):
    job_id: str | None = Field(
        None, description="a job id or its first characters; the latest running job when omitted"
    )


def build_spec(args: dict[str, Any], runs_dir: Path) -> JobSpec:
    """The same arguments give the same run folder (the preview and the launch agree)."""
    inp = LaunchInput.model_validate(args)
    key = hashlib.sha256(inp.model_dump_json().encode()).hexdigest()[:8]
    return JobSpec(
        base_model=inp.base_model,
        dataset=Path(inp.dataset),
        max_steps=inp.max_steps,
        epochs=inp.epochs,
        output_dir=runs_dir / f"{time.strftime('%Y%m%d')}-{key}",
    )


def preview(args: dict[str, Any], runs_dir: Path, catalogue: Catalogue) -> tuple[str, bool]:
    """(plan text, launchable). Side-effect free: it runs again when the graph resumes."""

    try:
        spec = build_spec(args, runs_dir)
        device = spec_device(spec)
        report = summarize_report(validate_data(ValidateInput(path=spec.dataset), catalogue))
    except (ToolError, ValueError) as exc:
        return f"I cannot launch this run: {exc}", False
    base = (
        "the bundled SmolLM2-135M-Instruct (the default base model)"
        if spec.base_model == SMOLLM2
        else f"`{spec.base_model}`"
    )
    lines = [
        f"**Plan:** LoRA r={spec.r} (alpha {spec.alpha}) on {base} with "
        f"`{spec.dataset}` on **{device}**, output `{spec.output_dir}`."
    ]
    lines.append(
        f"Data: {report['n_examples']:,} valid examples ({report['format']}), "
        f"{report['tokens']['total']:,} tokens; {report['size_guidance']}."
    )
    if not report["ok"]:
        lines += [f"- line {e['line']}: `{e['code']}` {e['message']}" for e in report["errors"]]
        lines.append(
            "The data has errors; fix them first (`tunewise validate FILE --fix "
            "clean.jsonl`). Nothing was started."
        )
        return "\n\n".join(lines), False
    size = run_size(spec, report["n_examples"], report["tokens"]["max"])
    plan = plan_lora(
        LoraPlanInput(
            **preflight_shape(spec.base_model),
            bits=BITS[spec.quantization],
            seq_len=spec.max_length,
            micro_batch=spec.micro_batch,
            train_tokens=size.tokens,
            epochs=1,
        ),
        catalogue,
    )
    lines.append(size.words)
    lines.append("\n".join(lora_summary(plan.model_dump(mode="json"))))
    return "\n\n".join(lines), True


def launch(args: dict[str, Any], store: Any, runs_dir: Path) -> dict:
    job = store.launch(build_spec(args, runs_dir))
    return {
        "job_id": job.id,
        "status": job.status,
        "output_dir": str(job.output_dir),
        "pid": job.pid,
    }


def cancel(job_id: str | None, store: Any) -> dict:
    """Cancel a run: the one named (an id or its start), else the latest that runs."""

    if job_id:
        job = store.get(job_id)
    else:
        running = [j for j in store.list() if j.status == "running"]
        if not running:
            raise JobError(
                "nothing is training right now, so there is nothing to cancel; ask for the "
                "job status to see every run"
            )
        job = running[0]
    done = store.cancel(job.id)
    p = done.progress()
    return {"job_id": done.id, "status": done.status, "progress": p[-1] if p else None}


def status(job_id: str | None, store: Any) -> dict:
    jobs = [store.get(job_id)] if job_id else store.list()[:5]
    out = []
    for j in jobs:
        p = j.progress()
        out.append(
            {
                "job_id": j.id,
                "status": j.status,
                "progress": p[-1] if p else None,
                "adapter": str(j.adapter) if j.adapter else None,
                "error": (j.error or "")[-600:] or None,
            }
        )
    return {"jobs": out}
