"""`--fix OUT`: a cleaned copy of a validated file. Invalid and repeated rows are dropped,
text is trimmed, and rows can be converted to another target's shape. The input is never
written to; the copy is written beside OUT and renamed into place when complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson

from tunewise.core.errors import InputFileError
from tunewise.tools.validate.models import FixResult, ValidateInput
from tunewise.tools.validate.scan import BOM, MAX_LINE_BYTES
from tunewise.tools.validate.targets import TARGETS, Target, detect_shape

TEXT_KEYS = {"content", "text", "prompt", "completion", "instruction", "input", "output", "system"}


def _trim(value):
    if isinstance(value, dict):
        return {
            k: (v.strip() if k in TEXT_KEYS and isinstance(v, str) else _trim(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_trim(v) for v in value]
    return value


def turns_of(obj: dict, shape: str) -> tuple[str | None, list[tuple[str, str]]] | None:
    """A neutral (system, [(role, text)]) view of a row, or None if it holds more than text."""
    if shape in ("chat", "haiku"):
        system = obj.get("system") if shape == "haiku" else None
        turns = []
        for m in obj["messages"]:
            if set(m) - {"role", "content"} or not isinstance(m.get("content"), str):
                return None
            if m["role"] == "system" and system is None and not turns:
                system = m["content"]
            else:
                turns.append((m["role"], m["content"]))
        return system, turns
    if shape == "converse":
        if any(set(b) != {"text"} for m in obj["messages"] for b in m["content"]):
            return None  # tool use, reasoning or media: more than text to convert
        system = " ".join(b["text"] for b in obj.get("system") or []) or None
        return system, [
            (m["role"], " ".join(b.get("text", "") for b in m["content"])) for m in obj["messages"]
        ]
    if shape == "prompt_completion" and isinstance(obj["prompt"], str):
        return None, [("user", obj["prompt"]), ("assistant", obj["completion"])]
    if shape == "alpaca":
        user = obj["instruction"] + ("\n\n" + obj["input"] if obj.get("input") else "")
        return obj.get("system"), [("user", user), ("assistant", obj["output"])]
    return None


def render_row(system: str | None, turns: list[tuple[str, str]], to: Target) -> dict | None:
    shape = sorted(to.shapes)[0] if to.name != "bedrock_haiku" else "haiku"
    if shape == "chat":
        head = [{"role": "system", "content": system}] if system else []
        return {"messages": head + [{"role": r, "content": c} for r, c in turns]}
    if shape == "haiku":
        row: dict = {"system": system} if system else {}
        row["messages"] = [{"role": r, "content": c} for r, c in turns]
        return row
    if shape == "converse":
        row = {"schemaVersion": "bedrock-conversation-2024"}
        if system:
            row["system"] = [{"text": system}]
        row["messages"] = [{"role": r, "content": [{"text": c}]} for r, c in turns]
        return row
    single = len(turns) == 2 and turns[0][0] == "user" and turns[1][0] == "assistant"
    if shape == "prompt_completion" and single and not system:
        return {"prompt": turns[0][1], "completion": turns[1][1]}
    if shape == "alpaca" and single:
        row = {"instruction": turns[0][1], "input": "", "output": turns[1][1]}
        return {**row, "system": system} if system else row
    return None


def write_fixed(
    inp: ValidateInput, source: Target, keep: Iterator[int], n_lines: int, n_valid: int
) -> FixResult:
    """Copy the lines in `keep` (ascending line numbers), cleaned and maybe converted."""
    out = Path(inp.fix_out)  # type: ignore[arg-type]
    if out.exists() and out.resolve() == inp.path.resolve():
        raise InputFileError("--fix must name a new file; the input is never overwritten")
    if out.is_dir():
        raise InputFileError(f"{out} is a folder; give --fix a file name such as clean.jsonl")
    to = TARGETS[inp.fix_format] if inp.fix_format and inp.fix_format != "auto" else source
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tunewise-fix-", dir=out.parent)
    written = unconvertible = n_kept = 0
    nxt = next(keep, None)
    try:
        with os.fdopen(fd, "wb") as dst, open(inp.path, "rb") as src:
            for lineno, raw in enumerate(src, 1):
                if nxt is None:
                    break
                if lineno != nxt or len(raw) > MAX_LINE_BYTES:
                    continue
                nxt = next(keep, None)
                n_kept += 1
                obj = _trim(orjson.loads(raw.removeprefix(BOM) if lineno == 1 else raw))
                if to is not source:
                    view = turns_of(obj, detect_shape(obj) or "")
                    obj = render_row(*view, to) if view else None
                    if obj is None:
                        unconvertible += 1
                        continue
                dst.write(orjson.dumps(obj) + b"\n")
                written += 1
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return FixResult(
        path=out,
        written=written,
        dropped_invalid=n_lines - n_valid,
        dropped_duplicates=n_valid - n_kept,
        not_convertible=unconvertible,
        format=to.name,
    )
