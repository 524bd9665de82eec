"""The parts of a validation report a chat answer, a launch preview or a plan needs (the
whole report is the CLI's --json)."""

from __future__ import annotations

from typing import Any

SHOWN_ISSUES = 10


def summarize_report(report: Any) -> dict:
    """The parts of a validation report a chat answer needs (full report: the CLI's --json)."""
    data = report.model_dump(mode="json")
    return {
        "ok": data["ok"],
        "format": data["format"],
        "n_examples": data["n_examples"],
        "n_lines": data["stats"]["n_lines"],
        "by_code": data["stats"]["by_code"],
        "errors": data["errors"][:SHOWN_ISSUES],
        "warnings": data["warnings"][:SHOWN_ISSUES],
        "n_errors": len(data["errors"]),
        "n_warnings": len(data["warnings"]),
        "tokens": data["stats"]["tokens"],
        "tokenizer": data["stats"]["tokenizer"],
        "size_guidance": data["stats"]["size_guidance"],
        "split": data["stats"]["split"],
        "estimate": data["estimate"],
        "fix": data["fix"],
    }
