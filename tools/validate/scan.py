"""Scan one byte range of a JSONL file line by line: the per-line half of the validator.

It never holds more than one line (capped at MAX_LINE_BYTES) and one batch of token ids;
what the file-wide checks need is kept as compact numpy columns (about 100 bytes an
example). Several ranges run in worker processes side by side.
"""

from __future__ import annotations

import gc
from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import orjson
import xxhash

from tunewise.tools.validate.images import openai_image_tokens, trains_on_images
from tunewise.tools.validate.neardup import shingles, signatures
from tunewise.tools.validate.pii import find_pii, pii_hints
from tunewise.tools.validate.shapes import CHECKERS
from tunewise.tools.validate.spill import SpillWriter
from tunewise.tools.validate.targets import TARGETS, TRL_MAX_LENGTH, Target, detect_shape
from tunewise.tools.validate.tokens import Cl100kCounter

MAX_LINE_BYTES = 32 * 1024 * 1024
MAX_ISSUES_PER_CODE = 200
BATCH = 1000
BOM = b"\xef\xbb\xbf"


@dataclass
class ChunkResult:
    n_lines: int = 0
    issues: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, code, sev, msg
    counts: Counter = field(default_factory=Counter)  # (code, severity) -> n
    crlf: int = 0
    estimated_tokens: int = 0  # examples whose count is partly an estimate
    n_kept: int = 0  # valid examples written to the spill files
    repairable: list[int] = field(default_factory=list)  # lines --fix can repair
    dropped: Counter = field(default_factory=Counter)  # first error code of each bad line
    images: int = 0  # image parts in valid examples
    images_uncosted: int = 0  # of them, not counted in the tokens (size unknown to us)


def _h(text: str) -> int:
    return xxhash.xxh64_intdigest(text.encode("utf-8", "surrogatepass"))


# Set in worker processes by `init_progress`: bytes done per worker, read by the parent.
_PROGRESS = None


def init_progress(shared) -> None:  # noqa: ANN001 - a multiprocessing Array
    global _PROGRESS
    _PROGRESS = shared


def _lines(path: str, start: int, end: int, worker: int = 0):
    """Yield (raw bytes, too_long) for each line starting in [start, end)."""
    with open(path, "rb") as f:
        f.seek(start)
        pos = start
        n = 0
        while pos < end:
            raw = f.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            pos += len(raw)
            n += 1
            if _PROGRESS is not None and n % 4096 == 0:
                _PROGRESS[worker] = pos - start
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while True:  # skip the rest of an oversized line without keeping it
                    rest = f.readline(MAX_LINE_BYTES)
                    pos += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield b"", True
                continue
            yield raw, False


def scan_range(
    path: str,
    start: int,
    end: int,
    target_name: str,
    max_tokens: int | None,
    spill_dir: str,
    worker: int,
    n_parts: int,
    image_model: str | None = None,
    shared: tuple[str, ...] = (),
) -> ChunkResult:
    """Check every line in [start, end) (line numbers from 1 within the range); write the
    valid examples' records to `spill_dir` (see spill.py) and return the issues found."""
    # Parsing makes millions of short-lived containers and no cycles: the cyclic collector
    # would only rescan them.
    enabled = gc.isenabled()
    gc.disable()
    writer = SpillWriter(spill_dir, worker, n_parts)
    try:
        res = _scan(path, start, end, target_name, max_tokens, writer, image_model, shared)
        writer.close()
        res.n_kept = writer.count
        return res
    finally:
        if enabled:
            gc.enable()


SAMPLE_ROWS = 1000
# A line of at least SHARED_WORDS words found verbatim in SHARED_ROWS of the file's first
# rows is shared text (a tool schema or a template pasted into every prompt): rows are
# compared on what is left, so it never makes them near-duplicates.
SHARED_WORDS, SHARED_ROWS = 8, 3


def shared_lines(path: str, target: Target) -> tuple[str, ...]:
    """The long lines found verbatim in SHARED_ROWS or more of the file's first rows. Read
    once by the parent; each worker turns them into shingles with its own word ids."""
    checker_for = {s: CHECKERS[s] for s in target.shapes}
    seen: Counter = Counter()
    with open(path, "rb") as f:
        for n, raw in enumerate(f):
            if n >= SAMPLE_ROWS:
                break
            try:
                obj = orjson.loads(raw.removeprefix(BOM) if n == 0 else raw)
            except orjson.JSONDecodeError:
                continue
            checker = checker_for.get(detect_shape(obj) or "")
            ext = checker(obj, target, lambda *a, **k: None) if checker else None
            if ext is None:
                continue
            seen.update(
                {
                    line.strip()
                    for role, text in ext.segments
                    if role != "system"
                    for line in text.split("\n")
                    if len(line.split()) >= SHARED_WORDS
                }
            )
    return tuple(line for line, k in seen.items() if k >= SHARED_ROWS)


