"""Jobs match what really runs: kill -9 of the launcher, the trainer or the CLI leaves a job
whose status, cancel and resume act on the real processes; racing launches of one run or one
folder cannot both start; a relative data path is resolved where it was typed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.jobwait import wait_for_job
from tests.test_cli import run
from tests.tiny_model import chat_rows, write_jsonl
from tunewise.tools.train import jobs as jobs_mod
from tunewise.tools.train.jobs import JobError, JobStore
from tunewise.tools.train.process import alive, group_alive, trainer_ids
from tunewise.tools.train.spec import JobSpec

ROOT = Path(__file__).resolve().parents[1]


def endless(tiny: Path, data: Path, out: Path) -> JobSpec:
    return JobSpec(
        base_model=str(tiny), dataset=data, output_dir=out, max_steps=100_000, save_steps=3
    )


def stepping(store: JobStore, job_id: str, n: int = 4):  # noqa: ANN201
    return wait_for_job(lambda: store.get(job_id), lambda j: len(j.progress()) >= n)


def nothing_runs(job, store: JobStore) -> bool:  # noqa: ANN001
    pid, pgid = trainer_ids(job.output_dir)
    return not store.processes_alive(job) and not alive(pid) and not group_alive(pgid)


def test_launcher_killed_the_trainer_still_counts_and_cancel_ends_it(tmp_path, tiny, data):
    store = JobStore(tmp_path / "jobs.sqlite")
    job = stepping(store, store.launch(endless(tiny, data, tmp_path / "run")).id)
    trainer, _ = trainer_ids(job.output_dir)
    assert trainer and trainer != job.pid
    os.kill(job.pid, signal.SIGKILL)  # the accelerate launcher
    time.sleep(1.0)
    job = store.get(job.id)
    assert alive(trainer)  # the orphan trains on with parent 1 ...
    assert job.status == "running"  # ... and the job says so
    with pytest.raises(JobError, match="still running"):
        store.resume(job.id)
    job = store.cancel(job.id)
    assert job.status == "cancelled" and nothing_runs(job, store)
    time.sleep(1.0)
    assert not (job.output_dir / "adapter").exists()  # nothing finished behind our back


def test_trainer_killed_the_job_fails_and_resume_starts_one_trainer(tmp_path, tiny, data):
    store = JobStore(tmp_path / "jobs.sqlite")
    job = stepping(store, store.launch(endless(tiny, data, tmp_path / "run")).id, 5)
    trainer, _ = trainer_ids(job.output_dir)
    os.kill(trainer, signal.SIGKILL)
    job = wait_for_job(lambda: store.get(job.id), lambda j: j.status != "running")
    assert job.status == "failed" and nothing_runs(job, store)
    resumed = store.resume(job.id)
    assert resumed.status == "running" and resumed.attempts == 2
    with pytest.raises(JobError, match="still running"):
        store.resume(job.id)
    stepping(store, job.id, len(job.progress()) + 2)
    assert store.cancel(job.id).status == "cancelled"
    assert nothing_runs(store.get(job.id), store)


def test_cli_killed_before_recording_the_trainer_leaves_a_job_that_finds_it(tmp_path, tiny, data):
    db = tmp_path / "jobs.sqlite"
    spec = endless(tiny, data, tmp_path / "run")
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.job_child", str(db), spec.model_dump_json()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout.readline().strip() == "STARTED", child.stderr.read()[-1500:]
    child.kill()
    child.wait()
    store = JobStore(db)
    [job] = store.list()
    assert job.status == "running" and job.pid is None  # claimed before the start
    job = stepping(store, job.id, 2)  # found through the trainer's own record
    assert job.status == "running"
    with pytest.raises(JobError, match="already running"):
        store.launch(spec)
    assert store.cancel(job.id).status == "cancelled"
    assert nothing_runs(store.get(job.id), store)


def test_cli_killed_before_the_trainer_started_fails_the_row(tmp_path, tiny, data, monkeypatch):
    store = JobStore(tmp_path / "jobs.sqlite")
    spec = endless(tiny, data, tmp_path / "run")
    store._claim("deadbeef00", spec, None)  # what a CLI killed right after the claim leaves
    assert store.get("deadbeef00").status == "running"  # still starting
    monkeypatch.setattr(jobs_mod, "STARTING_GRACE_S", 0.0)
    job = store.get("deadbeef00")
    assert job.status == "failed" and "without a result" in job.error


def test_racing_launches_of_one_run_start_exactly_one(tmp_path, tiny, data):
    db = tmp_path / "jobs.sqlite"
    JobStore(db)
    spec = endless(tiny, data, tmp_path / "run")
    other_folder = spec.model_copy(update={"output_dir": tmp_path / "run-2"})
    barrier = threading.Barrier(3)
    outcomes: list[object] = []

    def go(s: JobSpec) -> None:
        store = JobStore(db)
        barrier.wait()
        try:
            outcomes.append(store.launch(s))
        except JobError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=go, args=(s,)) for s in (spec, spec, other_folder)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    started = [o for o in outcomes if not isinstance(o, JobError)]
    refused = [o for o in outcomes if isinstance(o, JobError)]
    assert len(started) == 1 and len(refused) == 2, outcomes
    assert all("already running" in str(e) for e in refused)
    store = JobStore(db)
    assert store.cancel(started[0].id).status == "cancelled"
    # once it ended, the same run may start again
    again = store.launch(spec.model_copy(update={"output_dir": tmp_path / "run-3"}))
    assert store.cancel(again.id).status == "cancelled"


def user_dir_with_data(tmp_path: Path) -> Path:
    here = tmp_path / "userdir"
    here.mkdir()
    write_jsonl(here / "train.jsonl", chat_rows(30))
    return here


def tunewise_in(cwd: Path, args: list[str], env: dict[str, str]) -> str:
    """Run `tunewise ARGS` from the folder `cwd`; its stdout."""
    tunewise = str(Path(sys.executable).with_name("tunewise"))
    proc = subprocess.run(
        [tunewise, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-1500:]
    return proc.stdout


def test_relative_data_path_is_resolved_where_it_was_typed(tmp_path, tiny, cli_env):
    here = user_dir_with_data(tmp_path)
    args = ["train", "launch", "--data", "train.jsonl", "--base", str(tiny)]
    job = json.loads(tunewise_in(here, [*args, "--max-steps", "2", "--yes", "--json"], cli_env))
    store = JobStore(Path(cli_env["TUNEWISE_DATA_DIR"]) / "jobs.sqlite")
    stored = store.get(job["id"])
    assert stored.spec.dataset == here / "train.jsonl"
    done = wait_for_job(lambda: store.get(job["id"]), lambda j: j.status != "running")
    assert done.status == "completed", done.error
    assert run(["train", "status", job["id"], "--json"], cli_env).returncode == 0


def test_chat_launch_resolves_the_file_where_it_was_typed(tmp_path, tiny, cli_env):
    here = user_dir_with_data(tmp_path)
    ask = f"kick off a LoRA run on train.jsonl with base model {tiny} for 2 steps"
    plan = tunewise_in(here, ["ask", "--json", "--thread", "L", ask], cli_env)
    assert str(here / "train.jsonl") in json.loads(plan)["answer"]
    # confirmed from another folder: still the same file
    tunewise_in(tmp_path, ["ask", "--thread", "L", "yes"], cli_env)
    [job] = JobStore(Path(cli_env["TUNEWISE_DATA_DIR"]) / "jobs.sqlite").list()
    assert job.spec.dataset == here / "train.jsonl"
