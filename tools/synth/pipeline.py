"""generate_synthetic_data: seeds -> candidates (teacher or templates) -> filters -> rows.

Rows are appended to the output file one at a time (flushed), with a provenance line each in
a sidecar file, so an interrupted run loses nothing and a re-run with the same output file
continues it (the rows already there count and are never generated twice)."""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tunewise.tools.synth.filters import Novelty, invalid_rows, length_reason
from tunewise.tools.synth.fluency import row_text, unfluent
from tunewise.tools.synth.models import SynthError, SynthInput, SynthReport
from tunewise.tools.synth.prompts import SYNTH_PROMPT_VERSION
from tunewise.tools.synth.seeds import Seed, load_seeds, render, row_pair
from tunewise.tools.synth.source import ModelSource, TemplateSource
from tunewise.tools.synth.teachers import Budget, make_teacher
from tunewise.tools.synth.template import Candidate, TemplateGenerator
from tunewise.tools.validate import ValidateInput, validate_data

STALL_ROUNDS = 5


def sidecars(out: Path) -> tuple[Path, Path]:
    return out.with_name(out.stem + ".provenance.jsonl"), out.with_name(out.stem + ".synth.json")


def _run_key(inp: SynthInput, seeds: list[Seed]) -> str:
    basis = json.dumps([inp.task, inp.format, [s.id for s in seeds]])
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def _resume(out: Path, state: Path, key: str) -> list[tuple[str, str]]:
    """Rows already in `out` from an earlier run of the same job; refuses a foreign file."""
    if not out.exists():
        return []
    known = json.loads(state.read_text(encoding="utf-8")) if state.exists() else {}
    if known.get("key") != key:
        raise SynthError(
            f"{out} already exists and was not made by this synth job (other task, format or "
            "seeds); choose a new --out. Nothing was changed."
        )
    lines = out.read_text(encoding="utf-8").splitlines()
    pairs, good = [], []
    for line in lines:
        try:
            pair = row_pair(json.loads(line))
        except json.JSONDecodeError:
            continue  # a row cut off by an interruption: dropped below
        if pair:
            pairs.append(pair)
            good.append(line)
    if len(good) != len(lines):
        tmp = out.with_suffix(".tmp")
        tmp.write_text("".join(x + "\n" for x in good), encoding="utf-8")
        tmp.replace(out)
    return pairs


def _source(
    inp: SynthInput,
    seeds: list[Seed],
    settings: Any,
    catalogue: Any,
    budget: Budget,
    rng: random.Random,
    teacher: Any,
) -> ModelSource | TemplateSource:
    if teacher is None and inp.teacher == "template":
        if inp.judge:
            raise SynthError("--judge needs a model teacher (smollm2 or a hosted model)")
        gen = TemplateGenerator(seeds, inp.task, inp.personas, inp.difficulties, rng)
        return TemplateSource(gen, inp.adversarial)
    teacher = teacher or make_teacher(inp.teacher, settings, catalogue, inp.max_retries)
    return ModelSource(teacher, inp, seeds, rng, budget)


