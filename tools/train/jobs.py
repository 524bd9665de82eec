"""The job store (SQLite) and the local launcher.

A job is a row (id, spec, status, pid, pgid, times, paths, error). The row is claimed first
(one live job per output folder and per run, enforced by unique indexes, so two launches that
race cannot both win), then `accelerate launch -m tunewise.tools.train.entry` starts in a new
session: the launcher and the trainer share one process group the store owns, and the trainer
also records its own pid and group in trainer.json. A job is alive while any of those
processes lives, whichever of them died, so status, cancel and resume act on what really runs.
Status is re-derived from the processes and the run folder whenever a job is read, so jobs
survive restarts of the CLI or the web app, and a run that died without a result is marked
failed with its log tail.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.core import stores
from tunewise.core.errors import ToolError
from tunewise.tools.train import remote
from tunewise.tools.train.process import (
    alive,
    all_trainer_ids,
    free_port,
    group_alive,
    launch_command,
    log_tail,
    low_disk_line,
    spec_device,
)
from tunewise.tools.train.remote import RemoteSpec
from tunewise.tools.train.spec import JobSpec, last_complete_checkpoint

Status = Literal["running", "completed", "failed", "cancelled"]
ACTIVE = ("running",)

SCHEMA = """
create table if not exists jobs (
  id text primary key, spec_hash text not null, spec text not null, status text not null,
  pid integer, created real not null, started real, ended real, output_dir text not null,
  adapter text, error text, attempts integer not null default 1,
  provider text not null default 'local', remote_id text
)"""
# Databases made before provider jobs were stored get the two columns added.
MIGRATIONS = {
    "provider": "alter table jobs add column provider text not null default 'local'",
    "remote_id": "alter table jobs add column remote_id text",
    "pgid": "alter table jobs add column pgid integer",
    "run_key": "alter table jobs add column run_key text",
}
# The atomic claims: at most one running job per local output folder and per run.
INDEXES = (
    "create unique index if not exists one_live_per_folder on jobs(output_dir) "
    "where status = 'running' and provider = 'local'",
    "create unique index if not exists one_live_per_run on jobs(run_key) "
    "where status = 'running' and run_key is not null",
)
STARTING_GRACE_S = 30.0  # a claimed row whose process is not recorded yet is still starting
# Provider statuses -> ours.
REMOTE_STATUS = {
    "succeeded": "completed",
    "Completed": "completed",
    "failed": "failed",
    "Failed": "failed",
    "cancelled": "cancelled",
    "Stopped": "cancelled",
    "Stopping": "cancelled",
}


class JobError(ToolError):
    """A job action that cannot be done (unknown id, already running, nothing to resume)."""


class Job(BaseModel):
    id: str
    spec_hash: str
    spec: JobSpec | RemoteSpec
    provider: str = "local"
    remote_id: str | None = None
    status: Status
    pid: int | None
    pgid: int | None = None
    created: float
    started: float | None
    ended: float | None
    output_dir: Path
    adapter: Path | None = Field(None, description="adapter folder, or the provider's model id")
    error: str | None
    attempts: int

    @property
    def log_path(self) -> Path:
        return self.output_dir / "train.log"

    @property
    def progress_path(self) -> Path:
        return self.output_dir / "progress.jsonl"

    def progress(self) -> list[dict]:
        if not self.progress_path.exists():
            return []
        rows = []
        for line in self.progress_path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line being written right now
        return rows


class JobStore:
    def __init__(self, db: Path, remote_clients: Callable[[str], tuple] | None = None) -> None:
        """`remote_clients(provider)` returns the SDK clients for provider jobs."""
        db.parent.mkdir(parents=True, exist_ok=True)
        self.db = db
        self.remote_clients = remote_clients
        stores.check(db, "jobs")
        with self._conn() as c:
            c.execute(SCHEMA)
            have = {r[1] for r in c.execute("pragma table_info(jobs)")}
            for col, sql in MIGRATIONS.items():
                if col not in have:
                    c.execute(sql)
            for sql in INDEXES:
                try:
                    c.execute(sql)
                except sqlite3.IntegrityError:  # old rows already break the rule: refresh first
                    pass
        stores.mark_used(db)

    def _conn(self) -> sqlite3.Connection:
        c = sqlite3.connect(self.db, timeout=30, check_same_thread=False)
        c.row_factory = sqlite3.Row
        return c

    def _row(self, r: sqlite3.Row) -> Job:
        d = dict(r)
        kind = JobSpec if d.get("provider", "local") == "local" else RemoteSpec
        d["spec"] = kind.model_validate_json(d["spec"])
        return Job.model_validate(d)

    def get(self, job_id: str) -> Job:
        with self._conn() as c:
            r = c.execute(
                "select * from jobs where id = ? or id like ?", (job_id, f"{job_id}%")
            ).fetchall()
        if len(r) != 1:
            raise JobError(f"no job {job_id!r}" if not r else f"{job_id!r} matches several jobs")
        return self.refresh(self._row(r[0]))

    def list(self) -> list[Job]:
        with self._conn() as c:
            rows = c.execute("select * from jobs order by created desc").fetchall()
        return [self.refresh(self._row(r)) for r in rows]

    def _load(self, job_id: str) -> Job:
        """The stored row as it is, without refreshing it."""
        with self._conn() as c:
            return self._row(c.execute("select * from jobs where id = ?", (job_id,)).fetchone())

    def _set(self, job_id: str, **fields: object) -> None:
        cols = ", ".join(f"{k} = ?" for k in fields)
        with self._conn() as c:
            c.execute(f"update jobs set {cols} where id = ?", (*fields.values(), job_id))

    def refresh(self, job: Job) -> Job:
        """Bring a running job's status up to date from its process and its run folder
        (or, for a provider job, from the provider)."""
        if job.provider != "local":
            return self._refresh_remote(job)
        if job.status not in ACTIVE or self.processes_alive(job) or self._starting(job):
            return job
        result = job.output_dir / "result.json"
        if result.exists():
            out = json.loads(result.read_text(encoding="utf-8"))
            if out.get("status") == "completed":
                self._set(job.id, status="completed", ended=time.time(), adapter=out["adapter"])
            else:
                why = str(out.get("error")).replace("train resume JOB", f"train resume {job.id}")
                self._set(
                    job.id,
                    status="failed",
                    ended=time.time(),
                    error=f"{why}\n--- log tail ---\n{log_tail(job.log_path)}",
                )
        else:
            self._set(
                job.id,
                status="failed",
                ended=time.time(),
                error=low_disk_line(job.output_dir, job.id)
                + "the training process ended without a result\n--- log tail ---\n"
                + log_tail(job.log_path),
            )
        return self._load(job.id)

    def processes_alive(self, job: Job) -> bool:
        """Whether any process of the job still runs: the launcher's process group, or the
        trainer by the pid and group it recorded (after a kill -9 of the launcher the trainer
        lives on in the group with parent 1)."""
        if job.provider != "local":
            return False
        trainers = all_trainer_ids(job.output_dir)
        alive(job.pid)  # reaps our own finished child so it does not count as alive
        groups = {job.pgid or job.pid, *(g for _, g in trainers)}
        return any(group_alive(g) for g in groups if g) or any(alive(p) for p, _ in trainers)

    def _starting(self, job: Job) -> bool:
        return job.pid is None and time.time() - (job.started or job.created) < STARTING_GRACE_S

    def _claim(self, job_id: str, spec: JobSpec, resume_of: Job | None) -> None:
        """Write the running row before any process starts; the unique indexes refuse a
        second live job in the same folder or of the same run, atomically."""
        now = time.time()
        spec_hash, key = spec.identities()  # the dataset is read once for both
        try:
            with self._conn() as c:
                if resume_of is not None:
                    c.execute(
                        "update jobs set status = 'running', pid = null, pgid = null, "
                        "started = ?, ended = null, error = null, attempts = attempts + 1, "
                        "run_key = ? where id = ?",
                        (now, key, job_id),
                    )
                else:
                    c.execute(
                        "insert into jobs (id, spec_hash, spec, status, created, started, "
                        "output_dir, run_key) values (?, ?, ?, 'running', ?, ?, ?, ?)",
                        (
                            job_id,
                            spec_hash,
                            spec.model_dump_json(),
                            now,
                            now,
                            str(spec.output_dir),
                            key,
                        ),
                    )
        except sqlite3.IntegrityError:
            with self._conn() as c:
                other = c.execute(
                    "select id, output_dir from jobs where status = 'running' and "
                    "(run_key = ? or (output_dir = ? and provider = 'local'))",
                    (key, str(spec.output_dir)),
                ).fetchone()
            which = other["id"] if other else "another job"
            raise JobError(
                f"the same run is already running as {which} (one live job per run and per "
                f"output folder); see `tunewise train status {which}`"
            ) from None

    def launch(self, spec: JobSpec, resume_of: Job | None = None) -> Job:
        """Start the run in the background; refuses a second live run of the same spec or
        in the same folder."""
        if spec.backend != "local":
            raise JobError(f"this spec runs on {spec.backend}; submit it (JobStore.submit)")
        out = spec.output_dir
        if resume_of is None and (out / "adapter").exists():
            raise JobError(
                f"{out} already holds a finished adapter; choose another "
                "--output so it is not overwritten"
            )
        job_id = resume_of.id if resume_of is not None else uuid.uuid4().hex[:10]
        self._claim(job_id, spec, resume_of)
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / "spec.json").write_text(spec.model_dump_json(indent=2), encoding="utf-8")
            (out / "result.json").unlink(missing_ok=True)
            for stale in out.glob("trainer*.json"):  # the previous attempt's processes
                stale.unlink(missing_ok=True)
            cmd = launch_command(
                out / "spec.json",
                spec_device(spec),
                resume_of is not None,
                spec.processes,
                free_port() if spec.processes > 1 else None,
            )
            env = {
                **os.environ,
                "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1",
                "HF_DATASETS_OFFLINE": "1",
                "TOKENIZERS_PARALLELISM": "false",
            }
            with open(out / "train.log", "ab") as log:
                proc = subprocess.Popen(
                    cmd,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    start_new_session=True,  # its own process group: pgid == pid
                )
        except (OSError, ToolError) as exc:
            self._set(job_id, status="failed", ended=time.time(), error=f"could not start: {exc}")
            raise JobError(f"could not start the run: {exc}") from exc
        self._set(job_id, pid=proc.pid, pgid=proc.pid)
        return self.get(job_id)

    def submit(self, spec: JobSpec) -> Job:
        """Start a run on the spec's back end: a local LoRA run or a provider job."""
        if spec.backend == "local":
            return self.launch(spec)
        return self.submit_remote(spec.to_remote())

    def submit_remote(self, spec: RemoteSpec) -> Job:
        """Submit to OpenAI or Bedrock and keep the job here beside the local ones."""

        clients = self._clients(spec.provider)
        h = hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:16]
        for j in self.list():
            if j.spec_hash == h and j.status in ACTIVE:
                raise JobError(f"the same job is already running as {j.id}")
        rj = remote.submit(spec, clients)
        job_id, now = uuid.uuid4().hex[:10], time.time()
        with self._conn() as c:
            c.execute(
                "insert into jobs (id, spec_hash, spec, status, created, started, output_dir, "
                "provider, remote_id) values (?, ?, ?, 'running', ?, ?, '-', ?, ?)",
                (job_id, h, spec.model_dump_json(), now, now, spec.provider, rj.job_id),
            )
        return self.get(job_id)

    def _clients(self, provider: str) -> tuple:
        if self.remote_clients is None:
            raise JobError(f"no {provider} client configured for provider jobs")
        return self.remote_clients(provider)

    def _refresh_remote(self, job: Job) -> Job:
        if job.status not in ACTIVE or self.remote_clients is None:
            return job

        clients = self._clients(job.provider)
        try:
            rj = remote.poll(job.provider, job.remote_id, clients)
        except remote.ProviderCallError:
            return job  # the provider is unreachable now: keep what we know, ask again later
        status = REMOTE_STATUS.get(rj.status)
        if status is None:
            return job
        self._set(
            job.id,
            status=status,
            ended=time.time(),
            adapter=rj.fine_tuned_model,
            error=None if status != "failed" else "; ".join(rj.events) or rj.status,
        )
        return self._load(job.id)

    def cancel(self, job_id: str, grace_s: float = 10.0) -> Job:
        """End the job's whole process group (launcher and trainer): no orphans. Provider
        jobs are cancelled at the provider."""
        job = self.get(job_id)
        if job.status not in ACTIVE:
            if self.processes_alive(job):  # recorded as ended, yet something of it runs
                self._end_processes(job, grace_s)
                return self.get(job.id)
            raise JobError(f"job {job.id} is {job.status}; only running jobs can be cancelled")
        if job.provider != "local":
            remote.cancel(job.provider, job.remote_id, self._clients(job.provider))
            self._set(job.id, status="cancelled", ended=time.time())
            return self.get(job.id)
        self._end_processes(job, grace_s)
        self._set(job.id, status="cancelled", ended=time.time())
        return self.get(job.id)

    def _end_processes(self, job: Job, grace_s: float) -> None:
        """SIGTERM every process of the job (launcher group, trainer group, trainer), then
        SIGKILL what is left after the grace period; returns when none runs."""
        trainers = all_trainer_ids(job.output_dir)
        groups = {g for g in (job.pgid or job.pid, *(g for _, g in trainers)) if g}

        def signal_all(sig: int) -> None:
            for g in groups:
                try:
                    os.killpg(g, sig)
                except (ProcessLookupError, PermissionError):
                    pass
            for pid, _ in trainers:
                try:
                    os.kill(pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass

        signal_all(signal.SIGTERM)
        deadline = time.time() + grace_s
        while time.time() < deadline and self.processes_alive(job):
            time.sleep(0.1)
        if self.processes_alive(job):
            signal_all(signal.SIGKILL)
            while self.processes_alive(job):
                time.sleep(0.1)

    def resume(self, job_id: str) -> Job:
        """Continue a cancelled or failed run from its last checkpoint."""
        job = self.get(job_id)
        if job.status in ACTIVE:
            raise JobError(f"job {job.id} is still running")
        if self.processes_alive(job):
            raise JobError(
                f"job {job.id} is {job.status} but a process of it still runs; cancel it "
                f"first (`tunewise train cancel {job.id}`)"
            )
        if job.status == "completed":
            raise JobError(f"job {job.id} is complete; its adapter is {job.adapter}")
        if last_complete_checkpoint(job.output_dir) is None:
            raise JobError(f"job {job.id} has no complete checkpoint yet; launch it again")
        return self.launch(job.spec, resume_of=job)
