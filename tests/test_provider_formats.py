"""Formats as the providers define them, on small fixtures shaped like each provider's own
published examples (written here, not copied): OpenAI chat with tools, weights and parallel
tool calls; OpenAI DPO; Bedrock Claude 3 Haiku; Bedrock Nova (any schemaVersion, tools,
reasoning, reserved words, row limits); Bedrock Llama (row limit); TRL messages with its
tool-call shape; TRL prompt/completion, preference and text; Alpaca. Plus the file-level
errors (JSON array, binary) and the noise checks (card and phone context, near-duplicates
measured on the varying part)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_validate import write
from tunewise.core.errors import InputFileError
from tunewise.tools.prices import load_catalogue
from tunewise.tools.validate import ValidateInput, validate_data

CAT = load_catalogue()
TOPICS = ["billing", "login", "export", "search", "printing", "sync", "upload", "alerts"]


def check(path: Path, fmt: str = "auto"):
    return validate_data(ValidateInput(path=path, format=fmt), CAT)


def codes(report) -> list[tuple[int, str]]:
    return [(i.line, i.code) for i in report.errors]


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city, in Celsius or Fahrenheit. " * 6,
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "the city name"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
        },
    },
}


def openai_tool_row(i: int, args: str | None = None) -> dict:
    city = ["Paris", "Lima", "Oslo", "Cairo", "Perth", "Quito", "Dakar", "Hanoi"][i % 8]
    return {
        "messages": [
            {"role": "user", "content": f"Weather in {city} and Rome, question {i}?"},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": f"call_{i}a",
                        "type": "function",
                        "function": {
                            "name": "get_weather",
                            "arguments": args or json.dumps({"city": city}),
                        },
                    },
                    {
                        "id": f"call_{i}b",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city": "Rome"}'},
                    },
                ],
            },
            {"role": "tool", "tool_call_id": f"call_{i}a", "content": f"{10 + i} C, clear"},
            {"role": "tool", "tool_call_id": f"call_{i}b", "content": "21 C, cloudy"},
            {
                "role": "assistant",
                "content": f"{city}: {10 + i} C and clear; Rome: 21 C.",
                "weight": 1,
            },
        ],
        "tools": [WEATHER_TOOL],
        "parallel_tool_calls": True,
    }


def test_openai_tools_weights_parallel_calls_and_tool_tokens(tmp_path):
    rows = [openai_tool_row(i) for i in range(12)]
    r = check(write(tmp_path / "tools.jsonl", rows))
    assert r.ok and r.format == "openai_chat" and r.n_examples == 12, r.errors[:3]
    bare = [dict(row) for row in rows]
    for row in bare:
        row.pop("tools")
    without = check(write(tmp_path / "bare.jsonl", bare))
    # the tool definitions are sent with every example: they count toward tokens and cost
    tools_tokens = r.stats.tokens.mean - without.stats.tokens.mean
    assert tools_tokens > 60, (r.stats.tokens.mean, without.stats.tokens.mean)
    assert r.estimate.billing_tokens > without.estimate.billing_tokens
    # rows that share the tools block but differ elsewhere are not near-duplicates
    assert "near_duplicate" not in {w.code for w in r.warnings}


def test_double_encoded_and_invalid_tool_arguments_are_errors_at_their_line(tmp_path):
    rows = [openai_tool_row(i) for i in range(12)]
    rows[3] = openai_tool_row(3, args=json.dumps(json.dumps({"city": "Lima"})))
    rows[7] = openai_tool_row(7, args="{city: Oslo")
    r = check(write(tmp_path / "bad.jsonl", rows))
    assert (4, "invalid_message") in codes(r) and (8, "invalid_message") in codes(r)
    msgs = {i.line: i.message for i in r.errors}
    assert "JSON-encoded twice" in msgs[4] and "not valid JSON" in msgs[8]


def test_openai_dpo(tmp_path):
    rows = [
        {
            "input": {"messages": [{"role": "user", "content": f"Name a {t} tip."}]},
            "preferred_output": [{"role": "assistant", "content": f"Check the {t} settings."}],
            "non_preferred_output": [{"role": "assistant", "content": "No idea."}],
        }
        for t in TOPICS * 2
    ]
    r = check(write(tmp_path / "dpo.jsonl", rows))
    assert r.ok and r.format == "openai_dpo" and r.n_examples == 16


def haiku_row(i: int) -> dict:
    return {
        "system": "You answer support questions in two sentences.",
        "messages": [
            {"role": "user", "content": f"How do I fix {TOPICS[i % 8]} problem {i}?"},
            {"role": "assistant", "content": f"Open settings, then {TOPICS[i % 8]}. Retry {i}."},
        ],
    }


def test_bedrock_haiku_and_its_strict_keys(tmp_path):
    rows = [haiku_row(i) for i in range(12)]
    assert check(write(tmp_path / "h.jsonl", rows)).format == "bedrock_haiku"
    rows[2] = {**rows[2], "metadata": {"source": "crm"}}
    r = check(write(tmp_path / "h2.jsonl", rows))
    assert (3, "unknown_key") in codes(r)


def nova_row(i: int, version: str = "bedrock-conversation-2024", text: str | None = None) -> dict:
    return {
        "schemaVersion": version,
        "system": [{"text": "You are a concise travel assistant."}],
        "messages": [
            {"role": "user", "content": [{"text": text or f"Best month to visit place {i}?"}]},
            {
                "role": "assistant",
                "content": [
                    {"reasoningContent": {"reasoningText": {"text": f"Place {i}: dry season."}}},
                    {"text": f"Visit place {i} in month {i % 12 + 1}."},
                ],
            },
        ],
    }


def nova_tool_row(i: int) -> dict:
    return {
        "schemaVersion": "bedrock-conversation-2024",
        "toolConfig": {
            "tools": [
                {
                    "toolSpec": {
                        "name": "lookup_order",
                        "description": "Look up an order by its id. " * 20,
                        "inputSchema": {
                            "json": {"type": "object", "properties": {"id": {"type": "string"}}}
                        },
                    }
                }
            ]
        },
        "messages": [
            {"role": "user", "content": [{"text": f"Where is order A-{i}?"}]},
            {
                "role": "assistant",
                "content": [
                    {
                        "toolUse": {
                            "toolUseId": f"t{i}",
                            "name": "lookup_order",
                            "input": {"id": f"A-{i}"},
                        }
                    }
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "toolResult": {
                            "toolUseId": f"t{i}",
                            "content": [{"text": f"shipped day {i}"}],
                        }
                    }
                ],
            },
            {"role": "assistant", "content": [{"text": f"Order A-{i} shipped on day {i}."}]},
        ],
    }


def test_nova_any_schema_version_tools_reasoning_and_reserved_words(tmp_path):
    rows = [
        nova_row(i, version=["bedrock-conversation-2024", "my-own-v7"][i % 2]) for i in range(10)
    ]
    r = check(write(tmp_path / "nova.jsonl", rows), "bedrock_nova")
    assert r.ok and r.n_examples == 10, r.errors[:3]
    tools = check(
        write(tmp_path / "nova_tools.jsonl", [nova_tool_row(i) for i in range(10)]), "bedrock_nova"
    )
    assert tools.ok, tools.errors[:3]
    assert "near_duplicate" not in {w.code for w in tools.warnings}  # shared toolConfig
    assert tools.stats.tokens.mean > 150  # the tool definitions are counted
    rows[4] = nova_row(4, text="User: what about July? Assistant: warm.")
    bad = check(write(tmp_path / "nova_bad.jsonl", rows), "bedrock_nova")
    assert (5, "invalid_message") in codes(bad)
    assert "reserves" in next(i.message for i in bad.errors if i.line == 5)


def test_nova_and_llama_row_limits(tmp_path):
    few = check(write(tmp_path / "few.jsonl", [nova_row(i) for i in range(5)]), "bedrock_nova")
    assert "too_few_examples" in {i.code for i in few.errors}
    rows = [
        {"prompt": f"Q{i}: capital of place {i}?", "completion": f"City {i}."}
        for i in range(10_001)
    ]
    many = check(write(tmp_path / "llama.jsonl", rows), "bedrock_llama")
    err = [i for i in many.errors if i.code == "too_many_examples"]
    assert err and "10,000" in err[0].message


def test_trl_tool_call_shape_and_developer_role(tmp_path):
    """TRL's documented tool-calling example: arguments as an object, the tool's reply named
    by the tool (no call id), and a developer turn."""
    rows = [
        {
            "messages": [
                {"role": "developer", "content": "Use the tools when asked about weather."},
                {"role": "user", "content": f"Weather in town {i}?"},
                {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": {"city": f"town {i}"}},
                        }
                    ],
                },
                {"role": "tool", "name": "get_weather", "content": f"{i} degrees"},
                {"role": "assistant", "content": f"It is {i} degrees in town {i}."},
            ],
            "tools": [WEATHER_TOOL],
        }
        for i in range(12)
    ]
    r = check(write(tmp_path / "trl.jsonl", rows), "trl_messages")
    assert r.ok, r.errors[:3]
    # the same rows are not valid for OpenAI, whose arguments must be a JSON string
    assert not check(tmp_path / "trl.jsonl", "openai_chat").ok


def test_trl_preference_text_and_alpaca_are_known_formats(tmp_path):
    standard = [
        {"prompt": f"Tip {i} for {t}?", "chosen": f"Check {t} {i}.", "rejected": "Dunno."}
        for i, t in enumerate(TOPICS)
    ]
    conversational = [
        {
            "prompt": [{"role": "user", "content": f"Tip for {t}?"}],
            "chosen": [{"role": "assistant", "content": f"Restart {t}."}],
            "rejected": [{"role": "assistant", "content": "Ask someone."}],
        }
        for t in TOPICS
    ]
    text = [
        {"text": f"The {t} module handles {t} events in order {i}."} for i, t in enumerate(TOPICS)
    ]
    alpaca = [
        {"instruction": f"Explain {t}.", "input": "", "output": f"{t} means {t}."} for t in TOPICS
    ]
    for rows, fmt in (
        (standard, "trl_preference"),
        (conversational, "trl_preference"),
        (text, "trl_text"),
        (alpaca, "alpaca"),
    ):
        r = check(write(tmp_path / f"{fmt}.jsonl", rows))
        assert r.format == fmt and r.n_examples == 8, (fmt, r.errors[:2])
        assert not [e for e in r.errors if e.code != "too_few_examples"], r.errors[:2]
    same = [{"prompt": "Q?", "chosen": "A.", "rejected": "A."}] * 2
    r = check(write(tmp_path / "same.jsonl", same), "trl_preference")
    assert (1, "invalid_message") in codes(r)


def test_json_array_and_binary_files_get_one_file_level_error(tmp_path):
    arr = tmp_path / "rows.jsonl"
    arr.write_text(json.dumps([haiku_row(i) for i in range(3)], indent=2))
    with pytest.raises(InputFileError, match="JSON array, not JSON Lines.*jq -c"):
        check(arr)
    png = tmp_path / "photo.jsonl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(InputFileError, match="not a text file.*PNG"):
        check(png)


def test_card_numbers_need_context_and_phones_need_a_phone_shape(tmp_path):
    """Sums of large integers in a DPO-style set pass the card checksum 1 time in 10: a
    warning, the rows kept. A card word or card grouping makes it an error. Physical constants,
    year ranges and calorie ranges are not phone numbers."""
    rows = []
    for i in range(20):
        a, b = 4111111111111111 - 11 * i, 1000 * i
        rows.append(
            {
                "input": {"messages": [{"role": "user", "content": f"What is {a} + {b}?"}]},
                "preferred_output": [{"role": "assistant", "content": f"{a + b}"}],
                "non_preferred_output": [{"role": "assistant", "content": f"{a + b + 1}"}],
            }
        )
    r = check(write(tmp_path / "sums.jsonl", rows))
    assert not [e for e in r.errors if e.code == "pii"] and r.n_examples == 20
    carded = [haiku_row(i) for i in range(10)]
    carded[6]["messages"][0]["content"] = "Charge my card 4539 1488 0343 6467 please."
    r = check(write(tmp_path / "card.jsonl", carded))
    assert (7, "pii") in codes(r)
    noise = [haiku_row(i) for i in range(10)]
    for k, text in enumerate(
        [
            "c is 299 792 458 m/s and G is 6.674 30 x 10^-11.",
            "He reigned 1509-1547 and lived 1491-1547.",
            "A meal has 1500-2000 calories, a snack 200-300.",
        ]
    ):
        noise[k]["messages"][1]["content"] = text
    r = check(write(tmp_path / "noise.jsonl", noise))
    assert "pii" not in {w.code for w in r.warnings}, r.warnings
    noise[5]["messages"][1]["content"] = "Call our hotline at 555-201-7788."
    r = check(write(tmp_path / "phone.jsonl", noise))
    assert [w.line for w in r.warnings if w.code == "pii"] == [6]
