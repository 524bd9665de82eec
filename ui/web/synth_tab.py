"""Synthetic data tab: seeds in, a progress bar while the teacher works, the report and the
generated file (and its provenance) out. Offline teachers always; the hosted back end when
one is configured."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import gradio as gr

from tunewise.core.paths import uploaded_name
from tunewise.tools.synth import SynthInput, generate_synthetic_data
from tunewise.tools.synth.models import SynthFormat
from tunewise.ui.output import comma_list
from tunewise.ui.web.errors import friendly
from tunewise.ui.web.services import Services


def _teachers(services: Services) -> list[str]:
    found = ["template", "smollm2"]
    if services.settings.llm != "offline":
        found.append(services.settings.llm)
    return found


def report_markdown(r: Any) -> str:
    drops = ", ".join(f"`{k}` {v}" for k, v in sorted(r.dropped.items())) or "none"
    lines = [
        f"### {r.kept:,} of {r.requested:,} rows (teacher: {r.teacher})",
        f"- quality: {r.quality_note}",
        f"- candidates {r.generated:,}; dropped: {drops}",
        f"- validator: {'passes' if r.validation_ok else f'{r.validation_errors} errors'}",
    ]
    if r.kept_before:
        lines.append(f"- continued a file that had {r.kept_before:,} rows")
    if r.estimated_cost_usd is not None:
        lines.append(
            f"- cost: estimated ${r.estimated_cost_usd:.4f}, spent ${r.spent_usd or 0:.4f}"
        )
    if r.stopped:
        lines.append(f"- **stopped early:** {r.stopped}")
    return "\n".join(lines)


def build(services: Services) -> None:
    gr.Markdown(
        "Grow a training set from a few seed rows. *template* varies your seeds offline (format "
        "tasks); *smollm2* runs a small local model (slow, weak); a hosted teacher is listed "
        "when one is configured."
    )
    with gr.Row():
        with gr.Column():
            seeds = gr.File(
                label="seed rows (.jsonl)", file_types=[".jsonl"], elem_id="synth-seeds"
            )
            task = gr.Textbox(
                label="task (what the tuned model should do)", lines=2, elem_id="synth-task"
            )
            with gr.Row():
                count = gr.Number(50, label="rows", precision=0, minimum=1, maximum=100_000)
                fmt = gr.Dropdown(
                    list(typing.get_args(SynthFormat)), value="openai_chat", label="format"
                )
                teacher = gr.Dropdown(_teachers(services), value="template", label="teacher")
        with gr.Column():
            topics = gr.Textbox(label="topics (comma-separated)")
            personas = gr.Textbox(label="personas (comma-separated)")
            adversarial = gr.Slider(0, 0.5, value=0.1, step=0.05, label="share of hard negatives")
            with gr.Row():
                judge = gr.Checkbox(label="LLM judge (model teachers)")
                budget = gr.Number(None, label="budget $ (hosted)", minimum=0)
    go = gr.Button("Generate", variant="primary", elem_id="synth-go")
    report = gr.Markdown(elem_id="synth-report")
    with gr.Row():
        data_out = gr.DownloadButton("Download rows", visible=False, elem_id="synth-download")
        prov_out = gr.DownloadButton("Download provenance", visible=False)

    @friendly
    def run(
        seed_file: Any,
        task_text: str,
        n: float,
        form: str,
        teach: str,
        top: str,
        per: str,
        adv: float,
        use_judge: bool,
        cap: float | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:

        kept = services.keep_upload(seed_file, (".jsonl",))
        inp = SynthInput(
            task=task_text or "",
            seeds_file=kept,
            count=int(n or 0),
            format=form,
            out=services.output_path(Path(uploaded_name(kept)).stem + ".synthetic.jsonl"),
            teacher=teach,
            topics=comma_list(top),
            personas=comma_list(per),
            adversarial=adv,
            judge=use_judge,
            budget_usd=cap or None,
        )
        progress(0, desc="generating")
        r = generate_synthetic_data(
            inp,
            services.catalogue(),
            services.settings,
            progress=lambda done, total: progress(done / total, desc=f"{done}/{total} rows"),
        )
        text = report_markdown(r)
        if r.kept > 0:
            services.share(Path(r.out))
            name = Path(r.out).name
            text += (
                f"\n\n**{name}** is in your files (Data and Training tabs); in the chat, say "
                f"'validate {name}'."
            )
        return (
            text,
            gr.update(value=str(r.out), visible=r.kept > 0),
            gr.update(value=str(r.provenance), visible=r.kept > 0),
        )

    go.click(
        run,
        [seeds, task, count, fmt, teacher, topics, personas, adversarial, judge, budget],
        [report, data_out, prov_out],
        api_name="synth",
    )
