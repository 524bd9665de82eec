"""The graph behind LangGraph's own API server: `langgraph dev` (langgraph-cli, in-memory
runtime) started from the repository's langgraph.json on 127.0.0.1, no browser, no tunnel,
driven with langgraph-sdk: clarifying questions, answers, the recommendation, and a training
launch approved through the server's interrupt/resume."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.jobwait import wait_for_job
from tests.tiny_model import chat_rows, write_jsonl
from tests.webserver import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
LANGGRAPH = str(Path(sys.executable).with_name("langgraph"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("lg") / "data"
    port = free_port()
    env = {
        **os.environ,
        "TUNEWISE_DATA_DIR": str(data),
        "LANGSMITH_TRACING": "false",
        "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    }
    env.pop("TUNEWISE_CHROMA_URL", None)
    log_path = data.parent / "langgraph.log"
    # The repository's langgraph.json with its graph path made absolute, run from a temporary
    # folder: the dev server keeps its in-memory state in .langgraph_api/ under its folder.
    spec = json.loads((ROOT / "langgraph.json").read_text())
    spec["graphs"] = {k: str(ROOT / v.removeprefix("./")) for k, v in spec["graphs"].items()}
    spec["dependencies"] = [str(ROOT)]
    config = data.parent / "langgraph.json"
    config.write_text(json.dumps(spec))
    cmd = [LANGGRAPH, "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [*cmd, "--port", str(port), "--config", str(config)],
            cwd=data.parent,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        t0 = time.monotonic()
        while True:  # up when /ok answers (the graph is imported before that)
            if proc.poll() is not None:
                pytest.fail(f"langgraph dev exited: {log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}/ok", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() - t0 > 300:
                    pytest.fail(f"langgraph dev did not come up: {log_path.read_text()[-3000:]}")
                time.sleep(0.5)
        yield url, data
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


def _say(client, thread_id: str, text: str) -> dict:
    return client.runs.wait(
        thread_id, "tunewise", input={"messages": [{"role": "user", "content": text}]}
    )


def test_clarify_advise_and_an_approved_launch_through_the_server(
    server: tuple[str, Path], tmp_path: Path, tiny: Path
) -> None:
    from langgraph_sdk import get_sync_client

    url, data = server
    client = get_sync_client(url=url)
    graphs = [a["graph_id"] for a in client.assistants.search()]
    assert "tunewise" in graphs

    thread = client.threads.create()["thread_id"]
    first = _say(client, thread, "Should we fine-tune Llama 4?")  # the design card's vague one
    assert first["questions"] and "?" in first["answer"]

    answers = (
        "We have about 2,000 labelled examples, prompting plateaued at 70%, the data must stay "
        "on our own servers and we have GPUs and an eval set."
    )
    advice = _say(client, thread, answers)
    assert advice["questions"] == []
    assert advice["recommendation"]["primary"] == "lora_open_weight", advice["answer"][:600]
    assert "2,000 examples" in advice["answer"]

    train = write_jsonl(tmp_path / "train.jsonl", chat_rows(24))
    paused = _say(
        client, thread, f"Kick off a LoRA run on {train} with base model {tiny} for 2 steps"
    )
    state = client.threads.get_state(thread)
    interrupts = [i for t in state["tasks"] for i in t.get("interrupts", [])]
    assert interrupts and interrupts[0]["value"]["kind"] == "confirm_launch", (paused, state)
    assert str(train) in interrupts[0]["value"]["plan"]
    assert not (data / "jobs.sqlite").exists() or _jobs(data) == []  # nothing before the yes

    done = client.runs.wait(thread, "tunewise", command={"resume": "yes"})
    assert "job" in done["answer"].lower(), done["answer"]
    jobs = _jobs(data)
    assert len(jobs) == 1
    from tunewise.tools.train.jobs import JobStore

    store = JobStore(data / "jobs.sqlite")
    job = wait_for_job(lambda: store.get(jobs[0]), lambda j: j.status not in ("queued", "running"))
    assert job.status == "completed", job
    assert client.threads.get_state(thread)["next"] == []


def _jobs(data: Path) -> list[str]:
    from tunewise.tools.train.jobs import JobStore

    return [j.id for j in JobStore(data / "jobs.sqlite").list()]


def test_langgraph_json_points_at_the_graph() -> None:
    spec = json.loads((ROOT / "langgraph.json").read_text())
    path, _, name = spec["graphs"]["tunewise"].partition(":")
    assert (ROOT / path).is_file() and name == "graph"
    assert shutil.which(LANGGRAPH) or Path(LANGGRAPH).exists()
