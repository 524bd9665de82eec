"""One turn at a time per thread: concurrent `ask` processes and quick web turns on one thread
all get answered, in order, with their facts; a turn killed with kill -9 leaves the thread
consistent (its message answered on retry, or never applied)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from tests.conftest import copy_data_dir, prepared_data_dir
from tests.webserver import TUNEWISE, serving
from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.assistant import Assistant
from tunewise.core.settings import Settings

MESSAGES = [
    "We have 1,200 labelled support tickets.",
    "Prompting plateaued at about 65% on our eval set.",
    "Our data may go to OpenAI.",
    "We need answers in our brand voice.",
]


# a whole scenario: answered with advice, so the turn passes retrieval and the model
FULL = (
    "We have 1,200 labelled support tickets, prompting plateaued at 65% on our eval set, "
    "and the data may go to OpenAI."
)


def history(data: Path, thread: str) -> tuple[list, dict]:
    assistant = Assistant.of(App(Settings(data_dir=data)))
    state = assistant.graph.get_state({"configurable": {"thread_id": thread}})
    return list(state.values.get("messages", [])), dict(state.values.get("profile") or {})


def turns(messages: list) -> list[tuple[str, str]]:
    """(human text, final answer) per turn; fails on a human message with no answer."""
    out: list[tuple[str, str]] = []
    for m in messages:
        if isinstance(m, HumanMessage):
            out.append((str(m.content), ""))
        elif isinstance(m, AIMessage) and m.content and not m.tool_calls:
            assert out, "an answer before any question"
            out[-1] = (out[-1][0], m.text)
    unanswered = [h for h, a in out if not a]
    assert not unanswered, f"messages left without an answer: {unanswered}"
    return out


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the index built, made once; each test gets a copy."""
    return prepared_data_dir(tmp_path_factory, ["index"])


@pytest.fixture
def data(indexed: Path, cli_env: dict[str, str]) -> Path:
    return copy_data_dir(indexed, cli_env)


def test_four_concurrent_ask_processes_on_one_thread_are_all_answered(data, cli_env):
    procs = [
        subprocess.Popen(
            [TUNEWISE, "ask", "--thread", "shared", text],
            env=cli_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for text in MESSAGES
    ]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-1500:]
        assert out.strip()
    messages, profile = history(data, "shared")
    done = turns(messages)
    assert sorted(h for h, _ in done) == sorted(MESSAGES)  # each once, none lost
    assert profile.get("n_examples") == 1200
    assert profile.get("data_may_leave") is True
    assert profile.get("tried_prompting") == "plateaued"


def test_a_busy_thread_refuses_clearly_after_the_wait(data, cli_env):
    from tunewise.agent.runtime.turnlock import thread_turn

    with thread_turn(data, "held"):
        env = {**cli_env, "TUNEWISE_TURN_WAIT_S": "1"}
        r = subprocess.run(
            [TUNEWISE, "ask", "--thread", "held", "hello"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert r.returncode != 0
    assert "still running" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) <= 2
    assert history(data, "held")[0] == []  # nothing written


def test_quick_web_turns_on_one_thread_are_answered_in_order(tmp_path):
    from gradio_client import Client

    texts = MESSAGES[:3]
    with serving(tmp_path / "data") as url:
        client = Client(url, verbose=False)
        jobs = []
        for text in texts:  # one session: one thread; sent without waiting for answers
            jobs.append(client.submit(text, api_name="/ask"))
            time.sleep(0.05)
        outs = [job.result(timeout=600) for job in jobs]
        thread = client.session_hash
    messages, profile = history(tmp_path / "data", thread)
    done = turns(messages)
    assert sorted(h for h, _ in done) == sorted(texts)
    assert profile.get("n_examples") == 1200 and profile.get("tried_prompting") == "plateaued"
    assert all(o[0] for o in outs)


def kill_mid_turn(data: Path, thread: str, text: str, point: str, env: dict[str, str]) -> None:
    """Start a turn that pauses at `point` (tests/turn_child.py) and kill -9 it there."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.turn_child", str(data), thread, text, point],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert child.stdout.readline().strip() == "PAUSED", child.stderr.read()[-1500:]
    child.kill()
    child.wait()


def ask_cli(thread: str, text: str, env: dict[str, str]) -> None:
    r = subprocess.run(
        [TUNEWISE, "ask", "--thread", thread, text], env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr[-1500:]


@pytest.mark.parametrize("point", ["retrieve", "agent"])
def test_a_turn_killed_mid_run_is_answered_on_retry(point, data, cli_env):
    thread, text = f"killed-{point}", FULL
    kill_mid_turn(data, thread, text, point, cli_env)
    before, _ = history(data, thread)
    assert [m.content for m in before if isinstance(m, HumanMessage)] == [text]

    ask_cli(thread, text, cli_env)
    messages, profile = history(data, thread)
    assert [h for h, _ in turns(messages)] == [text]  # answered once, not duplicated
    assert profile.get("n_examples") == 1200

    ask_cli(thread, MESSAGES[1], cli_env)
    assert [h for h, _ in turns(history(data, thread)[0])] == [text, MESSAGES[1]]


def test_a_turn_killed_then_a_different_message_answers_both_in_order(data, cli_env):
    thread, first = "killed-other", FULL
    kill_mid_turn(data, thread, first, "agent", cli_env)
    ask_cli(thread, MESSAGES[2], cli_env)
    messages, profile = history(data, thread)
    assert [h for h, _ in turns(messages)] == [first, MESSAGES[2]]
    assert profile.get("n_examples") == 1200 and profile.get("data_may_leave") is True


def test_a_turn_killed_before_it_wrote_anything_is_not_applied(data, cli_env):
    child = subprocess.Popen(
        [TUNEWISE, "ask", "--thread", "early", "We have 1,200 tickets."],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.3)  # still importing: nothing of the turn exists yet
    child.kill()
    child.wait()
    assert history(data, "early")[0] == []
