"""`train export --merge`: fold a finished job's LoRA adapter into its base model and save a
normal model folder (servable without peft). Never writes over an existing folder."""

from __future__ import annotations

from pathlib import Path

from tunewise.tools.train.entry import load_base
from tunewise.tools.train.jobs import Job, JobError


def export_merged(job: Job, out: Path) -> Path:
    if job.status != "completed" or job.adapter is None:
        raise JobError(f"job {job.id} is {job.status}; only a completed job has an adapter")
    if out.exists() and any(out.iterdir()):
        raise JobError(f"{out} is not empty; choose a new folder so nothing is overwritten")
    from peft import PeftModel

    model, tok = load_base(job.spec)
    merged = PeftModel.from_pretrained(model, job.adapter).merge_and_unload()
    staging = out.with_name(out.name + ".partial")
    merged.save_pretrained(staging)
    tok.save_pretrained(staging)
    (staging / "lineage.json").write_bytes((job.adapter / "lineage.json").read_bytes())
    if out.exists():
        out.rmdir()  # empty (checked above)
    staging.replace(out)
    return out
