"""`tunewise eval`: base zero-shot vs few-shot prompting vs base + LoRA adapter."""

from __future__ import annotations

import argparse
from pathlib import Path

from tunewise.agent.app import App
from tunewise.ui.output import EXIT_OK, emit_json, info


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser("eval", help="compare prompting and a LoRA adapter on held-out data")
    e.add_argument("--heldout", type=Path, required=True, help="held-out chat JSONL")
    e.add_argument("--base", default="smollm2", help="model folder, .gguf file or 'smollm2'")
    e.add_argument("--adapter", type=Path, help="LoRA adapter folder (from tunewise train)")
    e.add_argument("--train", type=Path, help="training JSONL for the few-shot prompt")
    e.add_argument("--shots", type=int, default=3)
    e.add_argument("--limit", type=int, default=20, help="held-out examples to score")
    e.add_argument("--max-new-tokens", type=int, default=64)
    e.add_argument("--out", type=Path, help="folder for report.md and report.json")
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=run_eval)


def run_eval(args: argparse.Namespace, app: App) -> int:
    from tunewise.tools.evaluate import EvalInput, evaluate, to_markdown

    info("loading the base model and generating (this takes a while on CPU)...")
    report = evaluate(
        EvalInput(
            heldout=args.heldout,
            base_model=args.base,
            adapter=args.adapter,
            train_file=args.train,
            n_shots=args.shots,
            limit=args.limit,
            max_new_tokens=args.max_new_tokens,
            out_dir=args.out,
        )
    )
    if args.json:
        emit_json(report)
    else:
        print(to_markdown(report))
        if report.report_md:
            info(f"wrote {report.report_md}")
    return EXIT_OK
