"""Training tab: plan a LoRA run (validation, memory/time pre-flight, device), launch it only
after an explicit confirmation, and follow jobs: table, live loss plot, log tail, cancel.

The plan and the launch use the same functions as the chat's confirmation (agent.launch), so
the two agree on the run folder and the checks. Datasets and base models must live under the
data directory (uploads/ and models/); the bundled SmolLM2 is always available."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import gradio as gr

from tunewise.agent.toolkit.launch import build_spec, preview
from tunewise.core.paths import uploaded_name
from tunewise.tools.train.process import log_tail
from tunewise.ui.web.errors import friendly
from tunewise.ui.web.services import Services, UIError
from tunewise.ui.web.wording import for_web

FILE_COLUMNS = ["file", "path for the chat", "size", "uploaded"]
JOB_COLUMNS = ["job", "status", "base", "data", "step", "loss", "started"]
BUNDLED = "smollm2"
LOG_SHOWN = 4000  # bytes of the log shown under the plot


def _bases(services: Services) -> list[str]:
    models = services.data_dir / "models"
    found = [str(p) for p in sorted(models.iterdir())] if models.is_dir() else []
    return [BUNDLED, *found]


def _args(services: Services, dataset: str | None, base: str, steps: float, epochs: float) -> dict:
    if not dataset:
        raise UIError("choose a training file (upload one in this tab or the Data tab)")
    data = services.inside(dataset, "training file")
    model = base if base == BUNDLED else str(services.inside(base, "base model"))
    return {
        "dataset": str(data),
        "base_model": model,
        "max_steps": int(steps) if steps else -1,
        "epochs": float(epochs or 1),
    }


def jobs_table(services: Services) -> list[list]:
    rows = []
    for j in services.store().list()[:20]:
        p = j.progress()
        last = p[-1] if p else {}
        spec = j.spec
        rows.append(
            [
                j.id,
                j.status,
                Path(str(getattr(spec, "base_model", getattr(spec, "model", "")))).name,
                uploaded_name(Path(str(getattr(spec, "dataset", "")))),
                f"{last.get('step', 0)}/{last.get('max_steps', '?')}" if last else "",
                round(last["loss"], 4) if last else "",
                time.strftime("%H:%M:%S", time.localtime(j.started or j.created)),
            ]
        )
    return rows


def job_detail(services: Services, job_id: str | None) -> tuple[Any, str]:
    import pandas as pd

    if not job_id:
        return pd.DataFrame({"step": [], "loss": []}), ""
    job = services.store().get(job_id)
    progress = job.progress()
    rows = [{"step": r["step"], "loss": r["loss"]} for r in progress if "loss" in r]
    log = log_tail(job.log_path, LOG_SHOWN)
    head = f"status: {job.status}"
    if progress and job.status == "running":  # the latest step first; the log runs below
        last = progress[-1]
        head += (
            f" - step {last['step']}/{last.get('max_steps', '?')}, loss {last['loss']:.4f}, "
            f"about {last.get('eta_s') or 0:,.0f} s left"
        )
    head += f"\nadapter: {job.adapter}" if job.adapter else ""
    if job.error:
        head += f"\nerror: {for_web(job.error[-800:])}"
    return pd.DataFrame(rows or {"step": [], "loss": []}), head + "\n\n" + log


def build(services: Services, tab: gr.Tab | None = None) -> None:
    """The tab's parts; `tab` (the Training tab itself) re-lists files each time it opens."""
    gr.Markdown("Plan a LoRA run, approve it, and follow it. Runs on this machine's CPU or GPU.")
    with gr.Row():
        with gr.Column():
            upload = gr.File(
                label="upload training data (.jsonl)", file_types=[".jsonl"], elem_id="train-upload"
            )
            dataset = gr.Dropdown(
                services.uploaded(),
                label="training file",
                allow_custom_value=True,
                elem_id="train-data",
            )
            base = gr.Dropdown(
                _bases(services),
                value=BUNDLED,
                label="base model",
                allow_custom_value=True,
                elem_id="train-base",
            )
            with gr.Row():
                steps = gr.Number(30, label="max steps (-1 = full epochs)", precision=0)
                epochs = gr.Number(1, label="epochs", minimum=0.1)
            with gr.Row():
                plan_btn = gr.Button("Plan", elem_id="train-plan")
                rescan = gr.Button("Rescan files and models", size="sm")
        with gr.Column():
            plan = gr.Markdown(elem_id="train-plan-text")
            launch_btn = gr.Button(
                "Launch...", variant="primary", visible=False, elem_id="train-launch"
            )
            with gr.Row(visible=False) as confirm_row:
                confirm = gr.Button("Confirm launch", variant="primary", elem_id="train-confirm")
                back = gr.Button("Cancel", elem_id="train-back")
    files = gr.Dataframe(
        services.kept_files(),
        headers=FILE_COLUMNS,
        label="your files (the chat accepts the name, e.g. 'validate train.jsonl')",
        interactive=False,
        elem_id="train-files",
    )
    gr.Markdown("#### Jobs")
    jobs = gr.Dataframe(headers=JOB_COLUMNS, label="jobs (refreshes every 3 s)", elem_id="jobs")
    with gr.Row():
        job = gr.Dropdown([], label="job", allow_custom_value=True, elem_id="job-pick")
        cancel = gr.Button("Cancel job", variant="stop", elem_id="job-cancel")
    loss = gr.LinePlot(x="step", y="loss", title="training loss", height=300, elem_id="loss-plot")
    log = gr.Textbox(label="status and log tail", lines=12, max_lines=20, elem_id="job-log")

    @friendly
    def on_upload(file: Any) -> Any:
        kept = services.keep_upload(file, (".jsonl",))
        return gr.update(choices=services.uploaded(), value=str(kept)), services.kept_files()

    @friendly
    def on_plan(dataset: str, base: str, steps: float, epochs: float) -> tuple:
        text, ok = preview(
            _args(services, dataset, base, steps, epochs),
            services.data_dir / "runs",
            services.catalogue(),
        )
        return text, gr.update(visible=ok), gr.update(visible=False)

    @friendly
    def on_confirm(dataset: str, base: str, steps: float, epochs: float) -> tuple:
        spec = build_spec(_args(services, dataset, base, steps, epochs), services.data_dir / "runs")
        started = services.store().launch(spec)
        ids = [r[0] for r in jobs_table(services)]
        return (
            f"Launched job **{started.id}** (pid {started.pid}); output `{started.output_dir}`.",
            gr.update(visible=False),
            gr.update(visible=False),
            gr.update(choices=ids, value=started.id),
        )

    def refresh(selected: str | None) -> tuple:
        rows = jobs_table(services)
        frame, text = job_detail(services, selected)
        return rows, gr.update(choices=[r[0] for r in rows]), frame, text

    @friendly
    def on_cancel(selected: str | None) -> tuple:
        if not selected:
            raise UIError("choose a job to cancel")
        services.store().cancel(selected)
        return refresh(selected)

    def relist() -> tuple:
        return (
            gr.update(choices=services.uploaded()),
            gr.update(choices=_bases(services)),
            services.kept_files(),
        )

    upload.upload(on_upload, upload, [dataset, files], api_name=False)
    rescan.click(friendly(relist), None, [dataset, base, files], api_name=False)
    if tab is not None:  # files fixed or made in other tabs are listed on arrival
        tab.select(friendly(relist), None, [dataset, base, files], api_name=False)
    inputs = [dataset, base, steps, epochs]
    plan_btn.click(on_plan, inputs, [plan, launch_btn, confirm_row], api_name="train_plan")
    launch_btn.click(
        lambda: (gr.update(visible=False), gr.update(visible=True)), None, [launch_btn, confirm_row]
    )
    back.click(lambda: gr.update(visible=False), None, confirm_row)
    confirm.click(on_confirm, inputs, [plan, launch_btn, confirm_row, job], api_name=False)
    outs = [jobs, job, loss, log]
    gr.Timer(3).tick(friendly(refresh), job, outs, api_name=False, show_progress="hidden")
    job.change(friendly(refresh), job, outs, api_name=False)
    cancel.click(on_cancel, job, outs, api_name=False)
