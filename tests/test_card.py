"""The card's cost line never compares against a provider the user ruled out."""

from __future__ import annotations

import pytest

from tunewise.tools.prices import load_catalogue
from tunewise.ui.web.card import cost_line, options_for

WORK = {"daily_volume": 20_000, "prompt_tokens": 1_500, "completion_tokens": 300}


@pytest.mark.parametrize(
    ("facts", "primary", "provider", "absent"),
    [
        ({"data_may_leave": False}, "lora_open_weight", None, ["gpt", "anthropic"]),
        (
            {"data_may_leave": True, "providers_ok": ["bedrock"]},
            "proprietary_finetune",
            "bedrock",
            ["gpt"],
        ),
        (
            {"data_may_leave": True, "providers_ok": ["openai"]},
            "proprietary_finetune",
            "openai",
            ["anthropic"],
        ),
    ],
)
def test_ruled_out_providers_are_left_out(facts, primary, provider, absent):
    line = cost_line({**WORK, **facts}, primary, load_catalogue(), provider)
    assert "Cost:" in line and "$" in line
    for name in absent:
        assert name not in line, line
        assert not any(name in m for m in options_for({**WORK, **facts}, primary, provider))


def test_open_facts_compare_with_a_hosted_baseline():
    line = cost_line(WORK, "lora_open_weight", load_catalogue())
    assert "gpt-4o" in line and "self-hosted:A10G" in line
