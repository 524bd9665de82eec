"""Synthetic data: the programmatic mode and SmolLM2 for real, hosted teachers through the
real openai/anthropic SDKs against a loopback server (malformed replies, a rate limit, a
budget), resumability, and bad input. Every generated file must pass `tunewise validate`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.loopback import LoopbackServer, completion
from tunewise.core.errors import InputFileError
from tunewise.core.settings import Settings
from tunewise.tools.prices import load_catalogue
from tunewise.tools.synth import SynthError, SynthInput, generate_synthetic_data
from tunewise.tools.synth.pipeline import sidecars

TASK = "Extract the customer's name, city and order number as JSON."
SEEDS = [
    ("Hi, this is Alice from Paris, my order 48213 never arrived.", "Alice", "Paris", 48213),
    ("Order 77120 was damaged. Regards, Bruno in Lagos", "Bruno", "Lagos", 77120),
    ("Chen here (Osaka). Where is order 90014?", "Chen", "Osaka", 90014),
]
CAT = load_catalogue()


def seed_file(tmp_path: Path) -> Path:
    rows = [
        {
            "messages": [
                {"role": "system", "content": TASK},
                {"role": "user", "content": text},
                {"role": "assistant", "content": json.dumps({"name": n, "city": c, "order": o})},
            ]
        }
        for text, n, c, o in SEEDS
    ]
    path = tmp_path / "seeds.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def validate_cli(path: Path, fmt: str = "openai_chat") -> subprocess.CompletedProcess:
    import sys

    exe = str(Path(sys.executable).with_name("tunewise"))
    return subprocess.run(
        [exe, "validate", str(path), "--format", fmt], capture_output=True, text=True, timeout=120
    )


def rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_template_mode_rows_are_consistent_provenanced_and_valid(tmp_path):
    out = tmp_path / "synthetic.jsonl"
    inp = SynthInput(task=TASK, seeds_file=seed_file(tmp_path), count=40, out=out, adversarial=0.1)
    report = generate_synthetic_data(inp, CAT)
    assert report.kept == 40 and report.validation_ok and report.stopped is None
    assert "not teacher quality" in report.quality_note
    data = rows(out)
    assert len({json.dumps(r) for r in data}) == 40
    seeds_text = {s[0] for s in SEEDS}
    normal = 0
    for r in data:
        user, answer = r["messages"][1]["content"], r["messages"][2]["content"]
        assert user not in seeds_text
        if answer.startswith("{"):  # slot values were swapped on both sides together
            normal += 1
            fields = json.loads(answer)
            assert fields["name"] in user and fields["city"] in user
            assert str(fields["order"]) in user
        else:
            assert answer.startswith("I can only help with this task")
    assert 25 <= normal < 40
    prov = rows(sidecars(out)[0])
    assert len(prov) == 40 and {p["teacher"] for p in prov} == {"template"}
    assert all(p["prompt_version"] and "created" in p and "scores" in p for p in prov)
    assert {p["kind"] for p in prov} == {"normal", "adversarial"}
    assert validate_cli(out).returncode == 0


def test_rerun_continues_the_file_without_duplicates(tmp_path):
    out = tmp_path / "s.jsonl"
    base = {"task": TASK, "seeds_file": seed_file(tmp_path), "out": out}
    first = generate_synthetic_data(SynthInput(**base, count=20), CAT)
    assert first.kept == 20
    with open(out, "a", encoding="utf-8") as f:
        f.write('{"messages": [{"role": "user", "content": "cut off')  # an interrupted write
    second = generate_synthetic_data(SynthInput(**base, count=35), CAT)
    assert second.kept_before == 20 and second.kept == 35
    data = rows(out)
    assert len(data) == 35 and len({json.dumps(r) for r in data}) == 35
    assert data[:20] == rows(out)[:20]
    assert validate_cli(out).returncode == 0


def test_smollm2_teacher_generates_for_real(tmp_path):
    out = tmp_path / "smol.jsonl"
    inp = SynthInput(
        task=TASK,
        seeds_file=seed_file(tmp_path),
        count=2,
        out=out,
        teacher="smollm2",
        concurrency=1,
        min_chars=2,
    )
    report = generate_synthetic_data(inp, CAT)
    assert report.teacher == "smollm2" and "far below teacher quality" in report.quality_note
    assert report.kept == 2
    for r in rows(out):
        assert r["messages"][-1]["role"] == "assistant" and r["messages"][-1]["content"].strip()
    assert report.spent_usd == 0.0


def _openai_script(state: dict):
    """Scripted teacher: a 429 first, then a non-JSON list, an empty answer, a malformed
    row, duplicates; judge scores alternate. Which reply is malformed depends on the input,
    not on call order, so the threads' timing cannot change what the filters see."""

    def script(body: dict):
        state["calls"] += 1
        if state["calls"] == 1:
            return 429, {"error": {"message": "rate limited", "type": "rate_limit_error"}}
        user = body["messages"][-1]["content"]
        if "Rate the response" in user:
            if "sk-proj-" in user:  # the leaked row always passes the judge: the validator drops it
                return completion({"content": '{"score": 9}'})
            state["judged"] += 1
            return completion({"content": '{"score": 9}' if state["judged"] % 4 else "nine"})
        if "JSON array" in user:
            state["lists"] += 1
            if state["lists"] == 1:
                return completion({"content": "Sure! Here are some ideas: order issues..."})
            base = (state["lists"] // 2) * 10  # lists 2 and 3 repeat: duplicates
            items = [
                f"Message {base + i}: Dana from Rome asks about order {base + i}" for i in range(5)
            ]
            return completion({"content": "```json\n" + json.dumps(items + items[:1]) + "\n```"})
        state["answers"] += 1
        if state["answers"] % 7 == 0:
            return completion({"content": "   "})
        number = user.split("order ")[-1].split()[0] if "order " in user else "0"
        if number.endswith("3"):  # a row the validator must reject (a leaked secret)
            leak = "sk-proj-" + "A1b2C3d4" * 6
            return completion({"content": f"Use key {leak} to look up order {number}"})
        return completion(
            {"content": json.dumps({"name": "Dana", "city": "Rome", "order": number})}
        )

    return script


OPENAI_ENV = {"OPENAI_API_KEY": "sk-test-not-a-real-key", "OPENAI_BASE_URL": "{url}"}


def run_hosted(tmp_path, monkeypatch, script, teacher, env, settings=None, **kw):  # noqa: ANN001, ANN201
    """The generator against a loopback server speaking the teacher's API. Values in `env`
    and `settings` may use {url} (with /v1) and {base} (without)."""
    out = tmp_path / "hosted.jsonl"
    heard: list[tuple[float, int]] = []  # (estimate, requests made by then)
    with LoopbackServer(script) as server:
        fill = {"url": server.url, "base": server.url.removesuffix("/v1")}
        for key, value in env.items():
            monkeypatch.setenv(key, value.format(**fill))
        extra = {k: v.format(**fill) for k, v in (settings or {}).items()}
        inp = SynthInput(task=TASK, seeds_file=seed_file(tmp_path), out=out, teacher=teacher, **kw)
        report = generate_synthetic_data(
            inp,
            CAT,
            Settings(data_dir=tmp_path, **extra),
            on_estimate=lambda usd: heard.append((usd, len(server.requests))),
        )
    return report, server, out, heard


def test_hosted_openai_teacher_filters_malformed_output_and_retries(tmp_path, monkeypatch):
    state = {"calls": 0, "lists": 0, "answers": 0, "judged": 0}
    report, _, out, _ = run_hosted(
        tmp_path,
        monkeypatch,
        _openai_script(state),
        "openai:gpt-4o-mini",
        OPENAI_ENV,
        count=12,
        judge=True,
        similarity=0.95,
        concurrency=3,
    )
    assert report.kept == 12 and report.validation_ok
    assert report.dropped["teacher_non_json"] == 1
    assert report.dropped["empty_output"] >= 1
    assert report.dropped["judge_unparseable"] >= 1
    assert report.dropped.get("duplicate", 0) + report.dropped.get("near_duplicate", 0) >= 1
    assert any(k.startswith("invalid_") for k in report.dropped), report.dropped
    assert report.estimated_cost_usd and report.estimated_cost_usd > 0
    assert 0 < report.spent_usd < 0.01
    assert state["calls"] > 1  # the 429 was retried, not fatal
    prov = rows(sidecars(out)[0])
    assert {p["teacher"] for p in prov} == {"openai:gpt-4o-mini"}
    assert all(p["scores"]["judge"] == 9 for p in prov)
    assert validate_cli(out).returncode == 0
    assert all("sk-test" not in json.dumps(p) for p in prov)


def test_budget_cap_stops_the_run_and_keeps_rows(tmp_path, monkeypatch):
    state = {"calls": 1, "lists": 1, "answers": 0, "judged": 0}  # no 429, no bad list
    report, _, out, heard = run_hosted(
        tmp_path,
        monkeypatch,
        _openai_script(state),
        "openai:gpt-4o-mini",
        OPENAI_ENV,
        count=500,
        budget_usd=0.002,
        concurrency=2,
        similarity=0.99,
    )
    assert heard and heard[0][0] > 0.002 and heard[0][1] == 0  # estimate before any call
    assert report.stopped and "budget" in report.stopped
    assert 0 < report.kept < 500 and len(rows(out)) == report.kept
    assert report.spent_usd <= 0.002


def _fresh_orders(reply):  # noqa: ANN001, ANN202 - reply(text) -> provider response
    """A scripted teacher: each list call gives five new orders; answers extract them."""
    calls = []

    def script(text: str) -> dict:
        if "JSON array" in text:
            calls.append(1)
            start = 50000 + 10 * len(calls)
            return reply(
                json.dumps([f"Eve in Oslo: where is order {n}?" for n in range(start, start + 5)])
            )
        number = text.split("order ")[-1].split("?")[0]
        return reply(json.dumps({"name": "Eve", "city": "Oslo", "order": number}))

    return script


def test_hosted_anthropic_teacher(tmp_path, monkeypatch):
    from tests.test_provider_anthropic import message

    answer = _fresh_orders(lambda t: message([{"type": "text", "text": t}], "end_turn"))

    def script(body: dict) -> dict:
        user = body["messages"][-1]["content"]
        return answer(user if isinstance(user, str) else " ".join(b.get("text", "") for b in user))

    env = {"ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": "{base}"}
    report, server, _, _ = run_hosted(
        tmp_path, monkeypatch, script, "anthropic:claude-haiku-4-5", env, count=10, similarity=0.99
    )
    assert report.kept == 10 and report.validation_ok and report.spent_usd > 0
    assert all(r["path"].endswith("/v1/messages") for r in server.requests)


def test_openai_compatible_teacher_is_free_and_uses_the_base_url(tmp_path, monkeypatch):
    answer = _fresh_orders(lambda t: completion({"content": t}))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    report, server, _, heard = run_hosted(
        tmp_path,
        monkeypatch,
        lambda body: answer(body["messages"][-1]["content"]),
        "openai-compatible:llama-3.1-8b",
        {},
        settings={"llm_base_url": "{url}"},
        count=10,
        similarity=0.99,
        budget_usd=0.01,
    )
    assert report.kept == 10 and report.spent_usd == 0.0 and heard[0][0] == 0.0
    assert {r["body"]["model"] for r in server.requests} == {"llama-3.1-8b"}


def test_bedrock_teacher_through_converse(tmp_path, monkeypatch):
    def reply(text: str) -> dict:
        return {
            "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
            "stopReason": "end_turn",
            "usage": {"inputTokens": 40, "outputTokens": 20, "totalTokens": 60},
            "metrics": {"latencyMs": 1},
        }

    answer = _fresh_orders(reply)
    env = {
        "AWS_ACCESS_KEY_ID": "AKIATESTTESTTESTTEST",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "{base}",
    }
    report, server, _, _ = run_hosted(
        tmp_path,
        monkeypatch,
        lambda body: answer(body["messages"][-1]["content"][0]["text"]),
        "bedrock:anthropic.claude-3-haiku-20240307-v1:0",
        env,
        count=10,
        similarity=0.99,
    )
    assert report.kept == 10 and report.validation_ok and report.spent_usd > 0
    assert all(r["path"].endswith("/converse") for r in server.requests)
    assert "AWS4-HMAC-SHA256" in server.requests[-1]["auth"]


def test_teacher_returning_nothing_usable_stops_with_rows_kept(tmp_path, monkeypatch):
    report, _, _, _ = run_hosted(
        tmp_path,
        monkeypatch,
        lambda body: completion({"content": "no json here"}),
        "openai:gpt-4o-mini",
        OPENAI_ENV,
        count=5,
    )
    assert report.kept == 0 and "no new rows" in report.stopped
    assert report.dropped["teacher_non_json"] >= 5


def test_bad_input_is_refused_clearly_and_keeps_what_exists(tmp_path):
    seeds = seed_file(tmp_path)
    with pytest.raises(SynthError, match="no seed examples"):
        generate_synthetic_data(SynthInput(task=TASK, count=5, out=tmp_path / "a.jsonl"), CAT)
    with pytest.raises(SynthError, match="alpaca"):
        generate_synthetic_data(
            SynthInput(
                task=TASK, seeds_file=seeds, count=5, out=tmp_path / "a.jsonl", format="alpaca"
            ),
            CAT,
        )
    with pytest.raises(InputFileError, match="not found"):
        generate_synthetic_data(
            SynthInput(
                task=TASK, seeds_file=tmp_path / "nope.jsonl", count=5, out=tmp_path / "a.jsonl"
            ),
            CAT,
        )
    for bad in ({"count": 0}, {"count": 10_000_000}, {"count": 5, "budget_usd": 0}):
        with pytest.raises(ValidationError):
            SynthInput(task=TASK, seeds_file=seeds, out=tmp_path / "a.jsonl", **bad)
    foreign = tmp_path / "mine.jsonl"
    foreign.write_text('{"messages": []}\n')
    with pytest.raises(SynthError, match="not made by this synth job"):
        generate_synthetic_data(SynthInput(task=TASK, seeds_file=seeds, count=5, out=foreign), CAT)
    assert foreign.read_text() == '{"messages": []}\n'
    with pytest.raises(SynthError, match="seeds file"):
        generate_synthetic_data(SynthInput(task=TASK, seeds_file=seeds, count=5, out=seeds), CAT)
    with pytest.raises(SynthError, match="needs a model teacher"):
        generate_synthetic_data(
            SynthInput(task=TASK, seeds_file=seeds, count=5, out=tmp_path / "j.jsonl", judge=True),
            CAT,
        )


def test_cli_synth_and_its_errors(tmp_path, cli_env):
    import sys

    exe = str(Path(sys.executable).with_name("tunewise"))
    seeds, out = seed_file(tmp_path), tmp_path / "cli.jsonl"
    base = [exe, "synth", "--task", TASK, "--seeds", str(seeds), "--out", str(out)]
    ok = subprocess.run(
        [*base, "--count", "15", "--json"], env=cli_env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["kept"] == 15
    for extra, words in (
        (["--count", "0"], "at least 1"),
        (["--count", "10000000"], "at most 100,000"),
        (["--count", "5", "--budget", "0", "--teacher", "openai:gpt-4o-mini"], "--budget"),
        (["--count", "5", "--teacher", "openai:gpt-4o-mini"], "OPENAI_API_KEY"),
    ):
        env = {k: v for k, v in cli_env.items() if k != "OPENAI_API_KEY"}
        r = subprocess.run([*base, *extra], env=env, capture_output=True, text=True)
        assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len(rows(out)) == 15  # nothing written by the refused runs was lost
