"""The local LoRA launcher for real: `accelerate launch` subprocesses training a tiny random
Llama with trl + peft, the SQLite job store, cancel without orphans, resume, failures."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.jobwait import wait_for_job
from tests.test_cli import assert_one_line_error, run
from tests.tiny_model import chat_rows, write_jsonl
from tunewise.tools.train.jobs import JobError, JobStore
from tunewise.tools.train.process import group_alive
from tunewise.tools.train.spec import JobSpec, SpecError, check_runnable


def wait(store: JobStore, job_id: str, until):  # noqa: ANN001
    return wait_for_job(lambda: store.get(job_id), until)


def sha(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.glob("*.safetensors")):
        h.update(f.read_bytes())
    return h.hexdigest()


def test_run_completes_with_progress_adapter_and_lineage(tmp_path, tiny, data):
    store = JobStore(tmp_path / "jobs.sqlite")
    base_before = sha(tiny)
    spec = JobSpec(
        base_model=str(tiny),
        dataset=data,
        output_dir=tmp_path / "run",
        max_steps=12,
        micro_batch=4,
        learning_rate=5e-3,
        save_steps=4,
    )
    job = store.launch(spec)
    with pytest.raises(JobError, match="already running"):
        store.launch(spec)
    job = wait(store, job.id, lambda j: j.status != "running")
    assert job.status == "completed", job.error
    rows = job.progress()
    assert len(rows) == 12 and rows[0]["loss"] > rows[-1]["loss"]
    assert {"step", "epoch", "loss", "learning_rate", "tokens_per_s", "eta_s"} <= set(rows[0])
    lineage = json.loads((job.adapter / "lineage.json").read_text())
    assert lineage["dataset_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert sha(tiny) == base_before  # base weights untouched
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    weights = load_file(job.adapter / "adapter_model.safetensors")
    assert any("lora_B" in k and v.abs().sum() > 0 for k, v in weights.items())  # B starts at 0
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny), job.adapter)
    tok = AutoTokenizer.from_pretrained(job.adapter)
    ids = tok("summarise change login", return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=4, do_sample=False)
    assert out.shape[1] > ids.shape[1]
    # A second store on the same database sees the job: it survives restarts.
    assert JobStore(tmp_path / "jobs.sqlite").get(job.id).status == "completed"
    with pytest.raises(JobError, match="finished adapter"):
        store.launch(spec.model_copy(update={"max_steps": 13}))


def test_cancel_leaves_no_process_and_resume_continues(tmp_path, tiny, data):
    store = JobStore(tmp_path / "jobs.sqlite")
    spec = JobSpec(
        base_model=str(tiny),
        dataset=data,
        output_dir=tmp_path / "run",
        max_steps=100_000,
        micro_batch=2,
        save_steps=5,
    )
    job = store.launch(spec)
    wait(store, job.id, lambda j: len(j.progress()) >= 8)
    assert group_alive(job.pid)
    cancelled = store.cancel(job.id)
    assert cancelled.status == "cancelled" and not group_alive(job.pid)
    with pytest.raises(JobError, match="only running jobs"):
        store.cancel(job.id)
    steps_before = cancelled.progress()[-1]["step"]
    resumed = store.resume(job.id)
    assert resumed.status == "running" and resumed.attempts == 2
    with pytest.raises(JobError, match="still running"):
        store.resume(job.id)
    wait(store, job.id, lambda j: j.progress()[-1]["step"] > steps_before + 2)
    first_after = [r for r in store.get(job.id).progress() if r["time"] > resumed.started][0]
    assert first_after["step"] > 1  # continued from a checkpoint, not from step 1
    assert store.cancel(job.id).status == "cancelled" and not group_alive(resumed.pid)


def test_crashed_run_is_failed_with_the_log_tail(tmp_path, tiny):
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"foo": i} for i in range(5)])
    store = JobStore(tmp_path / "jobs.sqlite")
    job = store.launch(JobSpec(base_model=str(tiny), dataset=bad, output_dir=tmp_path / "r"))
    job = wait(store, job.id, lambda j: j.status != "running")
    assert job.status == "failed" and "no trainable columns" in job.error
    assert "log tail" in job.error


def test_spec_refusals(tmp_path, data):
    with pytest.raises(SpecError, match="not found"):
        check_runnable(
            JobSpec(base_model=str(tmp_path / "nope"), dataset=data, output_dir=tmp_path)
        )
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpecError, match="config.json"):
        check_runnable(
            JobSpec(base_model=str(tmp_path / "empty"), dataset=data, output_dir=tmp_path)
        )
    with pytest.raises(SpecError, match="CUDA"):
        check_runnable(JobSpec(dataset=data, output_dir=tmp_path, quantization="4bit"))
    with pytest.raises(SpecError, match="dataset"):
        check_runnable(JobSpec(dataset=tmp_path / "x.jsonl", output_dir=tmp_path))


def test_cli_launch_needs_confirmation_and_valid_data(cli_env, tmp_path, tiny, data):
    args = [
        "train",
        "launch",
        "--data",
        str(data),
        "--base",
        str(tiny),
        "--output",
        str(tmp_path / "run"),
        "--max-steps",
        "3",
    ]
    assert_one_line_error(run(args, cli_env), 2, "--yes")
    bad = write_jsonl(tmp_path / "bad.jsonl", chat_rows(30) + [{"messages": []}])
    proc = run([*args[:2], "--data", str(bad), *args[4:], "--yes"], cli_env)
    assert_one_line_error(proc, 1, "error(s)")
    proc = run([*args, "--yes", "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    job = json.loads(proc.stdout)
    store = JobStore(Path(cli_env["TUNEWISE_DATA_DIR"]) / "jobs.sqlite")
    wait(store, job["id"], lambda j: j.status != "running")
    status = json.loads(run(["train", "status", job["id"], "--json"], cli_env).stdout)
    assert status["status"] == "completed" and status["adapter"]
    logs = run(["train", "logs", job["id"]], cli_env)
    assert logs.returncode == 0 and "step 3/3  loss" in logs.stdout, logs.stdout
    assert "adapter saved to" in logs.stdout
    assert_one_line_error(run(["train", "cancel", job["id"]], cli_env), 2, "completed")


def test_export_merged_model_matches_base_plus_adapter(tmp_path, tiny, data):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from tunewise.tools.train.export import export_merged

    store = JobStore(tmp_path / "jobs.sqlite")
    job = store.launch(
        JobSpec(
            base_model=str(tiny),
            dataset=data,
            output_dir=tmp_path / "run",
            max_steps=6,
            learning_rate=5e-3,
        )
    )
    job = wait(store, job.id, lambda j: j.status != "running")
    out = export_merged(job, tmp_path / "merged")
    assert (out / "lineage.json").exists() and not (out / "adapter_config.json").exists()
    ids = torch.tensor([[2, 5, 6, 7]])
    merged = AutoModelForCausalLM.from_pretrained(out).eval()
    peft = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny), job.adapter)
    with torch.no_grad():
        assert torch.allclose(merged(ids).logits, peft.eval()(ids).logits, atol=1e-4)
    with pytest.raises(JobError, match="not empty"):
        export_merged(job, out)


def test_resume_skips_a_half_written_checkpoint(tmp_path):
    from tunewise.tools.train.spec import last_complete_checkpoint

    ck = tmp_path / "checkpoints"
    for step, complete in ((5, True), (10, True), (30, False)):
        d = ck / f"checkpoint-{step}"
        d.mkdir(parents=True)
        if complete:
            (d / "trainer_state.json").write_text("{}")
    assert last_complete_checkpoint(tmp_path).name == "checkpoint-10"  # numeric, complete


def test_plan_time_scales_with_the_steps_asked(tmp_path, data):
    """The pre-flight times the run the spec describes: ten times the steps is about ten
    times the time, and whole epochs count the file's rows."""
    import re

    from tunewise.agent.toolkit.launch import preview
    from tunewise.tools.prices import load_catalogue

    catalogue = load_catalogue()

    def seconds(steps: int) -> tuple[str, float]:
        args = {"dataset": str(data), "base_model": "smollm2", "max_steps": steps, "epochs": 2}
        text, ok = preview(args, tmp_path / "runs", catalogue)
        assert ok, text
        m = re.search(r"CPU about ([\d,.]+) (s|min|h)\b", text)
        assert m, text
        value = float(m.group(1).replace(",", ""))
        return text, value * {"s": 1, "min": 60, "h": 3600}[m.group(2)]

    short_text, short = seconds(30)
    long_text, long = seconds(300)
    assert "Run: 30 steps" in short_text and "Run: 300 steps" in long_text
    assert 8 <= long / short <= 11, (short, long)
    epochs_text, _ = seconds(-1)
    rows = sum(1 for _ in data.open())
    assert f"Run: 2 epochs = {2 * -(-rows // 4)} steps" in epochs_text, epochs_text
