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
from tunewise.tools.validate.convert import convert_row, repair_row
from tunewise.tools.validate.models import FixResult, ValidateInput
from tunewise.tools.validate.scan import BOM, MAX_LINE_BYTES
from tunewise.tools.validate.targets import TARGETS, Target

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


def write_fixed(
    inp: ValidateInput,
    source: Target,
    keep: Iterator[int],
    n_lines: int,
    n_valid: int,
    repairable: set[int] | None = None,
    dropped_by_code: dict[str, int] | None = None,
) -> FixResult:
    """Copy the lines in `keep` (ascending line numbers), cleaned, repaired where they are
    in `repairable`, and maybe converted."""
    out = Path(inp.fix_out)  # type: ignore[arg-type]
    if out.exists() and out.resolve() == inp.path.resolve():
        raise InputFileError("--fix must name a new file; the input is never overwritten")
    if out.is_dir():
        raise InputFileError(f"{out} is a folder; give --fix a file name such as clean.jsonl")
    repairable = repairable or set()
    to = TARGETS[inp.fix_format] if inp.fix_format and inp.fix_format != "auto" else source
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tunewise-fix-", dir=out.parent)
    written = unconvertible = n_kept = repaired = 0
    nxt = next(keep, None)
    try:
        with os.fdopen(fd, "wb") as dst, open(inp.path, "rb") as src:
            for lineno, raw in enumerate(src, 1):
                if nxt is None:
                    break
                if lineno != nxt or len(raw) > MAX_LINE_BYTES:
                    continue
                nxt = next(keep, None)
                obj = _trim(orjson.loads(raw.removeprefix(BOM) if lineno == 1 else raw))
                if lineno in repairable:
                    obj = repair_row(obj)
                    repaired += 1
                else:
                    n_kept += 1
                if to is not source:
                    obj = convert_row(obj, to)
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
        dropped_invalid=n_lines - n_valid - repaired,
        dropped_duplicates=n_valid - n_kept,
        not_convertible=unconvertible,
        format=to.name,
        repaired=repaired,
        dropped_by_code=dropped_by_code or {},
    )
