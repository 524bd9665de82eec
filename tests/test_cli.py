"""The console script as a user runs it: separate processes, JSON contract, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TUNEWISE = [sys.executable, "-m", "tunewise.ui.cli"]
ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        TUNEWISE + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, code: int, needle: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("tunewise: error:")]
    assert len(errors) == 1 and needle in errors[0], proc.stderr
    assert proc.stdout == ""


def test_index_then_search_json(cli_env, tmp_path):
    first = run(["index", "--json"], cli_env)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["status"] == "built" and report["n_docs"] >= 14
    again = json.loads(run(["index", "--json"], cli_env).stdout)
    assert again["status"] == "up_to_date"

    proc = run(
        ["search", "when does OpenAI stop taking new fine-tuning jobs", "-k", "3", "--json"],
        cli_env,
    )
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)  # exactly one JSON document on stdout
    assert len(hits) == 3
    assert set(hits[0]) == {"doc", "section", "text", "score"}
    assert hits[0]["doc"] == "provider-lifecycle" and "2027-01-06" in hits[0]["text"]

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "faq.txt").write_text(
        "Our GPU budget is four L40S cards, booked through the platform team.\n"
    )
    (mine / "logo.md").write_bytes(b"\x00\xffbinary")
    added = run(["index", "--add", str(mine), "--json"], cli_env)
    assert added.returncode == 0, added.stderr
    assert "logo.md" in added.stderr and "binary" in added.stderr
    hits = json.loads(run(["search", "how many L40S cards", "-k", "1", "--json"], cli_env).stdout)
    assert hits[0]["doc"] == "mine/faq"


def test_search_without_index(cli_env):
    assert_one_line_error(run(["search", "lora", "--json"], cli_env), 1, "tunewise index")


def test_query_too_long(cli_env):
    run(["index"], cli_env)
    assert_one_line_error(run(["search", "q" * 10_000, "--json"], cli_env), 2, "10,000 characters")


def test_unreachable_chroma_server(cli_env):
    env = dict(cli_env, TUNEWISE_CHROMA_URL="http://127.0.0.1:9")
    assert_one_line_error(
        run(["search", "lora", "--json"], env), 1, "cannot reach the Chroma server"
    )


def test_add_missing_or_empty_folder(cli_env, tmp_path):
    assert_one_line_error(
        run(["index", "--add", str(tmp_path / "nope")], cli_env), 2, "is not a folder"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_line_error(run(["index", "--add", str(empty)], cli_env), 1, "no usable Markdown")
