"""The fluency filter: a row is dropped when the bundled SmolLM2 finds it much less likely,
per token, than the seed it came from (word salad such as "my Acme turn is very has" has
several times its seed's perplexity; a fluent variant with other names or numbers stays
within a few tens of percent). The model only scores, it never generates: one forward pass
per batch of rows. Loaded once per process, on first use."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from tunewise.tools.train.entry import load_model

FLUENCY_RATIO = 1.6  # drop a row whose perplexity is above 1.6x its seed's
BATCH = 16


def load_smollm2() -> tuple[Any, Any]:
    """SmolLM2 for scoring and for the offline teacher, its weights rounded to bf16 (as the
    model was published). The de-quantised GGUF is kept once as a model folder
    (tools/train/gguf_cache.py), so this takes about a second after the first load."""
    import torch

    model, tok = load_model("smollm2")
    return model.to(torch.bfloat16).to(torch.float32), tok


class FluencyScorer:
    def __init__(self) -> None:
        import torch

        self.torch = torch
        self.model, self.tok = load_smollm2()
        if self.tok.pad_token is None:
            self.tok.pad_token = self.tok.eos_token
        self.model.eval()

    def perplexities(self, texts: list[str]) -> list[float]:
        """Per-token perplexity of each text (exp of the mean next-token loss)."""
        out: list[float] = []
        torch = self.torch
        for i in range(0, len(texts), BATCH):
            chunk = texts[i : i + BATCH]
            enc = self.tok(
                chunk, return_tensors="pt", padding=True, truncation=True, max_length=512
            )
            with torch.no_grad():
                logits = self.model(**enc).logits[:, :-1]
            labels = enc.input_ids[:, 1:]
            mask = enc.attention_mask[:, 1:].float()
            nll = torch.nn.functional.cross_entropy(
                logits.transpose(1, 2), labels, reduction="none"
            )
            per_row = (nll * mask).sum(1) / mask.sum(1).clamp(min=1)
            out += [math.exp(min(float(x), 50.0)) for x in per_row]
        return out


@lru_cache(maxsize=1)
def scorer() -> FluencyScorer:
    return FluencyScorer()


def row_text(user: str, answer: str) -> str:
    return f"{user}\n{answer}"


def unfluent(
    candidates: list[Any], seed_text: dict[str, str], cache: dict[str, float]
) -> dict[int, tuple[float, float]]:
    """Index -> (row perplexity, seed perplexity) for the candidates to drop. Candidates
    without a seed (adversarial rows) are not scored."""
    s = scorer()
    need = [sid for sid in {c.seed_ids[0] for c in candidates if c.seed_ids} if sid not in cache]
    if need:
        for sid, p in zip(need, s.perplexities([seed_text[sid] for sid in need]), strict=True):
            cache[sid] = p
    idx = [i for i, c in enumerate(candidates) if c.seed_ids]
    scores = s.perplexities([row_text(c.input, c.output) for c in (candidates[i] for i in idx)])
    bad = {}
    for i, p in zip(idx, scores, strict=True):
        base = cache[candidates[i].seed_ids[0]]
        if p > FLUENCY_RATIO * base:
            bad[i] = (round(p, 1), round(base, 1))
    return bad
