"""Dated, lifecycle-aware prices: the genai-prices snapshot labelled with its real newest
price date, every priced option flagged from the one lifecycle table as of today with an
alternative, custom Nova priced on demand as AWS serves it, and the worked 100k-a-day
scenario with the tuned model's shorter prompt (estimator, chat)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from tests.test_cli import run
from tunewise.tools.cost import EstimateInput, estimate_cost
from tunewise.tools.prices import library_price_dates, load_catalogue

CAT = load_catalogue()


def _dates_in_library_source() -> set[dt.date]:
    """The snapshot's dates read another way: straight from the package's data module."""
    import genai_prices.data as data

    text = Path(data.__file__).read_text()
    return {
        dt.date(*map(int, m))
        for m in re.findall(r"start_date=datetime\.date\((\d+), (\d+), (\d+)\)", text)
    }


def test_snapshot_label_states_the_real_newest_price_date():
    today = dt.date.today()
    expected = max(d for d in _dates_in_library_source() if d <= today)
    newest, later = library_price_dates(today)
    assert newest == expected
    assert later == sorted(d for d in _dates_in_library_source() if d > today)
    label = CAT.data.api_library.as_of
    assert str(expected) in label and "2026-10-14 (newest" not in label
    est = estimate_cost(
        EstimateInput(
            queries_per_day=1000, prompt_tokens=500, completion_tokens=100, model="gpt-4o"
        ),
        CAT,
    )
    assert str(expected) in est.options[0].as_of


def test_every_option_is_dated_from_the_lifecycle_table_with_an_alternative():
    est = estimate_cost(
        EstimateInput(
            queries_per_day=1000,
            prompt_tokens=500,
            completion_tokens=100,
            model="gpt-4o",
            compare=["claude-3-opus-20240229", "ft:gpt-4o-mini", "claude-3-5-sonnet-20241022"],
        ),
        CAT,
    )
    by = {o.model: o for o in est.options}
    served = " ".join(by["gpt-4o"].lifecycle)
    # serving gpt-4o ends with its snapshot's shutdown; the fine-tuning wind-down (new jobs
    # closing) concerns training only and is not listed for an API option
    assert "shut down in the API on 2027-01-14" in served
    assert "closes to new fine-tuning jobs" not in served
    opus = " ".join(by["claude-3-opus-20240229"].lifecycle)
    assert "retired on 2026-01-05" in opus and "already past" in opus and "Alternative:" in opus
    assert "Alternative:" in " ".join(by["claude-3-5-sonnet-20241022"].lifecycle)
    ft = " ".join(by["ft:gpt-4o-mini"].lifecycle)
    assert "closes to new fine-tuning jobs" in ft and "Alternative:" in ft
    assert "2027-01-14" in ft  # the tuned model goes with its base snapshot


def test_custom_nova_is_priced_on_demand_not_as_provisioned_throughput():
    inp = EstimateInput(
        queries_per_day=10_000,
        prompt_tokens=1000,
        completion_tokens=200,
        model="gpt-4o-mini",
        compare=["ft:amazon.nova-micro-v1:0"],
    )
    nova = estimate_cost(inp, CAT).options[1]
    base = CAT.api_price("amazon.nova-micro-v1:0", 1000, 200)
    expected = base.per_query * 10_000 + 1.95 / 30
    assert abs(nova.daily_cost - expected) < 1e-6
    assert nova.daily_cost < 24 * 10.0 / 20  # far below even the cheapest one-unit PT day
    assert "on demand" in nova.assumptions[0]


def test_worked_scenario_with_the_tuned_prompt_length():
    inp = EstimateInput(
        queries_per_day=100_000,
        prompt_tokens=2000,
        completion_tokens=500,
        model="gpt-4-turbo",
        compare=["ft:gpt-3.5-turbo-0125"],
        ft_prompt_tokens=500,
        ft_completion_tokens=400,
    )
    base, tuned = estimate_cost(inp, CAT).options
    assert round(base.daily_cost) == 3500  # 2,000 x $10 + 500 x $30 per 1M, 100k a day
    assert round(tuned.daily_cost) == 390  # 500 x $3 + 400 x $6 per 1M: the document's check


def test_chat_reads_the_tuned_prompt_length_and_prices_it(cli_env):
    proc = run(
        [
            "ask",
            "--json",
            "What would 100k queries a day cost on gpt-4-turbo at 2,000 -> 500 prompt tokens "
            "and 500 tokens out, compared with fine-tuned gpt-3.5?",
        ],
        cli_env,
    )
    assert proc.returncode == 0, proc.stderr[-800:]
    out = json.loads(proc.stdout)
    args = next(c["args"] for c in out["tool_calls"] if c["name"] == "estimate_cost")
    assert args["prompt_tokens"] == 2000 and args["ft_prompt_tokens"] == 500
    assert args["completion_tokens"] == 500 and args["compare"] == ["ft:gpt-3.5"]
    assert "$3,500.00" in out["answer"] and "500 prompt tokens once tuned" in out["answer"]
    assert "closes to new fine-tuning jobs" in out["answer"]


def test_each_api_price_carries_its_own_models_date():
    """A price is dated by its own model's rows in genai-prices, never by other models'."""
    from genai_prices.data_snapshot import get_snapshot

    today = dt.date.today()
    dated = undated = None
    for provider in get_snapshot().providers:
        if provider.id != "openai":
            continue
        for m in provider.models:
            starts = [
                getattr(c.constraint, "start_date", None)
                for c in (m.prices if isinstance(m.prices, list) else [])
                if getattr(c, "constraint", None) is not None
            ]
            past = [d for d in starts if d and d <= today]
            if past and dated is None:
                dated = (m.id, max(past))
    assert dated
    undated = "gpt-4o"  # one ModelPrice, no start date, in genai-prices 0.2.x
    own = CAT.api_price(dated[0], 1000, 100).as_of
    assert own.startswith(str(dated[1])) and "this model's" in own
    plain = CAT.api_price(undated, 1000, 100).as_of
    assert plain.startswith("undated") and "scheduled" not in plain
