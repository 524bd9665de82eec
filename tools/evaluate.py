"""`evaluate`: the evidence behind "prompt or fine-tune". On a held-out chat JSONL, compare
(a) the base model zero-shot, (b) the base model with a few-shot prompt built from training
rows, and (c) base + LoRA adapter, on exact match, JSON validity (where the references are
JSON), format compliance, ROUGE-L, latency and prompt tokens per call. Heavy imports stay
inside `evaluate` so importing this module is cheap."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tunewise.core.errors import ToolError
from tunewise.core.paths import FilePath, ModelRef, OptionalFilePath
from tunewise.tools.train.entry import load_base
from tunewise.tools.train.spec import JobSpec


class EvalInput(BaseModel):
    heldout: FilePath = Field(description="held-out chat JSONL (last assistant turn = reference)")
    base_model: ModelRef = Field("smollm2", description="model folder, .gguf file or 'smollm2'")
    adapter: OptionalFilePath = Field(None, description="LoRA adapter folder to compare")
    train_file: OptionalFilePath = Field(None, description="rows for the few-shot prompt")
    n_shots: int = Field(3, ge=0, le=16)
    limit: int = Field(20, ge=1, le=1000, description="held-out examples to score")
    max_new_tokens: int = Field(64, ge=1, le=2048)
    out_dir: OptionalFilePath = Field(None, description="write report.md and report.json here")


class ApproachScore(BaseModel):
    approach: str
    n: int
    exact_match: float
    json_valid: float | None = Field(description="None when the references are not JSON")
    format_compliance: float
    rouge_l: float
    latency_ms_p50: float
    prompt_tokens_mean: float
    samples: list[str] = Field(default_factory=list, description="first outputs, for a look")


class EvalReport(BaseModel):
    approaches: list[ApproachScore]
    winner: str
    margin: float = Field(description="ROUGE-L points between the winner and the runner-up")
    summary: str
    report_md: Path | None = None


def _rows(path: Path, limit: int) -> list[tuple[list[dict], str]]:
    """(prompt messages, reference) pairs from chat JSONL."""
    if not path.is_file():
        raise ToolError(f"{path}: no such file; give a held-out .jsonl file")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            msgs = json.loads(line)["messages"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise ToolError(
                f"{path}: every line must be a chat example with 'messages' "
                "(run tunewise validate on it)"
            ) from None
        last = max(i for i, m in enumerate(msgs) if m.get("role") == "assistant")
        out.append(
            (
                [{"role": m["role"], "content": m["content"]} for m in msgs[:last]],
                msgs[last]["content"],
            )
        )
        if len(out) >= limit:
            break
    if not out:
        raise ToolError(f"{path} has no examples")
    return out


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 over whitespace tokens (longest common subsequence)."""
    a, b = candidate.split(), reference.split()
    if not a or not b:
        return float(a == b)
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    lcs = prev[-1]
    if lcs == 0:
        return 0.0
    p, r = lcs / len(a), lcs / len(b)
    return 2 * p * r / (p + r)


def _json(text: str) -> object | None:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def compliant(output: str, reference: str) -> bool:
    """Same shape as the reference: JSON with the same keys, or the same leading marker."""
    ref = _json(reference)
    if ref is not None:
        got = _json(output)
        if isinstance(ref, dict):
            return isinstance(got, dict) and set(got) == set(ref)
        return got is not None
    marker = reference.strip()[:2]
    return output.strip().startswith(marker) if not marker.isalnum() else bool(output.strip())


def _score(name: str, outs: list[tuple[str, float, int]], refs: list[str]) -> ApproachScore:
    texts = [o[0].strip() for o in outs]
    json_refs = [r for r in refs if _json(r) is not None]
    return ApproachScore(
        approach=name,
        n=len(refs),
        exact_match=sum(t == r.strip() for t, r in zip(texts, refs, strict=True)) / len(refs),
        json_valid=(
            sum(
                _json(t) is not None
                for t, r in zip(texts, refs, strict=True)
                if _json(r) is not None
            )
            / len(json_refs)
        )
        if json_refs
        else None,
        format_compliance=sum(compliant(t, r) for t, r in zip(texts, refs, strict=True))
        / len(refs),
        rouge_l=round(statistics.fmean(rouge_l(t, r) for t, r in zip(texts, refs, strict=True)), 4),
        latency_ms_p50=round(statistics.median(o[1] for o in outs), 1),
        prompt_tokens_mean=round(statistics.fmean(o[2] for o in outs), 1),
        samples=texts[:3],
    )


