"""Damaged stores: a garbled, truncated or emptied conversations, jobs or index file gets one
line naming the file and the repair command; one damaged store never takes down the others;
`tunewise repair` (and `index --force` for the index) starts fresh."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import copy_data_dir, prepared_data_dir
from tests.test_cli import run

ONE_LINE = "is damaged"


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [x for x in proc.stderr.splitlines() if x.startswith("tunewise") or "error" in x]
    assert len(lines) == 1, proc.stderr
    for n in (ONE_LINE, *needles):
        assert n in lines[0], lines[0]


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4000] = b"x" * len(data[100:4000])
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"garbage" * 50)


@pytest.fixture(scope="module")
def used_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with all three stores in use, made once; each test gets a copy."""
    return prepared_data_dir(
        tmp_path_factory,
        ["index"],
        ["ask", "--thread", "t1", "We have 1,000 examples."],
        ["train", "status"],
    )


@pytest.fixture
def data(used_data_dir: Path, cli_env: dict[str, str]) -> Path:
    return copy_data_dir(used_data_dir, cli_env)


@pytest.mark.parametrize("damage", [garble, truncate], ids=["garbled", "truncated"])
def test_damaged_conversations_leave_jobs_working(damage, data, cli_env):
    damage(data / "threads.sqlite")
    one_line_error(
        run(["ask", "--thread", "t1", "hello"], cli_env), "threads.sqlite", "repair threads"
    )
    assert run(["train", "status"], cli_env).returncode == 0  # jobs without chat
    fixed = run(["repair", "threads"], cli_env)
    assert fixed.returncode == 0 and "set aside" in fixed.stderr
    assert list(data.glob("threads.sqlite.damaged-*"))  # kept, not deleted
    assert run(["ask", "--thread", "t1", "hello"], cli_env).returncode == 0


def test_emptied_conversations_file_is_not_silently_fresh(data, cli_env):
    (data / "threads.sqlite").write_bytes(b"")
    one_line_error(run(["ask", "--thread", "t1", "hello"], cli_env), "emptied", "repair threads")


@pytest.mark.parametrize("damage", [garble, truncate], ids=["garbled", "truncated"])
def test_damaged_job_list_leaves_chat_working(damage, data, cli_env):
    damage(data / "jobs.sqlite")
    one_line_error(run(["train", "status"], cli_env), "jobs.sqlite", "repair jobs")
    chat = run(["ask", "what is LoRA?"], cli_env)
    assert chat.returncode == 0 and "LoRA" in chat.stdout  # chat without jobs
    status = run(["ask", "what is the status of my training jobs?"], cli_env)
    assert status.returncode == 0 and "repair jobs" in status.stdout
    assert run(["repair", "jobs"], cli_env).returncode == 0
    assert run(["train", "status"], cli_env).returncode == 0


def test_damaged_index_is_rebuilt_by_force_or_repair(data, cli_env):
    garble(data / "chroma" / "chroma.sqlite3")
    one_line_error(run(["search", "lora memory"], cli_env), "chroma.sqlite3", "repair index")
    assert run(["ask", "--thread", "t1", "hello"], cli_env).returncode != 0  # needs the index
    forced = run(["index", "--force"], cli_env)
    assert forced.returncode == 0, forced.stderr
    assert "set aside" in forced.stderr
    assert "LoRA" in run(["search", "lora memory", "-k", "1"], cli_env).stdout
    garble(data / "chroma" / "chroma.sqlite3")
    assert run(["repair", "index"], cli_env).returncode == 0
    assert "LoRA" in run(["search", "lora memory", "-k", "1"], cli_env).stdout
    assert run(["train", "status"], cli_env).returncode == 0