def boilerplate_shingles(shared: tuple[str, ...], tok: Cl100kCounter) -> np.ndarray | None:
    """The shingles of the shared lines, sorted, in the word ids the signatures use."""
    if not shared:
        return None
    parts = []
    for line in shared:
        vals = array("Q")
        tok.extend(line, vals)
        ids = (np.frombuffer(vals, dtype=np.uint64) >> np.uint64(32)).astype(np.uint32)
        parts.append(shingles(ids, [ids.size])[0])
    return np.unique(np.concatenate(parts))


class _Batch:
    """Examples waiting for their token totals, which are computed a batch at a time."""

    def __init__(self) -> None:
        self.vals = array("Q")  # packed (word id, token count) per word, see tokens.py
        self.seg_end: list[int] = []  # end of each text's values in `vals`
        self.seg_extra: list[int] = []  # tokens counted outside `vals` (slow path)
        self.seg_asst: list[bool] = []
        self.ex_seg_end: list[int] = []  # end of each example's texts in seg_*
        self.ex_base: list[int] = []  # message overhead + system prompt tokens
        self.rows: list[tuple[int, int, int]] = []  # (line, input hash, output hash)

    def __len__(self) -> int:
        return len(self.rows)


def _flush(b: _Batch, writer: SpillWriter, too_long, boiler: np.ndarray | None = None) -> None:
    """Token totals, the too-long check and MinHash for a batch; commit the good rows."""
    if not b.rows:
        return
    v = np.frombuffer(b.vals, dtype=np.uint64)
    word_cs = np.r_[0, np.cumsum(v & np.uint64(0xFFFFFFFF), dtype=np.int64)]
    seg_end = np.asarray(b.seg_end, dtype=np.int64)
    seg_start = np.r_[0, seg_end[:-1]]
    seg_tok = word_cs[seg_end] - word_cs[seg_start] + np.asarray(b.seg_extra, dtype=np.int64)
    asst_tok = np.where(np.asarray(b.seg_asst, dtype=bool), seg_tok, 0)
    ex_end = np.asarray(b.ex_seg_end, dtype=np.int64)
    ex_start = np.r_[0, ex_end[:-1]]
    seg_cs, asst_cs = np.r_[0, np.cumsum(seg_tok)], np.r_[0, np.cumsum(asst_tok)]
    tokens = np.asarray(b.ex_base, dtype=np.int64) + seg_cs[ex_end] - seg_cs[ex_start]
    asst = asst_cs[ex_end] - asst_cs[ex_start]
    lines = np.asarray([r[0] for r in b.rows], dtype=np.int64)
    keep = too_long(lines, tokens)
    seg_bounds = np.r_[0, seg_end]  # word offsets at example boundaries
    words_per_ex = seg_bounds[ex_end] - seg_bounds[ex_start]
    sig = signatures((v >> np.uint64(32)).astype(np.uint32), words_per_ex.tolist(), boiler)
    writer.add(
        lines[keep],
        tokens[keep],
        asst[keep],
        np.fromiter((r[1] for r in b.rows), dtype=np.uint64, count=len(b.rows))[keep],
        np.fromiter((r[2] for r in b.rows), dtype=np.uint64, count=len(b.rows))[keep],
        sig[keep],
    )


