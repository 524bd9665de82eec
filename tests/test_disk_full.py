"""A disk that fills up while a checkpoint is being written: the run fails with a message
that names the disk and says how to go on, the last complete checkpoint survives, and after
space is freed the job resumes from it. The run folder lives on a small tmpfs mounted by the
test (root only; skipped with the reason elsewhere)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_train import wait
from tests.tiny_model import chat_rows, make_tiny_llama, write_jsonl
from tunewise.tools.train.jobs import JobStore
from tunewise.tools.train.spec import JobSpec, last_complete_checkpoint


def _mount(point: Path, size_kb: int) -> None:
    point.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({r.stderr.strip()}); needs root")


def _du(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@pytest.fixture
def model(tmp_path) -> Path:
    return make_tiny_llama(tmp_path / "tiny")


def _spec(model: Path, rows: Path, out: Path, steps: int) -> JobSpec:
    return JobSpec(
        base_model=str(model),
        dataset=rows,
        output_dir=out,
        max_steps=steps,
        micro_batch=4,
        save_steps=2,
        learning_rate=5e-3,
    )


def test_disk_full_during_checkpointing_keeps_the_last_checkpoint(tmp_path, model):
    rows = write_jsonl(tmp_path / "train.jsonl", chat_rows(40))
    # Size one checkpoint of this model on a normal disk first.
    probe = JobStore(tmp_path / "probe.sqlite")
    job = probe.launch(_spec(model, rows, tmp_path / "probe", 2))
    wait(probe, job.id, lambda j: j.status != "running")
    one = _du(tmp_path / "probe" / "checkpoints" / "checkpoint-2")
    assert one > 0
    # Room for the logs and one and a half checkpoints: checkpoint-2 fits, checkpoint-4 does not.
    mnt = tmp_path / "small"
    _mount(mnt, int((one * 1.5 + 256 * 1024) / 1024))
    try:
        store = JobStore(tmp_path / "jobs.sqlite")
        run = mnt / "run"
        job = store.launch(_spec(model, rows, run, 10))
        failed = wait(store, job.id, lambda j: j.status != "running")
        assert failed.status == "failed"
        first = failed.error.splitlines()[0]
        assert "disk" in first and f"tunewise train resume {job.id}" in first, failed.error
        kept = last_complete_checkpoint(run)
        assert kept is not None and f"({kept.name}) is kept" in first
        kept_step = int(kept.name.rsplit("-", 1)[1])
        assert kept_step < 10
        state = json.loads((kept / "trainer_state.json").read_text())
        assert state["global_step"] == kept_step
        assert (kept / "adapter_model.safetensors").stat().st_size > 0
        assert not (run / "adapter").exists()

        subprocess.run(["mount", "-o", "remount,size=200m", str(mnt)], check=True)
        resumed = store.resume(job.id)
        done = wait(store, resumed.id, lambda j: j.status != "running")
        assert done.status == "completed", done.error
        steps = [p["step"] for p in done.progress()]
        assert steps[-1] == 10 and steps.count(kept_step + 1) >= 1
        restart = next(i for i in range(1, len(steps)) if steps[i] <= steps[i - 1])
        assert steps[restart] == kept_step + 1  # the resumed run went on from the checkpoint
        assert (run / "adapter" / "adapter_model.safetensors").exists()
    finally:
        for _ in range(20):
            if subprocess.run(["umount", str(mnt)], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
