"""The Self-Instruct filters: length bounds, exact duplicates and near-duplicates (ROUGE-L of
the input against the seeds and every row kept so far, with a word-overlap pre-check so the
quadratic ROUGE-L runs only on plausible pairs), and the batch check with our validator."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from tunewise.tools.evaluate import rouge_l
from tunewise.tools.validate import ValidateInput, validate_data

OVERLAP_PRECHECK = 0.3


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def key(user: str, answer: str) -> str:
    return hashlib.sha256(f"{_norm(user)}\x00{_norm(answer)}".encode()).hexdigest()


class Novelty:
    """Exact and near-duplicate memory over inputs (seeds first, then kept rows)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.keys: set[str] = set()
        self.inputs: list[tuple[str, frozenset[str]]] = []

    def add(self, user: str, answer: str) -> None:
        self.keys.add(key(user, answer))
        norm = _norm(user)
        self.inputs.append((norm, frozenset(norm.split())))

    def check(self, user: str, answer: str) -> tuple[str | None, float]:
        """(reason to drop or None, highest ROUGE-L against what is known)."""
        if key(user, answer) in self.keys:
            return "duplicate", 1.0
        norm = _norm(user)
        words = frozenset(norm.split())
        best = 0.0
        for text, other in self.inputs:
            union = len(words | other) or 1
            if len(words & other) / union < OVERLAP_PRECHECK:
                continue
            best = max(best, rouge_l(norm, text))
            if best > self.threshold:
                return "near_duplicate", round(best, 3)
        return None, round(best, 3)


def length_reason(answer: str, min_chars: int, max_chars: int) -> str | None:
    n = len(answer.strip())
    if n == 0:
        return "empty_output"
    if n < min_chars:
        return "too_short"
    if n > max_chars:
        return "too_long"
    return None


def invalid_rows(rows: list[dict], fmt: str, catalogue: Any) -> dict[int, str]:
    """Index -> first error code, from running the validator over the batch as a file.
    File-level findings (line 0, e.g. too few examples in a small batch) are not row errors."""

    with tempfile.TemporaryDirectory(prefix="tunewise-synth-") as tmp:
        path = Path(tmp) / "batch.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        report = validate_data(ValidateInput(path=path, format=fmt, workers=1), catalogue)
    bad: dict[int, str] = {}
    for issue in report.errors:
        if issue.line > 0:
            bad.setdefault(issue.line - 1, issue.code)
    return bad


def parse_list(text: str) -> list[str] | None:
    """A JSON array of strings from a teacher's reply (code fences tolerated), else None."""
    body = text.strip()
    body = re.sub(r"^```(?:json)?\s*|\s*```$", "", body)
    start, end = body.find("["), body.rfind("]")
    if start < 0 or end <= start:
        return None
    try:
        items = json.loads(body[start : end + 1])
    except json.JSONDecodeError:
        return None
    if not isinstance(items, list):
        return None
    out = [i.strip() for i in items if isinstance(i, str) and i.strip()]
    return out or None


def parse_score(text: str) -> float | None:
    m = re.search(r'"score"\s*:\s*(\d+(?:\.\d+)?)', text) or re.fullmatch(
        r"\s*(\d+(?:\.\d+)?)\s*", text
    )
    return float(m.group(1)) if m else None
