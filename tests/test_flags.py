"""CLI flags come from the pydantic models: one rank flag that reaches the plan, defaults equal
to the models' own, and no stale hand-copied flag left."""

from __future__ import annotations

import argparse
import json

import pytest

from tests.test_cli import run
from tunewise.tools.train.spec import JobSpec
from tunewise.ui.cmd_train import SPEC_FLAGS, SPEC_SKIP, _spec_args


def test_flag_defaults_are_the_models_defaults() -> None:
    p = argparse.ArgumentParser()
    _spec_args(p)
    args = p.parse_args([])
    for field, info in JobSpec.model_fields.items():
        if field in SPEC_SKIP or info.is_required():
            continue
        assert getattr(args, field) == info.get_default(call_default_factory=True), field
    assert "--rank" in p.format_help() and "--r " not in p.format_help()
    assert set(SPEC_FLAGS) <= set(JobSpec.model_fields)


def _lora_gb(cli_env, *extra: str) -> float:
    proc = run(["train", "plan", "--model", "mistral-7b", "--json", *extra], cli_env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["memory"]["lora_gb"]


def test_one_rank_flag_reaches_the_plan(cli_env) -> None:
    assert _lora_gb(cli_env, "--rank", "64") > _lora_gb(cli_env, "--rank", "16")


@pytest.mark.parametrize("flag", ["--no-such-flag", "--lora-r"])
def test_unknown_flags_are_usage_errors(cli_env, flag) -> None:
    proc = run(["train", "plan", flag, "64"], cli_env)
    assert proc.returncode == 2 and "unrecognized" in proc.stderr


def test_list_flags_replace_a_default_and_extend_an_empty_one() -> None:
    p = argparse.ArgumentParser()
    _spec_args(p)
    assert p.parse_args(["--target-modules", "q_proj"]).target_modules == ["q_proj"]
    from tunewise.tools.cost import EstimateInput
    from tunewise.ui.flags import add_model_flags

    e = argparse.ArgumentParser()
    add_model_flags(e, EstimateInput)
    assert e.parse_args(["--compare", "a", "b", "--compare", "c"]).compare == ["a", "b", "c"]