def _scan(
    path: str,
    start: int,
    end: int,
    target_name: str,
    max_tokens,
    writer: SpillWriter,
    image_model: str | None = None,
    shared: tuple[str, ...] = (),
):
    target = TARGETS[target_name]
    checker_for = {s: CHECKERS[s] for s in target.shapes}
    images_ok = trains_on_images(target.vision_models, image_model)
    tok = Cl100kCounter()
    res = ChunkResult()
    batch = _Batch()
    state: dict = {"line": 0, "bad": False, "hard": False, "first": None}
    boiler = boilerplate_shingles(shared, tok)

    def add(code: str, message: str, severity: str | None = None, fixable: bool = False) -> None:
        sev = severity or target.severity(code)
        res.counts[(code, sev)] += 1
        if sev == "error":
            state["bad"] = True
            state["hard"] = state["hard"] or not fixable
            state["first"] = state["first"] or code
        if res.counts[(code, sev)] <= MAX_ISSUES_PER_CODE:
            res.issues.append((state["line"], code, sev, message))

    def finish() -> None:
        """Book the line just checked: a line with errors is dropped by --fix, or repaired
        when every error on it is one --fix can repair."""
        if state["bad"] and state["line"]:
            if state["hard"]:
                res.dropped[state["first"]] += 1
            else:
                res.repairable.append(state["line"])

    def too_long(lines: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        keep = np.ones(lines.size, dtype=bool)
        if not max_tokens:
            return keep
        for i in np.flatnonzero(tokens > max_tokens).tolist():
            state["line"] = int(lines[i])
            limit = (
                f"TRL truncates past max_length={max_tokens:,} (its default is "
                f"{TRL_MAX_LENGTH:,}; --max-length to match your config)"
                if target.name.startswith("trl")
                else f"{target.label} allows {max_tokens:,} an example"
            )
            add("too_long", f"{tokens[i]:,} tokens; {limit}")
            keep[i] = target.severity("too_long") != "error"
        return keep

    for raw, oversized in _lines(path, start, end, writer.w):
        finish()
        res.n_lines += 1
        state.update(line=res.n_lines, bad=False, hard=False, first=None)
        if oversized:
            add("too_long", f"the line is over {MAX_LINE_BYTES // 2**20} MB; split or drop it")
            continue
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
            res.crlf += 1
        if start == 0 and res.n_lines == 1 and raw.startswith(BOM):
            raw = raw[3:]
            rejects = " (AWS's validators reject the file)" if target.bom == "error" else ""
            add(
                "encoding",
                f"the file starts with a UTF-8 byte-order mark{rejects}; --fix removes it, or "
                "re-save the file as UTF-8 without BOM",
                target.bom,
                fixable=True,
            )
        if not raw.strip():
            add("blank_line", "empty line; remove it (--fix does)")
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as u:
                add("encoding", f"invalid UTF-8 at byte {u.start}; re-save the file as UTF-8")
                continue
            add("invalid_json", f"not valid JSON: {str(exc)[:120]}")
            continue
        if not isinstance(obj, dict):
            add("not_an_object", f"each line must be a JSON object, not {type(obj).__name__}")
            continue
        shape = detect_shape(obj)
        if shape is None:
            keys = ", ".join(list(obj)[:5]) or "none"
            add("unknown_format", f"no known dataset shape (keys: {keys}); see --codes/--format")
            continue
        checker = checker_for.get(shape)
        if checker is None:
            add("mixed_format", f"this line is {shape!r}-shaped but the file is {target.name}")
            continue
        ext = checker(obj, target, add)
        if ext is not None and ext.images and not images_ok:
            add(
                "unsupported_image",
                f"{len(ext.images)} image(s), but {image_model or 'this model'} does not train "
                f"on images; {target.label} trains on images with "
                f"{', '.join(target.vision_models) or 'no model'} (pass --model), or drop them",
            )
        if ext is None or state["bad"]:
            continue
        kinds = pii_hints(raw)
        if kinds:
            for what, secret in find_pii("\n".join(t for _, t in ext.segments), kinds):
                sev = "error" if secret else "warning"
                add("pii", f"contains {what}; remove or mask it", sev)
            if state["bad"]:
                continue
        # The cookbook's count: 3 tokens a message + its role + its text, 1 a name, 3 a reply.
        base = 3 + 4 * ext.n_messages + ext.n_names
        estimated = False
        if ext.images:
            res.images += len(ext.images)
            if target.name.startswith("openai"):
                for part in ext.images:
                    n, exact = openai_image_tokens(part)
                    base += n
                    estimated |= not exact
            else:
                res.images_uncosted += len(ext.images)
        for role, text in ext.segments:
            if role == "system":  # shared instructions: counted, not part of similarity
                base += tok.count_repeated(text)
                continue
            extra, est = tok.extend(text, batch.vals)
            estimated |= est
            batch.seg_end.append(len(batch.vals))
            batch.seg_extra.append(extra)
            batch.seg_asst.append(role == "assistant")
        res.estimated_tokens += estimated
        batch.ex_seg_end.append(len(batch.seg_end))
        batch.ex_base.append(base)
        texts = [t for _, t in ext.segments]
        cut = max((i for i, t in enumerate(texts) if t is ext.output), default=len(texts))
        out_h = _h(ext.output.strip())
        # A row with no input of its own (plain text, a lone prompt) has nothing another row
        # could answer differently: it is keyed by its output, so only repeats match.
        has_input = any(role != "system" for role, _ in ext.segments[:cut])
        inp_h = _h("\x1e".join(texts[:cut])) if has_input else out_h
        batch.rows.append((res.n_lines, inp_h, out_h))
        if len(batch) >= BATCH:
            _flush(batch, writer, too_long, boiler)
            batch = _Batch()
    finish()
    _flush(batch, writer, too_long, boiler)
    return res
