"""Cost tab: the estimate_cost tool behind a form; a table per option and the cumulative
cost of each option over time, with the break-even day drawn as a vertical marker."""

from __future__ import annotations

from typing import Any

import gradio as gr

from tunewise.ui.web.errors import friendly
from tunewise.ui.web.services import Services

BASELINES = ["gpt-4o", "gpt-4o-mini", "gpt-4-turbo", "gpt-4.1", "gpt-4.1-mini", "o3-mini"]
COLUMNS = ["option", "per query $", "per day $", "per month $", "one-off $", "break-even (days)"]


def _compare_choices(catalogue: Any) -> list[str]:
    tuned = [
        f"ft:{f.id}" if f.provider == "openai" else f"bedrock:{f.id}"
        for f in catalogue.data.fine_tuning
    ]
    return tuned + [f"self-hosted:{g.id}" for g in catalogue.data.gpus]


def _series_frame(result: Any) -> Any:
    import pandas as pd

    rows = [
        {"day": day, "cumulative $": value, "option": s.model}
        for s in result.series
        for day, value in enumerate(s.cumulative)
    ]
    top = max((r["cumulative $"] for r in rows), default=0.0)
    for o in result.options:
        if o.break_even_days is not None and o.break_even_days <= len(result.series[0].cumulative):
            label = f"break-even: {o.model} (day {o.break_even_days:.1f})"
            rows += [
                {"day": o.break_even_days, "cumulative $": 0.0, "option": label},
                {"day": o.break_even_days, "cumulative $": top, "option": label},
            ]
    return pd.DataFrame(rows)


def estimate(
    services: Services,
    queries: float,
    prompt: float,
    completion: float,
    baseline: str,
    compare: list[str],
    examples: float,
    days: float,
) -> tuple[list[list], Any, str]:
    from tunewise.tools.cost import EstimateInput, estimate_cost

    inp = EstimateInput(
        queries_per_day=int(queries or 0),
        prompt_tokens=int(prompt or 0),
        completion_tokens=int(completion or 0),
        model=(baseline or "").strip(),
        compare=[c for c in compare or [] if c != baseline],
        train_examples=int(examples or 1),
        days=int(days or 90),
    )
    result = estimate_cost(inp, services.catalogue())
    table = [
        [
            o.model,
            round(o.per_query_cost, 6),
            round(o.daily_cost, 2),
            round(o.monthly_cost, 2),
            round(o.one_off_cost, 2),
            "" if o.break_even_days is None else round(o.break_even_days, 2),
        ]
        for o in result.options
    ]
    notes = [f"- {a}" for a in result.assumptions]
    for o in result.options:
        mark = "" if o.verified else " (not verified)"
        notes.append(f"- {o.model}: prices as of {o.as_of} from {o.source}{mark}")
    return table, _series_frame(result), "**Assumptions**\n" + "\n".join(notes)


def build(services: Services) -> None:
    gr.Markdown("Cost per query, per day and per month of each option, with one-off training.")
    with gr.Row():
        queries = gr.Number(100_000, label="queries a day", precision=0, minimum=0)
        prompt = gr.Number(2000, label="prompt tokens", precision=0, minimum=0)
        completion = gr.Number(500, label="completion tokens", precision=0, minimum=0)
    with gr.Row():
        baseline = gr.Dropdown(
            BASELINES, value="gpt-4o", label="baseline model", allow_custom_value=True
        )
        compare = gr.Dropdown(
            _compare_choices(services.catalogue()),
            value=["ft:gpt-4o-mini-2024-07-18", "self-hosted:A10G-24GB"],
            multiselect=True,
            label="compare with",
            allow_custom_value=True,
        )
    with gr.Row():
        examples = gr.Number(1000, label="training examples", precision=0, minimum=1)
        days = gr.Slider(7, 365, value=90, step=1, label="days to plot")
    go = gr.Button("Estimate", variant="primary", elem_id="cost-go")
    table = gr.Dataframe(headers=COLUMNS, label="cost by option", elem_id="cost-table")
    plot = gr.LinePlot(
        x="day",
        y="cumulative $",
        color="option",
        title="Cumulative cost (training included)",
        elem_id="cost-plot",
        height=360,
    )
    notes = gr.Markdown()

    @friendly
    def run(*values: Any) -> tuple:
        return estimate(services, *values)

    go.click(
        run,
        [queries, prompt, completion, baseline, compare, examples, days],
        [table, plot, notes],
        api_name="estimate",
    )
