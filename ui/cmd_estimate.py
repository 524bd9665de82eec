"""`tunewise estimate` (cost of each option) and `tunewise train plan` (LoRA pre-flight)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tunewise.agent.runtime.app import App
from tunewise.tools.cost import EstimateInput, estimate_cost
from tunewise.ui.flags import add_model_flags, model_values
from tunewise.ui.output import EXIT_OK, emit_json


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "estimate",
        help="per-query, daily and monthly cost of each option, training cost and break-even",
    )

    add_model_flags(
        e,
        EstimateInput,
        enforce_required=True,
        help_extra={"compare": "other options: API ids, ft:<base> (fine-tuned), self-hosted:<GPU>"},
    )
    e.add_argument("--prices", type=Path, metavar="FILE", help="your own price file (YAML)")
    e.add_argument("--json", action="store_true", help="print the result as JSON")
    e.set_defaults(handler=run_estimate)


def run_estimate(args: argparse.Namespace, app: App) -> int:
    inp = EstimateInput(**model_values(args, EstimateInput))
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
