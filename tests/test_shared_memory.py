"""Conversations in PostgreSQL (TUNEWISE_CHECKPOINT_URL): a real server started here
(tests/pgserver.py), two `tunewise serve` processes on different ports and data directories
continuing one conversation, a killed server losing nothing answered, the turn lock across
processes, and clear errors for a bad URL or a server that is down."""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.pgserver import PgServer, postgres
from tests.test_cli import run
from tests.test_turns import turns
from tests.webserver import serving_process

pytestmark = pytest.mark.slow

FACTS = "We have 1,200 labelled examples and prompting plateaued at about 65%."
MORE = "Our data may go to OpenAI, and we need the same JSON format every time."
ADVICE = "So what do you recommend?"


@pytest.fixture(scope="module")
def pg() -> PgServer:
    with postgres() as server:
        yield server


def _env(data: Path, url: str) -> dict[str, str]:
    env = {**os.environ, "TUNEWISE_DATA_DIR": str(data), "TUNEWISE_CHECKPOINT_URL": url}
    env.pop("TUNEWISE_CHROMA_URL", None)
    return env


def _state(url: str, thread: str) -> tuple[list, dict]:
    """The thread as PostgreSQL holds it, read by LangGraph's own saver."""
    from langgraph.checkpoint.postgres import PostgresSaver

    with PostgresSaver.from_conn_string(url) as saver:
        tup = saver.get_tuple({"configurable": {"thread_id": thread}})
    values = tup.checkpoint["channel_values"] if tup else {}
    return list(values.get("messages", [])), dict(values.get("profile") or {})


def _answer(out: tuple) -> str:
    content = out[0][-1]["content"]
    return content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)


def test_two_web_servers_continue_one_conversation(tmp_path: Path, pg: PgServer) -> None:
    from gradio_client import Client

    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with serving_process(a_dir, env=_env(a_dir, pg.url)) as (url_a, proc_a):
        with serving_process(b_dir, env=_env(b_dir, pg.url)) as (url_b, _):
            on_a = Client(url_a, verbose=False)
            on_a.predict(FACTS, api_name="/ask")
            thread = on_a.session_hash  # the web app's thread for this visitor
            proc_a.kill()  # kill -9 right after an answered turn
            proc_a.wait()
            on_b = Client(url_b, verbose=False)
            on_b.session_hash = thread  # the same visitor, now served by the other replica
            on_b.predict(MORE, api_name="/ask")
            answer = _answer(on_b.predict(ADVICE, api_name="/ask"))
    assert "1,200 examples" in answer and "65%" in answer, answer[:600]
    messages, profile = _state(pg.url, thread)
    assert [h for h, _ in turns(messages)] == [FACTS, MORE, ADVICE]  # each answered once
    assert profile["n_examples"] == 1200 and "openai" in profile["providers_ok"]
    assert not (a_dir / "threads.sqlite").exists() and not (b_dir / "threads.sqlite").exists()


def test_concurrent_turns_on_one_thread_across_processes(tmp_path: Path, pg: PgServer) -> None:
    """The turn lock is a PostgreSQL advisory lock: processes with different data directories
    (as on different machines) still take turns on one thread."""
    texts = [FACTS, MORE, "We also have an eval set of 200 cases.", "We have no GPUs."]

    def ask(i: int) -> subprocess.CompletedProcess:
        d = tmp_path / f"proc{i}"
        return run(["ask", "--thread", "shared", texts[i]], _env(d, pg.url), timeout=600)

    with ThreadPoolExecutor(max_workers=4) as pool:
        procs = list(pool.map(ask, range(4)))
    assert all(p.returncode == 0 for p in procs), [p.stderr[-800:] for p in procs]
    messages, profile = _state(pg.url, "shared")
    assert sorted(h for h, _ in turns(messages)) == sorted(texts)
    assert profile["n_examples"] == 1200 and profile["eval_ready"] is True
    assert profile["own_hardware"] is False and "openai" in profile["providers_ok"]


def test_bad_url_and_server_down_are_one_line_errors(tmp_path: Path, pg: PgServer) -> None:
    env = _env(tmp_path / "d", "mysql://root@127.0.0.1/x")
    bad = run(["ask", "hello"], env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "postgresql://" in bad.stderr and "unset it" in bad.stderr

    down = pg.url.replace(str(pg.port), str(pg.port + 1)).replace("tunewise@", "tunewise:s3cret@")
    proc = run(["ask", "hello"], _env(tmp_path / "d", down))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"127.0.0.1:{pg.port + 1}/postgres" in proc.stderr and "s3cret" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
