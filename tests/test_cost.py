"""Cost estimator and price catalogue: the knowledge base's scenario, fine-tuned and
self-hosted options, user price files, and the LoRA memory pre-flight."""

from __future__ import annotations

import importlib.metadata
import json

import pytest
import yaml

from tests.test_cli import assert_one_line_error, run
from tunewise.core.errors import CatalogueError, ToolError, UnknownModelError
from tunewise.tools.cost import EstimateInput, default_epochs, estimate_cost
from tunewise.tools.lora_plan import LoraPlanInput, plan_lora
from tunewise.tools.prices import load_catalogue

SCENARIO = dict(queries_per_day=100_000, prompt_tokens=2000, completion_tokens=500)


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_knowledge_base_scenario_gpt4_turbo(cat):
    r = estimate_cost(EstimateInput(**SCENARIO, model="gpt-4-turbo"), cat)
    o = r.options[0]
    assert o.per_query_cost == pytest.approx(0.035)
    assert o.daily_cost == pytest.approx(3500.0)
    assert o.monthly_cost == pytest.approx(105_000.0)
    assert (o.input_per_mtok, o.output_per_mtok) == (pytest.approx(10.0), pytest.approx(30.0))
    assert o.daily_low < o.daily_cost == o.daily_high
    assert "genai-prices" in o.source and o.as_of


def test_a_compared_model_that_is_the_baseline_is_listed_once(cat):
    r = estimate_cost(
        EstimateInput(
            queries_per_day=12_000,
            prompt_tokens=700,
            completion_tokens=150,
            model="gpt-4o-mini",
            compare=["gpt-4o-mini", "ft:gpt-4o-mini", "gpt-4o-mini"],
        ),
        cat,
    )
    assert [o.model for o in r.options] == ["gpt-4o-mini", "ft:gpt-4o-mini"]


def test_fine_tuned_option_with_training_and_break_even(cat):
    inp = EstimateInput(
        **SCENARIO,
        model="gpt-4-turbo",
        compare=["ft:gpt-3.5-turbo"],
        ft_prompt_tokens=500,
        ft_completion_tokens=400,
        train_examples=1000,
        train_tokens_per_example=900,
    )
    base, ft = estimate_cost(inp, cat).options
    assert ft.daily_cost == pytest.approx(390.0)  # 500 x $3/1M + 400 x $6/1M a query
    assert ft.training.epochs == 3 and ft.training.trained_tokens == 2_700_000
    assert ft.one_off_cost == pytest.approx(21.6)  # 2.7M x $8/1M
    assert ft.break_even_days == pytest.approx(21.6 / (3500 - 390), abs=0.01)
    assert any("training" in a for a in ft.assumptions)


def test_series_is_cumulative_and_starts_at_the_one_off_cost(cat):
    inp = EstimateInput(**SCENARIO, model="gpt-4o-mini", compare=["ft:gpt-4o-mini"], days=30)
    r = estimate_cost(inp, cat)
    for opt, s in zip(r.options, r.series, strict=True):
        assert len(s.cumulative) == 31
        assert s.cumulative[0] == pytest.approx(opt.one_off_cost, abs=0.01)
        assert s.cumulative[-1] == pytest.approx(opt.one_off_cost + 30 * opt.daily_cost, abs=0.05)


def test_self_hosted_and_bedrock_custom_have_fixed_daily_costs(cat):
    small = EstimateInput(
        queries_per_day=10,
        prompt_tokens=500,
        completion_tokens=200,
        model="gpt-4o-mini",
        compare=["self-hosted:A100-80GB", "ft:anthropic.claude-3-haiku-20240307-v1:0"],
    )
    big = small.model_copy(update={"queries_per_day": 10_000})
    for a, b in zip(
        estimate_cost(small, cat).options[1:], estimate_cost(big, cat).options[1:], strict=True
    ):
        assert a.daily_cost == pytest.approx(b.daily_cost)  # always-on capacity
        assert a.daily_low <= a.daily_cost <= a.daily_high
        assert a.per_query_cost > b.per_query_cost
    bedrock = estimate_cost(small, cat).options[2]
    assert bedrock.kind == "bedrock_custom" and not bedrock.verified


def test_epoch_heuristic():
    assert default_epochs(5) == 20
    assert default_epochs(10) == 10
    assert default_epochs(100) == 3
    assert default_epochs(20_000) == 1


def test_unknown_model_suggests_close_ids(cat):
    with pytest.raises(UnknownModelError, match="gpt-4-turbo"):
        estimate_cost(EstimateInput(**SCENARIO, model="gpt-4-trbo"), cat)
    with pytest.raises(ToolError):
        estimate_cost(EstimateInput(**SCENARIO, model="gpt-4o", compare=["ft:my-own"]), cat)


