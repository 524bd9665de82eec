"""Data tab: upload a fine-tuning JSONL, see the validator's summary and every error by
line, and download a fixed copy (invalid and repeated rows dropped, optionally converted)."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import gradio as gr

from tunewise.core.paths import uploaded_name
from tunewise.tools.validate import ValidateInput, validate_data
from tunewise.tools.validate.models import FormatName
from tunewise.ui.web.errors import friendly
from tunewise.ui.web.services import Services
from tunewise.ui.web.wording import for_web, split_words

FORMATS = list(typing.get_args(FormatName))
ISSUE_COLUMNS = ["line", "severity", "code", "message"]


def summary_markdown(report: Any) -> str:
    s = report.stats
    too_few = "below the useful minimum" in s.size_guidance
    if not report.ok:
        verdict = "has errors - fix them before training"
    elif too_few:
        verdict = "no errors, but too few examples to train on yet"
    elif report.warnings:
        verdict = "no errors; read the warnings before training"
    else:
        verdict = "ready to train"
    lines = [
        f"### {report.n_examples:,} valid examples ({report.format}): {verdict}",
        f"- {s.n_lines:,} lines, {s.n_invalid:,} with errors, {len(report.warnings):,} warnings",
        f"- tokens: {s.tokens.total:,} in all, mean {s.tokens.mean:.0f}, max {s.tokens.max:,} "
        f"({s.tokenizer}{'' if s.tokens_exact else ', estimate'})",
        f"- size: {s.size_guidance}",
        f"- suggested split: {split_words(s.split)}",
    ]
    e = report.estimate
    if e.cost is not None:
        lines.append(
            f"- training estimate: {e.n_epochs} epochs x {e.billing_tokens:,} tokens on "
            f"{e.price_model} = **${e.cost:,.2f}** (prices as of {e.as_of})"
        )
    if s.by_code:
        counts = ", ".join(f"`{c}` x{n}" for c, n in sorted(s.by_code.items()))
        lines.append(f"- issues by code: {counts}")
    return "\n".join(lines)


def check(
    services: Services, upload: Any, fmt: str, convert: str, progress: Any
) -> tuple[str, list[list], Any]:

    path = services.keep_upload(upload, (".jsonl", ".json", ".txt"))
    fixed = services.output_path(Path(uploaded_name(path)).stem + ".fixed.jsonl")
    inp = ValidateInput(
        path=path,
        format=fmt or "auto",
        fix_out=fixed,
        fix_format=None if convert in (None, "", "same") else convert,
    )
    progress(0.0, desc="validating")
    report = validate_data(inp, services.catalogue(), lambda f: progress(f, desc="validating"))
    rows = [[i.line, "error", i.code, for_web(i.message)] for i in report.errors]
    rows += [[i.line, "warning", i.code, for_web(i.message)] for i in report.warnings]
    rows.sort(key=lambda r: (r[0], r[1]))
    made = bool(report.fix and report.fix.written)
    download = gr.update(value=str(fixed), visible=made)
    text = summary_markdown(report)
    if report.fix:
        f = report.fix
        text += (
            f"\n\nFixed copy **{fixed.name}**: {f.written:,} rows kept ({f.format}); dropped "
            f"{f.dropped_invalid:,} invalid, {f.dropped_duplicates:,} repeated, "
            f"{f.not_convertible:,} not convertible."
        )
        if made:
            services.share(fixed)
            text += (
                f" It is in your files below and in the Training tab; in the chat, say "
                f"'validate {fixed.name}' or 'train on {fixed.name}'."
            )
    return text, rows, download


def build(services: Services, tab: gr.Tab | None = None) -> None:
    """The tab's parts; `tab` (the Data tab itself) re-lists files each time it opens."""
    gr.Markdown("Check a fine-tuning file before you pay for a run. Nothing leaves this machine.")
    with gr.Row():
        upload = gr.File(label="training data (.jsonl)", file_types=[".jsonl"], elem_id="data-file")
        with gr.Column():
            fmt = gr.Dropdown(FORMATS, value="auto", label="target format")
            convert = gr.Dropdown(["same", *FORMATS[1:]], value="same", label="fixed copy as")
            go = gr.Button("Validate", variant="primary", elem_id="data-go")
    summary = gr.Markdown(elem_id="data-summary")
    issues = gr.Dataframe(
        headers=ISSUE_COLUMNS, label="errors and warnings by line", wrap=True, elem_id="data-issues"
    )
    download = gr.DownloadButton("Download fixed file", visible=False, elem_id="data-fixed")
    files = gr.Dataframe(
        services.kept_files(),
        headers=["file", "path for the chat", "size", "uploaded"],
        label="your files (the chat accepts the name, e.g. 'validate train.jsonl')",
        interactive=False,
        elem_id="data-files",
    )

    @friendly
    def run(upload: Any, fmt: str, convert: str, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008 - gradio injects it
        return (*check(services, upload, fmt, convert, progress), services.kept_files())

    go.click(run, [upload, fmt, convert], [summary, issues, download, files], api_name="validate")
    if tab is not None:
        tab.select(friendly(services.kept_files), None, files, api_name=False)
