"""`tunewise synth`: synthetic training rows from seeds and a teacher, validated in the loop."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import get_args

from tunewise.agent.runtime.app import App
from tunewise.tools.synth import generate_synthetic_data
from tunewise.tools.synth.models import SynthFormat, SynthInput
from tunewise.ui.flags import default_of
from tunewise.ui.output import EXIT_DATA, EXIT_OK, comma_list, emit_json, info


def register(sub: argparse._SubParsersAction) -> None:
    def d(field: str):  # noqa: ANN202 - the model's own default
        return default_of(SynthInput, field)

    s = sub.add_parser("synth", help="generate synthetic training data from seed examples")
    s.add_argument("--task", required=True, help="what the tuned model should do")
    s.add_argument("--seeds", type=Path, required=True, help="seed rows (.jsonl, target format)")
    s.add_argument("--count", type=int, required=True, help="rows wanted in the output file")
    s.add_argument("--out", type=Path, required=True, help="output .jsonl (re-run to continue)")
    s.add_argument("--format", choices=get_args(SynthFormat), default=d("format"))
    s.add_argument(
        "--teacher",
        default=d("teacher"),
        help="template (offline), smollm2 (offline, slow), anthropic:<m>, openai:<m>, "
        "bedrock:<m>, openai-compatible:<m> (with TUNEWISE_LLM_BASE_URL)",
    )
    s.add_argument("--topics", help="comma-separated topics to spread inputs over")
    s.add_argument("--personas", help="comma-separated personas")
    s.add_argument("--difficulty", help="comma-separated levels, e.g. easy,hard")
    s.add_argument(
        "--adversarial",
        type=float,
        default=d("adversarial"),
        help="share of hard negatives (0-0.5)",
    )
    s.add_argument("--judge", action="store_true", help="score rows with the teacher; drop low")
    s.add_argument(
        "--no-fluency",
        action="store_true",
        help="keep rows the bundled SmolLM2 scores as much less fluent than their seed "
        "(the filter is on by default for the offline teachers)",
    )
    s.add_argument("--judge-threshold", type=float, default=d("judge_threshold"))
    s.add_argument("--similarity", type=float, help="ROUGE-L near-duplicate threshold")
    s.add_argument("--budget", type=float, help="USD cap for hosted teachers")
    s.add_argument("--concurrency", type=int, default=d("concurrency"))
    s.add_argument("--max-chars", type=int, default=d("max_chars"), help="longest response kept")
    s.add_argument("--prices", type=Path, metavar="FILE", help="your own price file (YAML)")
    s.add_argument("--json", action="store_true", help="print the report as JSON")
    s.set_defaults(handler=run_synth)


def run_synth(args: argparse.Namespace, app: App) -> int:
    settings = app.settings
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    inp = SynthInput(
        task=args.task,
        seeds_file=args.seeds,
        count=args.count,
        out=args.out,
        format=args.format,
        teacher=args.teacher,
        topics=comma_list(args.topics),
        personas=comma_list(args.personas),
        difficulties=comma_list(args.difficulty),
        adversarial=args.adversarial,
        judge=args.judge,
        fluency=not args.no_fluency,
        judge_threshold=args.judge_threshold,
        similarity=args.similarity,
        budget_usd=args.budget,
        concurrency=args.concurrency,
        max_chars=args.max_chars,
    )
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=Console(file=sys.stderr),
    )
    with bar:
        task = bar.add_task(f"synth ({inp.teacher})", total=inp.count)
        report = generate_synthetic_data(
            inp,
            app.catalogue_with(args.prices),
            settings,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            on_estimate=lambda usd: bar.console.print(
                f"estimated teacher cost: ${usd:.4f}"
                + (
                    f" (budget ${inp.budget_usd:.2f}; the run stops there)"
                    if inp.budget_usd
                    else ""
                )
            ),
        )
    if args.json:
        emit_json(report)
    else:
        print(
            f"{report.kept:,} of {report.requested:,} rows in {report.out} (teacher: {report.teacher})"
        )
        print(f"quality: {report.quality_note}")
        if report.kept_before:
            print(f"continued a file that had {report.kept_before:,} rows")
        drops = ", ".join(f"{k} {v}" for k, v in sorted(report.dropped.items())) or "none"
        print(f"generated {report.generated:,} candidates; dropped: {drops}")
        if report.estimated_cost_usd is not None:
            print(
                f"cost: estimated ${report.estimated_cost_usd:.4f}, spent ${report.spent_usd or 0:.4f}"
            )
        print(f"provenance: {report.provenance}")
        verdict = "passes" if report.validation_ok else f"has {report.validation_errors} errors in"
        print(f"the file {verdict} `tunewise validate --format {inp.format}`")
    if report.stopped:
        info(f"stopped early: {report.stopped}")
    return EXIT_OK if report.kept >= report.requested else EXIT_DATA
