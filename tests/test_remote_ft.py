"""Proprietary fine-tuning backends with the real SDKs: openai against a loopback server that
speaks the files + fine-tuning API, boto3 against moto for S3 and Bedrock customization."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.tiny_model import chat_rows, write_jsonl
from tunewise.core.errors import ToolError
from tunewise.tools.train import remote
from tunewise.tools.train.remote import RemoteSpec

STATES = ["validating_files", "queued", "running", "succeeded"]


class FakeOpenAI:
    """Files, fine-tuning jobs, events and cancel, with a job that advances on each GET."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, object]] = []
        self.polls = 0
        outer = self

        class H(BaseHTTPRequestHandler):
            def _send(self, obj: dict) -> None:
                data = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path.endswith("/files"):
                    outer.calls.append(("POST", self.path, b"fine-tune" in raw))
                    self._send(
                        {
                            "id": "file-abc",
                            "object": "file",
                            "bytes": len(raw),
                            "created_at": 1,
                            "filename": "train.jsonl",
                            "purpose": "fine-tune",
                            "status": "processed",
                        }
                    )
                    return
                body = json.loads(raw or b"{}")
                outer.calls.append(("POST", self.path, body))
                status = "cancelled" if self.path.endswith("/cancel") else "validating_files"
                self._send(outer.job(status, body.get("model", "gpt-4o-mini-2024-07-18")))

            def do_GET(self) -> None:  # noqa: N802
                outer.calls.append(("GET", self.path, None))
                if self.path.split("?")[0].endswith("/events"):
                    self._send(
                        {
                            "object": "list",
                            "has_more": False,
                            "data": [
                                {
                                    "id": "ev1",
                                    "object": "fine_tuning.job.event",
                                    "created_at": 1,
                                    "level": "info",
                                    "message": "Step 10/30: training loss=0.42",
                                }
                            ],
                        }
                    )
                    return
                outer.polls += 1
                self._send(outer.job(STATES[min(outer.polls, 3)], "gpt-4o-mini-2024-07-18"))

            def log_message(self, *a: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def job(self, status: str, model: str) -> dict:
        done = status == "succeeded"
        return {
            "id": "ftjob-123",
            "object": "fine_tuning.job",
            "created_at": 1,
            "model": model,
            "status": status,
            "training_file": "file-abc",
            "validation_file": None,
            "organization_id": "org",
            "result_files": [],
            "seed": 1,
            "error": None,
            "finished_at": 2 if done else None,
            "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:acme::abc" if done else None,
            "trained_tokens": 12345 if done else None,
            "hyperparameters": {"n_epochs": 3, "batch_size": 4, "learning_rate_multiplier": 1.0},
        }


def test_openai_backend_submits_polls_and_cancels(tmp_path):
    import openai

    fake = FakeOpenAI()
    client = openai.OpenAI(api_key="test-key", base_url=fake.url, max_retries=0)
    data = write_jsonl(tmp_path / "train.jsonl", chat_rows(20))
    spec = RemoteSpec(
        provider="openai",
        base_model="gpt-4o-mini-2024-07-18",
        dataset=data,
        epochs=3,
        suffix="acme",
    )
    job = remote.openai_submit(spec, client)
    assert job.job_id == "ftjob-123" and job.status == "validating_files"
    assert fake.calls[0] == ("POST", "/v1/files", True)
    created = fake.calls[1][2]
    assert created["training_file"] == "file-abc" and created["suffix"] == "acme"
    assert created["method"]["supervised"]["hyperparameters"] == {"n_epochs": 3}
    assert any("2027-01-06" in w for w in job.warnings)
    seen = [remote.openai_poll("ftjob-123", client).status for _ in range(3)]
    assert seen == ["queued", "running", "succeeded"]
    final = remote.openai_poll("ftjob-123", client)
    assert final.fine_tuned_model.startswith("ft:") and final.trained_tokens == 12345
    assert "training loss" in final.events[0]
    assert remote.openai_cancel("ftjob-123", client).status == "cancelled"


def test_bedrock_backend_with_moto(tmp_path):
    import boto3
    from moto import mock_aws

    data = write_jsonl(tmp_path / "train.jsonl", chat_rows(20))
    spec = RemoteSpec(
        provider="bedrock",
        base_model="anthropic.claude-3-haiku-20240307-v1:0",
        dataset=data,
        epochs=3,
        batch_size=8,
        role_arn="arn:aws:iam::123456789012:role/bedrock-ft",
        s3_bucket="tw-bucket",
        job_name="tw-job-1",
    )
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="tw-bucket")
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        job = remote.bedrock_submit(spec, s3, bedrock)
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="tw-bucket")["Contents"]]
        assert keys == ["tunewise/tw-job-1/train.jsonl"]
        assert any("2026-09-10" in w and "ago" in w for w in job.warnings)
        polled = remote.bedrock_poll("tw-job-1", bedrock)
        assert polled.status == "InProgress"
        got = bedrock.get_model_customization_job(jobIdentifier="tw-job-1")
        assert got["hyperParameters"] == {
            "epochCount": "3",
            "batchSize": "8",
            "learningRateMultiplier": "1.0",
        }
        assert remote.bedrock_stop("tw-job-1", bedrock).status in ("Stopping", "Stopped")
    with pytest.raises(ToolError, match="epochCount from 1 to 10"):
        remote.bedrock_hyperparameters(spec.model_copy(update={"epochs": 20}))
    with pytest.raises(ToolError, match="role-arn"):
        remote.bedrock_submit(spec.model_copy(update={"role_arn": None}), None, None)


