"""`tunewise estimate` (cost of each option) and `tunewise train plan` (LoRA pre-flight)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tunewise.agent.app import App
from tunewise.ui.output import EXIT_OK, emit_json


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "estimate",
        help="per-query, daily and monthly cost of each option, training cost and break-even",
    )
    e.add_argument("--queries-per-day", type=int, required=True, metavar="N")
    e.add_argument("--prompt-tokens", type=int, required=True, metavar="N")
    e.add_argument("--completion-tokens", type=int, required=True, metavar="N")
    e.add_argument("--model", required=True, help="baseline model id, e.g. gpt-4-turbo")
    e.add_argument(
        "--compare",
        nargs="+",
        action="extend",
        default=[],
        metavar="ID",
        help="other options: API ids, ft:<base> (fine-tuned), self-hosted:<GPU>",
    )
    e.add_argument("--ft-prompt-tokens", type=int, metavar="N", help="prompt size once tuned")
    e.add_argument("--ft-completion-tokens", type=int, metavar="N")
    e.add_argument("--train-examples", type=int, default=1000, metavar="N")
    e.add_argument("--train-tokens-per-example", type=int, metavar="N")
    e.add_argument("--epochs", type=int, help="default: 3, more for tiny sets, fewer for huge")
    e.add_argument("--days", type=int, default=90, help="length of the cumulative series")
    e.add_argument("--prices", type=Path, metavar="FILE", help="your own price file (YAML)")
    e.add_argument("--json", action="store_true", help="print the result as JSON")
    e.set_defaults(handler=run_estimate)


def run_estimate(args: argparse.Namespace, app: App) -> int:
    from tunewise.tools.cost import EstimateInput, estimate_cost

    inp = EstimateInput(
        queries_per_day=args.queries_per_day,
        prompt_tokens=args.prompt_tokens,
        completion_tokens=args.completion_tokens,
        model=args.model,
        compare=args.compare,
        ft_prompt_tokens=args.ft_prompt_tokens,
        ft_completion_tokens=args.ft_completion_tokens,
        train_examples=args.train_examples,
        train_tokens_per_example=args.train_tokens_per_example,
        epochs=args.epochs,
        days=args.days,
    )
    result = estimate_cost(inp, app.catalogue_with(args.prices))
    if args.json:
        emit_json(result)
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{inp.queries_per_day:,} queries/day, baseline {result.baseline}")
    for col in ("option", "per query", "per day", "per month", "one-off", "break-even"):
        table.add_column(col, justify="left" if col == "option" else "right")
    for o in result.options:
        be = "-" if o.break_even_days is None else f"{o.break_even_days:g} days"
        table.add_row(
            o.model + ("" if o.verified else " *"),
            f"${o.per_query_cost:.5f}",
            f"${o.daily_cost:,.2f}",
            f"${o.monthly_cost:,.0f}",
            f"${o.one_off_cost:,.2f}",
            be if o is not result.options[0] else "baseline",
        )
    console = Console()
    console.print(table)
    for o in result.options:
        console.print(f"[bold]{o.model}[/bold] (prices as of {o.as_of}; {o.source})")
        for a in o.assumptions:
            console.print(f"  - {a}")
        for e in o.lifecycle:
            console.print(f"  - [yellow]lifecycle:[/yellow] {e}")
    if any(not o.verified for o in result.options):
        console.print("* price not confirmed on the provider's page: budget with the range")
    return EXIT_OK
