"""Cost tab: the estimate_cost tool behind a form; a table per option and the cumulative
cost of each option over time, with the break-even day drawn as a vertical marker."""

from __future__ import annotations

from typing import Any

import gradio as gr

from tunewise.tools.cost import EstimateInput, estimate_cost
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


# The knowledge base's worked scenario (knowledge/docs/cost-scenario-high-volume.md): GPT-4
# Turbo at 100,000 queries a day, 2,000 prompt and 500 completion tokens; the tuned model
# needs only 500 prompt and about 400 completion tokens because the instructions move into
# its weights. Keys are in the order of the form's fields (see `fields` in build).
SEED_SCENARIO = {
    "queries": 100_000,
    "prompt": 2000,
    "completion": 500,
    "ft_prompt": 500,
    "ft_completion": 400,
    "baseline": "gpt-4-turbo",
    "compare": ["ft:gpt-3.5-turbo-0125", "ft:gpt-4o-mini-2024-07-18", "self-hosted:A10G-24GB"],
}


def estimate(
    services: Services,
    queries: float,
    prompt: float,
    completion: float,
    ft_prompt: float | None,
    ft_completion: float | None,
    baseline: str,
    compare: list[str],
    examples: float,
    days: float,
) -> tuple[list[list], Any, str]:

    inp = EstimateInput(
        queries_per_day=int(queries or 0),
        prompt_tokens=int(prompt or 0),
        completion_tokens=int(completion or 0),
        model=(baseline or "").strip(),
        compare=[c for c in compare or [] if c != baseline],
        ft_prompt_tokens=int(ft_prompt) if ft_prompt else None,
        ft_completion_tokens=int(ft_completion) if ft_completion else None,
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
    dated = [f"- **{o.model}**: {e}" for o in result.options for e in o.lifecycle]
    text = "**Assumptions**\n" + "\n".join(notes)
    if dated:  # retired, deprecated or closing routes, as of today, with an alternative
        text = "**Dates that matter (as of today)**\n" + "\n".join(dated) + "\n\n" + text
    return table, _series_frame(result), text


def build(services: Services) -> None:
    gr.Markdown("Cost per query, per day and per month of each option, with one-off training.")
    seed = gr.Button(
        "Load the worked scenario: 100k queries a day, prompt 2,000 -> 500 tokens once tuned",
        size="sm",
        elem_id="cost-seed",
    )
    with gr.Row():
        queries = gr.Number(100_000, label="queries a day", precision=0, minimum=0)
        prompt = gr.Number(2000, label="prompt tokens", precision=0, minimum=0)
        completion = gr.Number(500, label="completion tokens", precision=0, minimum=0)
    with gr.Row():
        ft_prompt = gr.Number(
            None,
            label="prompt tokens once tuned (instructions move into the weights; blank: same)",
            precision=0,
            minimum=0,
            elem_id="cost-ft-prompt",
        )
        ft_completion = gr.Number(
            None, label="completion tokens once tuned (blank: same)", precision=0, minimum=0
        )
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

    fields = [queries, prompt, completion, ft_prompt, ft_completion, baseline, compare]
    go.click(run, [*fields, examples, days], [table, plot, notes], api_name="estimate")

    def load_seed(examples_now: float, days_now: float) -> tuple:
        values = list(SEED_SCENARIO.values())  # in the order of `fields`
        return (*values, *run(*values, examples_now, days_now))

    seed.click(load_seed, [examples, days], [*fields, table, plot, notes], api_name=False)