def test_lifecycle_warnings_count_days():
    spec = RemoteSpec(provider="openai", base_model="gpt-4o-mini", dataset="x.jsonl")
    jobs, shutdown = remote.lifecycle_warnings(spec, today=dt.date(2026, 11, 23))
    assert "new fine-tuning jobs" in jobs and "44 days from now" in jobs
    assert "shut down in the API" in shutdown and "52 days from now" in shutdown
    later = remote.lifecycle_warnings(spec, today=dt.date(2027, 2, 1))
    assert "ago" in later[0] and "may be refused" in later[0]


def test_cli_submit_to_openai_loopback(cli_env, tmp_path):
    from tests.test_cli import assert_one_line_error, run

    fake = FakeOpenAI()
    data = write_jsonl(tmp_path / "train.jsonl", chat_rows(20))
    args = [
        "train",
        "submit",
        "--provider",
        "openai",
        "--data",
        str(data),
        "--model",
        "gpt-4o-mini-2024-07-18",
        "--json",
    ]
    env = {**cli_env, "OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": fake.url}
    assert_one_line_error(run(args, env), 2, "--yes")
    proc = run([*args, "--yes"], env)
    assert proc.returncode == 0, proc.stderr
    job = json.loads(proc.stdout)
    assert job["remote_id"] == "ftjob-123" and job["provider"] == "openai"
    assert "2027-01-06" in proc.stderr
    status = json.loads(
        run(["train", "remote-status", "--provider", "openai", "ftjob-123", "--json"], env).stdout
    )
    assert status["status"] in ("queued", "running")
    for _ in range(4):  # each read of the job store polls the provider until it succeeds
        stored = json.loads(run(["train", "status", job["id"], "--json"], env).stdout)
        if stored["status"] != "running":
            break
    assert stored["status"] == "completed"
    assert stored["adapter"] == "ft:gpt-4o-mini-2024-07-18:acme::abc"
    no_key = {k: v for k, v in env.items() if k != "OPENAI_API_KEY"}
    assert_one_line_error(run([*args, "--yes"], no_key), 2, "OPENAI_API_KEY")


def test_job_store_keeps_provider_jobs(tmp_path):
    import boto3
    import openai
    from moto import mock_aws

    from tunewise.tools.train.jobs import JobError, JobStore
    from tunewise.tools.train.spec import JobSpec, ProviderOptions

    fake = FakeOpenAI()
    data = write_jsonl(tmp_path / "train.jsonl", chat_rows(20))
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="tw-store-bucket")
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        clients = {
            "openai": (openai.OpenAI(api_key="k", base_url=fake.url, max_retries=0),),
            "bedrock": (s3, bedrock),
        }
        store = JobStore(tmp_path / "jobs.sqlite", remote_clients=clients.__getitem__)
        # One spec type for every back end: the same JobSpec a local LoRA run uses.
        oa = store.submit(
            JobSpec(backend="openai", base_model="gpt-4o-mini", dataset=data, output_dir=tmp_path)
        )
        br = store.submit(
            JobSpec(
                backend="bedrock",
                base_model="meta.llama3-1-8b-instruct-v1:0",
                dataset=data,
                output_dir=tmp_path,
                epochs=2,
                provider=ProviderOptions(
                    role_arn="arn:aws:iam::123456789012:role/r",
                    s3_bucket="tw-store-bucket",
                    job_name="j1",
                ),
            )
        )
        with pytest.raises(JobError, match="runs on openai"):
            store.launch(
                JobSpec(
                    backend="openai", base_model="gpt-4o-mini", dataset=data, output_dir=tmp_path
                )
            )
        assert {j.provider for j in store.list()} == {"openai", "bedrock"}
        while store.get(oa.id).status == "running":
            pass  # each read polls the fake provider, which finishes after three polls
        assert store.get(oa.id).adapter == Path("ft:gpt-4o-mini-2024-07-18:acme::abc")
        assert store.get(br.id).status == "running"
        stored = bedrock.get_model_customization_job(jobIdentifier="j1")
        assert stored["hyperParameters"]["epochCount"] == "2"
        assert store.cancel(br.id).status == "cancelled"
        assert bedrock.get_model_customization_job(jobIdentifier="j1")["status"] in (
            "Stopping",
            "Stopped",
        )


def test_old_job_databases_are_migrated(tmp_path):
    import sqlite3

    from tunewise.tools.train.jobs import JobStore

    db = tmp_path / "jobs.sqlite"
    with sqlite3.connect(db) as c:
        c.execute(
            "create table jobs (id text primary key, spec_hash text not null, spec text "
            "not null, status text not null, pid integer, created real not null, started "
            "real, ended real, output_dir text not null, adapter text, error text, "
            "attempts integer not null default 1)"
        )
    assert JobStore(db).list() == []
    with sqlite3.connect(db) as c:
        cols = {r[1] for r in c.execute("pragma table_info(jobs)")}
    assert {"provider", "remote_id"} <= cols
