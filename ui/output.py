"""Shared CLI output helpers: one JSON document on stdout, errors as one line on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def emit_json(payload: Any) -> None:
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json")
    elif isinstance(payload, list):
        payload = [p.model_dump(mode="json") if isinstance(p, BaseModel) else p for p in payload]
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


def fail(message: str, code: int = EXIT_DATA) -> int:
    """Print `tunewise: error: message` (one line) and return the exit code."""
    sys.stderr.write(f"tunewise: error: {' '.join(message.split())}\n")
    return code


def comma_list(text: str | None) -> list[str]:
    """'a, b,,c' -> ['a', 'b', 'c'] (command-line flags and web form fields)."""
    return [x.strip() for x in (text or "").split(",") if x.strip()]


def info(message: str) -> None:
    sys.stderr.write(message + "\n")
