"""One App object: a provider job submitted from the CLI refreshes wherever it is shown, in
the web app's jobs table and in the chat's job status, because every front end builds its job
store (with provider clients) through the same App."""

from __future__ import annotations

import json

from tests.test_remote_ft import FakeOpenAI
from tests.tiny_model import chat_rows, write_jsonl
from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.assistant import Assistant
from tunewise.core.settings import Settings
from tunewise.ui.web import train_tab
from tunewise.ui.web.services import Services


def test_provider_job_refreshes_in_web_table_and_chat(cli_env, tmp_path, monkeypatch):
    from tests.test_cli import run

    fake = FakeOpenAI()
    data = write_jsonl(tmp_path / "train.jsonl", chat_rows(20))
    env = {**cli_env, "OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": fake.url}
    proc = run(
        ["train", "submit", "--provider", "openai", "--data", str(data)]
        + ["--model", "gpt-4o-mini-2024-07-18", "--yes", "--json"],
        env,
    )
    assert proc.returncode == 0, proc.stderr
    job_id = json.loads(proc.stdout)["id"]

    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
    services = Services(Settings(data_dir=env["TUNEWISE_DATA_DIR"]))
    seen = []
    for _ in range(4):  # each read polls the provider; the fake advances one state a poll
        [row] = [r for r in train_tab.jobs_table(services) if r[0] == job_id]
        seen.append(row[1])
        if row[1] == "completed":
            break
    assert seen[0] in ("queued", "running") and seen[-1] == "completed"

    chat = Assistant.of(App(Settings(data_dir=env["TUNEWISE_DATA_DIR"])))
    answer = chat.ask("what is the status of my training job?", "t-status").answer
    assert job_id in answer and "completed" in answer
    assert "ft:gpt-4o-mini-2024-07-18:acme::abc" in answer
