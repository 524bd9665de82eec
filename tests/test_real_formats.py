"""The validator on training files people publish (tests/data/real_formats, sources and
licences in SOURCES.md): community formats detected and converted, no false warnings, safe
repairs, BOM and images by target, and a JSON report even when the file cannot be read."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

from tests.test_cli import run
from tunewise.tools.prices import load_catalogue
from tunewise.tools.validate import ValidateInput, validate_data

CAT = load_catalogue()
REAL = Path(__file__).parent / "data" / "real_formats"


def check(path: Path, **kw):
    return validate_data(ValidateInput(path=path, **kw), CAT)


def codes(report) -> set[str]:
    return set(report.stats.by_code)


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_rows(path: Path, items: list[dict], prefix: bytes = b"") -> Path:
    path.write_bytes(prefix + b"".join(json.dumps(r).encode() + b"\n" for r in items))
    return path


def test_sharegpt_is_detected_by_name_and_converted_with_its_tool_calls(tmp_path):
    fastchat = check(REAL / "fastchat_dummy_conversation.jsonl")
    assert fastchat.format == "sharegpt" and fastchat.ok
    assert fastchat.n_examples == 20 and "unknown_format" not in codes(fastchat)

    glaive = REAL / "llamafactory_glaive_toolcall_en_demo.jsonl"
    report = check(glaive)
    assert report.format == "sharegpt" and report.ok and report.n_examples == 12
    repeats = {w.line for w in report.warnings if w.code == "duplicate"}
    n_calls = sum(
        t["from"] == "function_call"
        for line, r in enumerate(rows(glaive), 1)
        if line not in repeats
        for t in r["conversations"]
    )
    assert n_calls > 0
    for to in ("openai_chat", "trl_messages"):
        out = tmp_path / f"{to}.jsonl"
        fixed = check(glaive, fix_out=out, fix_format=to).fix
        assert fixed.written == 12 - len(repeats) and fixed.not_convertible == 0
        converted = rows(out)
        calls = [c for r in converted for m in r["messages"] for c in m.get("tool_calls", [])]
        assert len(calls) == n_calls  # every function_call survives as a tool call
        args = calls[0]["function"]["arguments"]
        assert isinstance(args, str if to == "openai_chat" else dict)
        again = check(out, format=to)
        assert again.ok and again.n_examples == fixed.written, again.errors[:3]


def test_a_file_in_another_format_gets_one_message_with_the_command(tmp_path):
    alpaca = REAL / "llamafactory_alpaca_en_demo.jsonl"
    report = check(alpaca, format="openai_chat")
    file_level = [e for e in report.errors if e.code == "other_format"]
    assert len(file_level) == 1 and file_level[0].line == 0
    msg = file_level[0].message
    assert "--format alpaca" in msg and "--fix" in msg and "--to openai_chat" in msg
    assert not [e for e in report.errors if e.code == "mixed_format"]  # not one per line
    # the command it names works
    out = tmp_path / "alpaca.openai_chat.jsonl"
    fixed = check(alpaca, fix_out=out, fix_format="openai_chat").fix
    assert fixed.written == 20 and check(out, format="openai_chat").n_examples == 20
    # Alpaca is LLaMA-Factory's format; the label no longer calls it a TRL one
    assert "alpaca" == check(alpaca).format and "TRL needs" in _label("alpaca")


def _label(name: str) -> str:
    from tunewise.tools.validate.targets import TARGETS

    return TARGETS[name].label


def test_trl_tool_calling_data_is_trl_and_converts_to_openai(tmp_path):
    trl = REAL / "trl_toolcall.jsonl"
    report = check(trl)
    assert report.format == "trl_messages" and report.ok and not report.warnings[1:]
    as_openai = check(trl, format="openai_chat")
    hint = [e.message for e in as_openai.errors if e.code == "other_format"]
    assert hint and "--format trl_messages" in hint[0] and "--to openai_chat" in hint[0]
    out = tmp_path / "openai.jsonl"
    check(trl, fix_out=out, fix_format="openai_chat")
    converted = check(out, format="openai_chat")
    assert converted.n_examples == 8 and not [e for e in converted.errors if e.line], (
        converted.errors[:3]
    )


def test_no_warning_where_it_does_not_apply():
    # plain-text rows have no input: nothing can conflict (was 299 of 300 on c4_demo)
    for name in ("llamafactory_c4_demo.jsonl", "trl_zen_text.jsonl"):
        report = check(REAL / name)
        assert report.format == "trl_text" and "conflicting_output" not in codes(report), name
    # TRL's trainers read `tools` next to preference pairs and `label` on KTO rows
    pref = check(REAL / "trl_toolcall_preference.jsonl")
    kto = check(REAL / "trl_zen_unpaired_preference.jsonl")
    assert pref.format == "trl_preference" and kto.format == "trl_prompt_completion"
    assert "unknown_key" not in codes(pref) | codes(kto)
    # a regular expression and its example.com-style address are not personal data
    alpaca = check(REAL / "llamafactory_alpaca_en_demo.jsonl")
    assert not [w for w in alpaca.warnings if w.code == "pii" and w.line == 20]


def test_shared_tool_schema_never_makes_rows_near_duplicates(tmp_path):
    demo = REAL / "bedrock_distillation_demo.jsonl"
    report = check(demo)
    # prompts without replies are Bedrock's distillation input, not 60 errors
    assert report.format == "bedrock_distillation" and report.n_examples == 30
    assert "near_duplicate" not in codes(report)  # rows 17-19 share only their tool schema
    # control: two new prompts with row 17's schema and a long question that differs in
    # one word are still near-duplicates: the check can fail
    items = rows(demo)
    long_q = (
        "Which song has been played most often on WZPZ during the morning show this week, "
        "counting only the weekday broadcasts between six and ten, and who sings it?"
    )
    twins = []
    for q in (long_q, long_q.replace("most often", "most frequently")):
        twin = json.loads(json.dumps(items[16]))
        text = twin["messages"][0]["content"][0]["text"]
        head, tail = text.split("</usrequery>", 1)
        twin["messages"][0]["content"][0]["text"] = f"<userquery>{q}</usrequery>{tail}"
        twins.append(twin)
    again = check(write_rows(tmp_path / "twin.jsonl", items + twins))
    assert [w.line for w in again.warnings if w.code == "near_duplicate"] == [32]


def test_error_totals_count_past_the_listing_cap(tmp_path):
    path = write_rows(tmp_path / "odd.jsonl", [{"hello": i} for i in range(500)])
    report = check(path)
    assert report.stats.n_errors == 501 and len(report.errors) < 501  # 500 lines + too few


def test_fix_repairs_double_encoded_arguments_and_says_what_it_dropped(tmp_path):
    trl = REAL / "trl_toolcall.jsonl"
    openai = tmp_path / "openai.jsonl"
    check(trl, fix_out=openai, fix_format="openai_chat")
    items = rows(openai)
    for r in items[::2]:  # the mistake people make: json.dumps twice
        for m in r["messages"]:
            for c in m.get("tool_calls", []):
                c["function"]["arguments"] = json.dumps(c["function"]["arguments"])
    items.append({"messages": [{"role": "user", "content": "no reply"}]})
    broken = write_rows(tmp_path / "broken.jsonl", items)  # 8 rows, 4 double-encoded, 1 bad
    report = check(broken, format="openai_chat", fix_out=tmp_path / "clean.jsonl")
    assert report.stats.by_code["invalid_message"] == 4
    fix = report.fix
    assert fix.repaired == 4 and fix.dropped_by_code == {"no_assistant_message": 1}
    clean = check(tmp_path / "clean.jsonl", format="openai_chat")
    names = sorted(
        c["function"]["name"]
        for r in rows(tmp_path / "clean.jsonl")
        for m in r["messages"]
        for c in m.get("tool_calls", [])
    )
    assert names == sorted(
        c["function"]["name"]
        for r in rows(openai)
        for m in r["messages"]
        for c in m.get("tool_calls", [])
    )  # no tool lost its examples
    assert "invalid_message" not in codes(clean)


def test_byte_order_mark_is_an_error_where_aws_rejects_it(tmp_path):
    bom = b"\xef\xbb\xbf"
    demo = write_rows(tmp_path / "d.jsonl", rows(REAL / "bedrock_distillation_demo.jsonl"), bom)
    aws = check(demo)
    assert [e.line for e in aws.errors if e.code == "encoding"] == [1]
    fixed = check(demo, fix_out=tmp_path / "clean.jsonl").fix
    assert fixed.repaired == 1 and not (tmp_path / "clean.jsonl").read_bytes().startswith(bom)
    text = write_rows(tmp_path / "t.jsonl", rows(REAL / "trl_zen_text.jsonl"), bom)
    trl = check(text)
    assert trl.ok and [w.line for w in trl.warnings if w.code == "encoding"] == [1]


def _png(width: int, height: int) -> str:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_images_are_checked_against_the_model_and_costed(tmp_path):
    # LLaMA-Factory's multimodal demo: messages + images, trained locally (TRL-style)
    mllm = check(REAL / "llamafactory_mllm_demo.jsonl")
    assert mllm.format == "trl_messages" and "unknown_key" not in codes(mllm)
    n_images = sum(len(r["images"]) for r in rows(REAL / "llamafactory_mllm_demo.jsonl"))
    assert mllm.stats.images == n_images == mllm.stats.images_uncosted
    # OpenAI's vision fine-tuning row shape (its guide), 10 rows: one web image, one inline
    row = {
        "messages": [
            {"role": "system", "content": "You are an assistant that identifies artworks."},
            {"role": "user", "content": "Describe this artwork."},
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "https://example.org/a.jpg"}},
                    {"type": "image_url", "image_url": {"url": _png(1024, 2048)}},
                ],
            },
            {"role": "assistant", "content": "A landscape in oils."},
        ]
    }
    path = write_rows(tmp_path / "vision.jsonl", [row] * 10)
    mini = check(path)  # the default price model, gpt-4o-mini, does not train on images
    assert not mini.ok and mini.stats.by_code["unsupported_image"] == 10
    assert "gpt-4o-2024-08-06" in next(e.message for e in mini.errors if e.line == 1)
    text_only = check(write_rows(tmp_path / "t.jsonl", [_text(row)] * 10), model="gpt-4o")
    vision = check(path, model="gpt-4o")
    assert vision.ok and vision.stats.images == 20 and vision.stats.images_uncosted == 0
    # 765 tokens for the web image (1024 x 1024 assumed), 1,105 for the 1024 x 2048 PNG
    per_row = vision.stats.tokens.mean - text_only.stats.tokens.mean
    assert per_row == 765 + 1105 + 4  # + the image message's own 4 tokens
    assert not vision.stats.tokens_exact  # the web image's size is an assumption


def _text(row: dict) -> dict:
    return {"messages": [m for m in row["messages"] if isinstance(m["content"], str)]}


def test_trl_limit_is_trls_default_max_length(tmp_path):
    long = {"text": " ".join(["word"] * 1500)}
    report = check(write_rows(tmp_path / "long.jsonl", [long] * 3))
    [msg] = {w.message for w in report.warnings if w.code == "too_long"}
    assert "1,024" in msg


def test_json_report_even_when_the_file_cannot_be_read(cli_env, tmp_path):
    array = tmp_path / "data.json"
    array.write_text(json.dumps([{"text": "a"}, {"text": "b"}]))
    proc = run(["validate", str(array), "--json"], cli_env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is False and report["errors"][0]["code"] == "unreadable_file"
    assert "jq -c" in report["errors"][0]["message"]