def _generate(model, tok, messages: list[dict], max_new: int) -> tuple[str, float, int]:  # noqa: ANN001
    import torch

    ids = tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt")
    if not isinstance(ids, torch.Tensor):  # newer tokenizers return a BatchEncoding
        ids = ids["input_ids"]
    t = time.perf_counter()
    with torch.no_grad():
        out = model.generate(
            ids, max_new_tokens=max_new, do_sample=False, pad_token_id=tok.pad_token_id
        )
    ms = (time.perf_counter() - t) * 1000
    return tok.decode(out[0, ids.shape[1] :], skip_special_tokens=True), ms, int(ids.shape[1])


def evaluate(inp: EvalInput, progress: Callable[[str], None] | None = None) -> EvalReport:
    """`progress(text)` hears each step as it happens (model loading, each approach's rows)."""

    say = progress or (lambda _text: None)

    def answers(name: str, model: Any, prompts: list[list[dict]]) -> list[tuple[str, float, int]]:
        outs = []
        for i, p in enumerate(prompts, 1):
            outs.append(_generate(model, tok, p, inp.max_new_tokens))
            if i == 1 or i == len(prompts) or i % 5 == 0:
                say(f"{name}: {i}/{len(prompts)} answers")
        return outs

    rows = _rows(inp.heldout, inp.limit)
    refs = [r for _, r in rows]
    shots: list[dict] = []
    if inp.train_file is not None and inp.n_shots:
        for prompt, ref in _rows(inp.train_file, inp.n_shots):
            shots += [
                *(m for m in prompt if m["role"] != "system"),
                {"role": "assistant", "content": ref},
            ]
    spec = JobSpec(base_model=inp.base_model, dataset=inp.heldout, output_dir=Path("."))
    say(f"loading the base model {inp.base_model}")
    model, tok = load_base(spec)
    model.eval()
    prompts = [p for p, _ in rows]
    results = [_score("base zero-shot", answers("base zero-shot", model, prompts), refs)]
    if shots:

        def with_shots(p: list[dict]) -> list[dict]:
            system = [m for m in p if m["role"] == "system"]
            return system + shots + [m for m in p if m["role"] != "system"]

        name = f"base {inp.n_shots}-shot"
        shot_prompts = [with_shots(p) for p in prompts]
        results.append(_score(name, answers(name, model, shot_prompts), refs))
    if inp.adapter is not None:
        if not (inp.adapter / "adapter_config.json").exists():
            raise ToolError(f"{inp.adapter} is not a LoRA adapter folder (no adapter_config.json)")
        from peft import PeftModel

        say("loading the LoRA adapter")
        tuned = PeftModel.from_pretrained(model, inp.adapter)
        tuned.eval()
        name = "base + LoRA adapter"
        results.append(_score(name, answers(name, tuned, prompts), refs))
    say("scoring")
    return _report(results, inp.out_dir)


def _report(results: list[ApproachScore], out_dir: Path | None) -> EvalReport:
    ranked = sorted(results, key=lambda s: (s.rouge_l, s.exact_match), reverse=True)
    best = ranked[0]
    margin = round(best.rouge_l - ranked[1].rouge_l, 4) if len(ranked) > 1 else 0.0
    summary = f"{best.approach} wins on ROUGE-L ({best.rouge_l:.3f})"
    if len(ranked) > 1:
        other = ranked[1]
        summary += (
            f", {margin:.3f} ahead of {other.approach}; prompt tokens per call "
            f"{best.prompt_tokens_mean:.0f} vs {other.prompt_tokens_mean:.0f}"
        )
    report = EvalReport(
        approaches=results, winner=best.approach, margin=margin, summary=summary + "."
    )
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        md = out_dir / "report.md"
        md.write_text(to_markdown(report), encoding="utf-8")
        report.report_md = md
        (out_dir / "report.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return report


def to_markdown(r: EvalReport) -> str:
    lines = [
        "# Prompting vs fine-tuning: evaluation",
        "",
        r.summary,
        "",
        "| approach | exact match | JSON valid | format | ROUGE-L | p50 latency ms | "
        "prompt tokens |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in r.approaches:
        jv = "-" if s.json_valid is None else f"{s.json_valid:.2f}"
        lines.append(
            f"| {s.approach} | {s.exact_match:.2f} | {jv} | {s.format_compliance:.2f}"
            f" | {s.rouge_l:.3f} | {s.latency_ms_p50:.0f} | {s.prompt_tokens_mean:.0f} |"
        )
    return "\n".join(lines) + "\n"
