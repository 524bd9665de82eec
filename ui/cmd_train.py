"""`tunewise train plan`: the LoRA memory/time pre-flight. (launch, status, logs and cancel
arrive with the job launcher.)"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.settings import Settings
from ui.output import EXIT_OK, emit_json


def register(sub: argparse._SubParsersAction) -> None:
    from tools.lora_plan import PRESETS

    t = sub.add_parser("train", help="plan LoRA training runs")
    tsub = t.add_subparsers(dest="train_command", required=True, metavar="ACTION")
    p = tsub.add_parser("plan", help="GPU memory, fitting GPUs, time and cost of a LoRA run")
    p.add_argument("--model", default="llama-3.1-8b", help=f"one of: {', '.join(PRESETS)}")
    p.add_argument("--params-b", type=float, help="model size in billions (other models)")
    p.add_argument("--bits", type=int, choices=[16, 8, 4], default=16, help="4 = QLoRA")
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--target-modules", nargs="+", default=["q_proj", "v_proj"])
    p.add_argument("--seq-len", type=int, default=512)
    p.add_argument("--micro-batch", type=int, default=1)
    p.add_argument("--no-gradient-checkpointing", action="store_true")
    p.add_argument("--train-tokens", type=int, help="tokens in one epoch")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--gpu", help="time the run on this GPU")
    p.add_argument("--prices", type=Path, metavar="FILE", help="your own price file (YAML)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_plan)


def run_plan(args: argparse.Namespace, settings: Settings) -> int:
    from agent.tool_answers import lora_answer
    from tools.lora_plan import LoraPlanInput, plan_lora
    from tools.prices import load_catalogue

    plan = plan_lora(
        LoraPlanInput(
            model=args.model,
            params_b=args.params_b,
            bits=args.bits,
            rank=args.rank,
            target_modules=args.target_modules,
            seq_len=args.seq_len,
            micro_batch=args.micro_batch,
            gradient_checkpointing=not args.no_gradient_checkpointing,
            train_tokens=args.train_tokens,
            epochs=args.epochs,
            gpu=args.gpu,
        ),
        load_catalogue(args.prices),
    )
    if args.json:
        emit_json(plan)
    else:
        print(lora_answer(plan.model_dump(mode="json")).replace("**", ""))
    return EXIT_OK
