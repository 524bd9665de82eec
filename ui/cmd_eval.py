"""`tunewise eval`: base zero-shot vs few-shot prompting vs base + LoRA adapter."""

from __future__ import annotations

import argparse

from tunewise.agent.runtime.app import App
from tunewise.tools.evaluate import EvalInput, evaluate, to_markdown
from tunewise.ui.flags import add_model_flags, model_values
from tunewise.ui.output import EXIT_OK, emit_json, info

# EvalInput field -> flag
EVAL_FLAGS = {"base_model": "base", "train_file": "train", "n_shots": "shots", "out_dir": "out"}


def _input():  # noqa: ANN202 - the model class, imported when the parser is built

    return EvalInput


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("eval", help="compare prompting and a LoRA adapter on held-out data")
    add_model_flags(e, _input(), names=EVAL_FLAGS, enforce_required=True)
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace, app: App) -> int:
    info("loading the base model and generating (this takes a while on CPU)...")
    report = evaluate(EvalInput(**model_values(args, EvalInput)))
    if args.json:
        emit_json(report)
    else:
        print(to_markdown(report))
        if report.report_md:
            info(f"wrote {report.report_md}")
    return EXIT_OK