def test_user_price_file_overrides_and_extends(tmp_path):
    f = tmp_path / "prices.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "inference": [
                    {
                        "id": "acme-llm",
                        "input_per_mtok": 1.0,
                        "output_per_mtok": 2.0,
                        "as_of": "2026-11",
                        "source": "our contract",
                    }
                ],
                "fine_tuning": [
                    {
                        "id": "gpt-4o-mini-2024-07-18",
                        "aliases": ["gpt-4o-mini"],
                        "provider": "openai",
                        "training_per_mtok": 1.0,
                        "inference": {"input_per_mtok": 0.1, "output_per_mtok": 0.2},
                        "as_of": "2026-11",
                        "source": "negotiated",
                    }
                ],
            }
        )
    )
    cat = load_catalogue(f)
    r = estimate_cost(EstimateInput(**SCENARIO, model="acme-llm", compare=["ft:gpt-4o-mini"]), cat)
    assert r.options[0].daily_cost == pytest.approx(100_000 * (2000 * 1 + 500 * 2) / 1e6)
    assert r.options[1].input_per_mtok == 0.1 and r.options[1].source == "negotiated"
    bad = tmp_path / "bad.yaml"
    bad.write_text("fine_tuning:\n  - id: x\n")
    with pytest.raises(CatalogueError, match="fine_tuning"):
        load_catalogue(bad)


def test_catalogue_is_dated_and_pinned_library_matches(cat):
    for e in [*cat.data.fine_tuning, *cat.data.gpus]:
        assert e.as_of and e.source
    assert cat.data.api_library.version == importlib.metadata.version("genai-prices")


@pytest.mark.parametrize(
    ("model", "bits", "low", "high"),
    [("llama-2-7b", 16, 13.5, 18.0), ("mistral-7b", 4, 4.5, 7.0), ("qwen2.5-14b", 4, 8.5, 12.5)],
)
def test_lora_memory_matches_known_points(cat, model, bits, low, high):
    plan = plan_lora(LoraPlanInput(model=model, bits=bits, train_tokens=1_000_000), cat)
    assert low <= plan.memory.total_gb <= high
    assert plan.recommended_gpu and plan.hours and plan.hours > 0


def test_lora_memory_moves_with_its_inputs(cat):
    base = LoraPlanInput(model="llama-3.1-8b", seq_len=2048, micro_batch=4)
    p = plan_lora(base, cat).memory
    more_rank = plan_lora(
        base.model_copy(
            update={
                "rank": 256,
                "target_modules": [
                    "q_proj",
                    "k_proj",
                    "v_proj",
                    "o_proj",
                    "gate_proj",
                    "up_proj",
                    "down_proj",
                ],
            }
        ),
        cat,
    )
    no_ckpt = plan_lora(base.model_copy(update={"gradient_checkpointing": False}), cat)
    assert more_rank.memory.lora_gb > p.lora_gb
    assert no_ckpt.memory.activations_gb > 5 * p.activations_gb
    fits = {g.gpu: g.fits for g in plan_lora(base, cat).gpus}
    assert fits["T4-16GB"] is False and fits["A100-80GB"] is True
    with pytest.raises(ToolError, match="params-b"):
        plan_lora(LoraPlanInput(model="gpt-17"), cat)


def test_cli_estimate_json_contract_and_table(cli_env):
    args = [
        "estimate",
        "--queries-per-day",
        "100000",
        "--prompt-tokens",
        "2000",
        "--completion-tokens",
        "500",
        "--model",
        "gpt-4-turbo",
        "--compare",
        "gpt-4o-mini",
    ]
    proc = run([*args, "--json"], cli_env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    first = data["options"][0]
    assert {"model", "per_query_cost", "daily_cost", "monthly_cost"} <= set(first)
    assert first["model"] == "gpt-4-turbo" and first["daily_cost"] == pytest.approx(3500.0)
    assert [o["model"] for o in data["options"]] == ["gpt-4-turbo", "gpt-4o-mini"]
    table = run(args, cli_env)
    assert table.returncode == 0 and "$3,500.00" in table.stdout
    bad = run(
        [
            "estimate",
            "--queries-per-day",
            "-1",
            "--prompt-tokens",
            "1",
            "--completion-tokens",
            "1",
            "--model",
            "gpt-4o",
            "--json",
        ],
        cli_env,
    )
    assert_one_line_error(bad, 2, "--queries-per-day")
    unknown = run([*args[:-2], "--compare", "nope-9", "--json"], cli_env)
    assert_one_line_error(unknown, 2, "nope-9")


def test_cli_train_plan(cli_env):
    proc = run(
        [
            "train",
            "plan",
            "--model",
            "mistral-7b",
            "--bits",
            "4",
            "--train-tokens",
            "1000000",
            "--json",
        ],
        cli_env,
    )
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)
    assert 4.5 <= plan["memory"]["total_gb"] <= 7.0 and plan["recommended_gpu"]
    cheapest = min((g for g in plan["gpus"] if g["fits"]), key=lambda g: g["cost_mid"])
    assert plan["recommended_gpu"] == cheapest["gpu"]
    assert_one_line_error(run(["train", "plan", "--model", "gpt-17"], cli_env), 2, "params-b")