def generate_synthetic_data(
    inp: SynthInput,
    catalogue: Any,
    settings: Any = None,
    progress: Callable[[int, int], None] | None = None,
    teacher: Any = None,
    on_estimate: Callable[[float], None] | None = None,
) -> SynthReport:
    """Generate until the output file holds `inp.count` rows (or a stop: budget, a teacher
    that yields nothing usable). `on_estimate(usd)` hears the cost estimate before any paid
    call is made (hosted teachers only)."""
    t0 = time.perf_counter()
    seeds = load_seeds(inp)
    out = inp.out
    if inp.seeds_file and out.resolve() == inp.seeds_file.resolve():
        raise SynthError("--out is the seeds file; write the generated rows to a new file")
    if out.is_dir():
        raise SynthError(f"{out} is a folder; give a file name such as synthetic.jsonl")
    prov, state = sidecars(out)
    key = _run_key(inp, seeds)
    existing = _resume(out, state, key)
    rng = random.Random(inp.random_seed + len(existing))
    budget = Budget(inp.budget_usd)
    source = _source(inp, seeds, settings, catalogue, budget, rng, teacher)
    novelty = Novelty(inp.similarity or source.similarity)
    for s in seeds:
        novelty.add(s.input, s.output)
    for user, answer in existing:
        novelty.add(user, answer)
    estimate = source.estimate_cost(max(0, inp.count - len(existing)))
    if estimate is not None and on_estimate:
        on_estimate(estimate)
    out.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"key": key, "task": inp.task, "format": inp.format}), "utf-8")
    seed_text = {sd.id: row_text(sd.input, sd.output) for sd in seeds}
    fluency_cache: dict[str, float] = {}
    kept, generated, stalls = len(existing), 0, 0
    dropped: Counter[str] = Counter()
    stopped: str | None = None
    if progress:
        progress(kept, inp.count)
    with open(out, "a", encoding="utf-8") as fo, open(prov, "a", encoding="utf-8") as fp:
        while kept < inp.count:
            cands = source.round(inp.count - kept)
            generated += len(cands)
            accepted = _filter(cands, novelty, inp, dropped)
            if accepted and inp.fluency and source.name in FLUENCY_CHECKED:
                accepted = _fluent(accepted, seed_text, fluency_cache, dropped)
            if accepted and inp.judge:
                scores = source.judge([c for c, _ in accepted])
                accepted = _judged(accepted, scores, inp.judge_threshold, dropped)
            rows = [render(c.system, c.input, c.output, inp.format) for c, _ in accepted]
            bad = invalid_rows(rows, inp.format, catalogue) if rows else {}
            before = kept
            for i, ((cand, scores), row) in enumerate(zip(accepted, rows, strict=True)):
                if i in bad:
                    dropped[f"invalid_{bad[i]}"] += 1
                    continue
                if kept >= inp.count:
                    break
                fo.write(json.dumps(row, ensure_ascii=False) + "\n")
                fo.flush()
                kept += 1
                fp.write(json.dumps(_provenance(kept, cand, source.name, scores)) + "\n")
                fp.flush()
                if progress:
                    progress(kept, inp.count)
            if source.stopped:
                stopped = source.stopped
                break
            stalls = stalls + 1 if kept == before else 0
            if stalls >= STALL_ROUNDS:
                stopped = (
                    f"no new rows in {STALL_ROUNDS} rounds: everything was filtered (see dropped); "
                    "add more varied seeds, topics or personas"
                )
                break
    dropped.update(source.dropped)
    valid_ok, n_errors = _final_check(out, inp.format, catalogue, kept)
    return SynthReport(
        out=out,
        provenance=prov,
        teacher=source.name,
        quality_note=source.quality_note,
        requested=inp.count,
        kept=kept,
        kept_before=len(existing),
        generated=generated,
        dropped=dict(dropped),
        estimated_cost_usd=estimate,
        spent_usd=round(budget.spent, 6) if isinstance(source, ModelSource) else None,
        stopped=stopped,
        validation_ok=valid_ok,
        validation_errors=n_errors,
        seconds=round(time.perf_counter() - t0, 2),
    )


def _filter(
    cands: list[Candidate], novelty: Novelty, inp: SynthInput, dropped: Counter[str]
) -> list[tuple[Candidate, dict]]:
    accepted = []
    for c in cands:
        reason = length_reason(c.output, inp.min_chars, inp.max_chars)
        if reason is None and not c.input.strip():
            reason = "empty_input"
        if reason is None:
            reason, sim = novelty.check(c.input, c.output)
        if reason:
            dropped[reason] += 1
            continue
        novelty.add(c.input, c.output)
        accepted.append((c, {"rouge_l_max": sim, "chars": len(c.output)}))
    return accepted


# Offline teachers whose rows can come out as word salad; hosted teachers write fluent text.
FLUENCY_CHECKED = {"template", "smollm2"}


def _fluent(
    accepted: list[tuple[Candidate, dict]],
    seed_text: dict[str, str],
    cache: dict[str, float],
    dropped: Counter[str],
) -> list[tuple[Candidate, dict]]:
    bad = unfluent([c for c, _ in accepted], seed_text, cache)
    kept = []
    for i, (c, sc) in enumerate(accepted):
        if i in bad:
            dropped["not_fluent"] += 1
        else:
            kept.append((c, sc))
    return kept


def _judged(
    accepted: list[tuple[Candidate, dict]], scores: list, threshold: float, dropped: Counter[str]
) -> list[tuple[Candidate, dict]]:
    kept = []
    for (c, sc), score in zip(accepted, scores, strict=False):
        if score is None:
            dropped["judge_unparseable"] += 1
        elif score < threshold:
            dropped["low_judge_score"] += 1
        else:
            kept.append((c, {**sc, "judge": score}))
    return kept


def _provenance(line: int, c: Candidate, teacher: str, scores: dict) -> dict:
    return {
        "line": line,
        "teacher": teacher,
        "prompt_version": SYNTH_PROMPT_VERSION,
        "seed_ids": c.seed_ids,
        "kind": c.kind,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scores": scores,
    }


def _final_check(out: Path, fmt: str, catalogue: Any, kept: int) -> tuple[bool, int]:
    if kept == 0:
        return False, 0

    report = validate_data(ValidateInput(path=out, format=fmt), catalogue)
    return report.ok, len(report.errors)
