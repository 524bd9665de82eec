"""Data tab: upload a fine-tuning JSONL, see the validator's summary and every error by
line, and download a fixed copy (invalid and repeated rows dropped, optionally converted)."""

from __future__ import annotations

import typing
from typing import Any

import gradio as gr

from tunewise.tools.validate.models import FormatName
from tunewise.ui.web.errors import friendly
from tunewise.ui.web.services import Services

FORMATS = list(typing.get_args(FormatName))
ISSUE_COLUMNS = ["line", "severity", "code", "message"]


def summary_markdown(report: Any) -> str:
    s = report.stats
    verdict = "ready to train" if report.ok else "has errors - fix them before training"
    lines = [
        f"### {report.n_examples:,} valid examples ({report.format}): {verdict}",
        f"- {s.n_lines:,} lines, {s.n_invalid:,} with errors, {len(report.warnings):,} warnings",
        f"- tokens: {s.tokens.total:,} in all, mean {s.tokens.mean:.0f}, max {s.tokens.max:,} "
        f"({s.tokenizer}{'' if s.tokens_exact else ', estimate'})",
        f"- size: {s.size_guidance}",
        f"- suggested split: {s.split}",
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
    from tunewise.tools.validate import ValidateInput, validate_data

    path = services.keep_upload(upload, (".jsonl", ".json", ".txt"))
    fixed = services.output_path(path.stem.split("-", 1)[-1] + ".fixed.jsonl")
    inp = ValidateInput(
        path=path,
        format=fmt or "auto",
        fix_out=fixed,
        fix_format=None if convert in (None, "", "same") else convert,
    )
    progress(0.0, desc="validating")
    report = validate_data(inp, services.catalogue(), lambda f: progress(f, desc="validating"))
    rows = [[i.line, "error", i.code, i.message] for i in report.errors]
    rows += [[i.line, "warning", i.code, i.message] for i in report.warnings]
    rows.sort(key=lambda r: (r[0], r[1]))
    download = gr.update(value=str(fixed), visible=bool(report.fix and report.fix.written))
    text = summary_markdown(report)
    if report.fix:
        f = report.fix
        text += (
            f"\n\nFixed copy: {f.written:,} rows kept ({f.format}); dropped {f.dropped_invalid:,} "
            f"invalid, {f.dropped_duplicates:,} repeated, {f.not_convertible:,} not convertible."
        )
    return text, rows, download


def build(services: Services) -> None:
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

    @friendly
    def run(upload: Any, fmt: str, convert: str, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008 - gradio injects it
        return check(services, upload, fmt, convert, progress)

    go.click(run, [upload, fmt, convert], [summary, issues, download], api_name="validate")
