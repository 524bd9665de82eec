"""Data-parallel LoRA: the tiny Llama on 2 CPU processes (accelerate's launcher, DDP over
gloo), each rank on its own shard, one adapter and one lineage from the main process, and a
cancel that ends every rank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.jobwait import wait_for_job
from tunewise.tools.train.jobs import JobStore
from tunewise.tools.train.process import alive, all_trainer_ids, group_members
from tunewise.tools.train.spec import JobSpec

pytestmark = pytest.mark.slow


def two_process_spec(tmp_path: Path, tiny: Path, data: Path, max_steps: int) -> JobSpec:
    return JobSpec(
        base_model=str(tiny),
        dataset=data,
        output_dir=tmp_path / "run",
        max_steps=max_steps,
        micro_batch=2,
        processes=2,
    )


def test_two_processes_train_their_own_shards_into_one_adapter(tmp_path, tiny, data):
    store = JobStore(tmp_path / "jobs.sqlite")
    spec = two_process_spec(tmp_path, tiny, data, max_steps=4)
    job = store.launch(spec)
    job = wait_for_job(lambda: store.get(job.id), lambda j: j.status not in ("queued", "running"))
    assert job.status == "completed", (job, job.log_path.read_text()[-3000:])
    ranks = [json.loads(p.read_text()) for p in sorted((spec.output_dir / "ranks").glob("*.json"))]
    assert [r["rank"] for r in ranks] == [0, 1] and {r["world_size"] for r in ranks} == {2}
    assert ranks[0]["pid"] != ranks[1]["pid"]  # two processes, not one doing both
    seen = [set(r["batches"]) for r in ranks]
    assert all(len(r["batches"]) == 4 for r in ranks)  # every step on every rank
    assert not seen[0] & seen[1], "both ranks trained on the same batches"
    adapters = [
        p for p in spec.output_dir.rglob("adapter_config.json") if "checkpoint" not in str(p)
    ]
    assert [p.parent.name for p in adapters] == ["adapter"]
    lineage = json.loads((spec.output_dir / "adapter" / "lineage.json").read_text())
    assert lineage["processes"] == 2 and lineage["steps"] == 4
    steps = [r["step"] for r in job.progress()]
    assert steps == sorted(set(steps)) and steps[-1] == 4  # logged once, by the main process
    assert json.loads((spec.output_dir / "result.json").read_text())["status"] == "completed"


def test_cancel_ends_every_rank(tmp_path, tiny, data):
    store = JobStore(tmp_path / "jobs.sqlite")
    spec = two_process_spec(tmp_path, tiny, data, max_steps=100_000)
    job = store.launch(spec)
    wait_for_job(lambda: store.get(job.id), lambda j: len(j.progress()) >= 3)
    ranks = all_trainer_ids(spec.output_dir)  # each rank recorded its pid and group
    assert len(ranks) == 2 and all(alive(pid) for pid, _ in ranks), ranks
    groups = {job.pgid, *(g for _, g in ranks)}
    cancelled = store.cancel(job.id)
    assert cancelled.status == "cancelled"
    assert not any(alive(pid) for pid, _ in ranks)
    assert all(group_members(g) == [] for g in groups)


def test_plan_prints_the_command_for_n_processes(tmp_path, tiny, data, cli_env):
    from tests.test_cli import run

    proc = run(
        ["train", "plan", "--data", str(data), "--base", str(tiny), "--processes", "4", "--json"],
        cli_env,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert "--multi_gpu --num_processes 4" in out["command"]
    assert out["spec"]["processes"] == 4
    bad = run(["train", "plan", "--data", str(data), "--processes", "0"], cli_env)
    assert bad.returncode == 2 and "--processes" in bad.stderr and "Traceback" not in bad.stderr
