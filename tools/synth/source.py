"""Where candidate rows come from: the model source asks a teacher for new inputs (diversified
by topic, persona and difficulty; a share of hard negatives), then for each input's response,
and can score rows as a judge. Calls run concurrently up to the concurrency limit."""

from __future__ import annotations

import math
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tunewise.tools.synth import prompts as P
from tunewise.tools.synth.filters import parse_list, parse_score
from tunewise.tools.synth.models import SynthInput
from tunewise.tools.synth.seeds import Seed
from tunewise.tools.synth.teachers import Budget, BudgetExhausted
from tunewise.tools.synth.template import Candidate


def _tokens(text: str) -> int:
    return len(text) // 4 + 1


class ModelSource:
    similarity = 0.7  # ROUGE-L near-duplicate threshold, as Self-Instruct uses

    def __init__(
        self, teacher: Any, inp: SynthInput, seeds: list[Seed], rng: random.Random, budget: Budget
    ) -> None:
        self.teacher = teacher
        self.name = teacher.name
        self.quality_note = teacher.quality_note
        self.inp = inp
        self.seeds = seeds
        self.rng = rng
        self.budget = budget
        self.dropped: Counter[str] = Counter()
        self.stopped: str | None = None
        self.calls = 0
        longest_out = max(_tokens(s.output) for s in seeds)
        longest_in = max(_tokens(s.input) for s in seeds)
        self.out_tokens = min(1024, max(64, 2 * longest_out))
        self.in_tokens = min(2048, inp.batch * 2 * longest_in + 64)
        self.one_in_tokens = min(512, 2 * longest_in + 16)

    # -- prompts ------------------------------------------------------------------------
    def _examples(self) -> str:
        picks = self.rng.sample(self.seeds, min(3, len(self.seeds)))
        return "\n".join(f"- {s.input}" for s in picks)

    def _diversity(self, i: int) -> str:
        parts = []
        for label, values in (
            ("Topic", self.inp.topics),
            ("Written by", self.inp.personas),
            ("Difficulty", self.inp.difficulties),
        ):
            if values:
                parts.append(f"{label}: {values[(i + len(parts)) % len(values)]}.")
        return " ".join(parts) + "\n" if parts else ""

    def _shots(self) -> str:
        picks = self.rng.sample(self.seeds, min(2, len(self.seeds)))
        return "".join(f"Input:\n{s.input}\nResponse:\n{s.output}\n\n" for s in picks)

    def _call(self, user: str, max_tokens: int) -> str:
        self.calls += 1
        return self.teacher.complete(P.SYNTH_SYSTEM, user, max_tokens, self.budget).text

    # -- stages -------------------------------------------------------------------------
    def _new_inputs(self, i: int, adversarial: bool) -> list[tuple[str, str]]:
        kind = "adversarial" if adversarial else "normal"
        if self.teacher.structured_lists:
            template = P.SYNTH_ADVERSARIAL_INPUTS if adversarial else P.SYNTH_INPUTS
            text = self._call(
                template.format(
                    task=self.inp.task,
                    examples=self._examples(),
                    n=self.inp.batch,
                    diversity=self._diversity(i),
                ),
                self.in_tokens,
            )
            items = parse_list(text)
            if items is None:
                self.dropped["teacher_non_json"] += 1
                return []
            return [(x, kind) for x in items[: self.inp.batch]]
        text = self._call(
            P.SYNTH_ONE_INPUT.format(
                task=self.inp.task, examples=self._examples(), diversity=self._diversity(i)
            ),
            self.one_in_tokens,
        ).strip()
        if not text:
            self.dropped["empty_input"] += 1
            return []
        return [(text, kind)]

    def _respond(self, item: tuple[str, str]) -> Candidate | None:
        user, kind = item
        if kind == "adversarial":
            prompt = P.SYNTH_ADVERSARIAL_OUTPUT.format(task=self.inp.task, input=user)
        else:
            prompt = P.SYNTH_OUTPUT.format(task=self.inp.task, shots=self._shots(), input=user)
        answer = self._call(prompt, self.out_tokens).strip()
        if not answer:
            self.dropped["empty_output"] += 1
            return None
        return Candidate(self.seeds[0].system, user, answer, [s.id for s in self.seeds[:3]], kind)

    def _pool_map(self, fn: Any, items: list) -> list:
        """Run calls concurrently; a budget stop keeps what finished."""
        results = []
        with ThreadPoolExecutor(max_workers=self.inp.concurrency) as pool:
            futures = [pool.submit(fn, x) for x in items]
            for f in futures:
                try:
                    results.append(f.result())
                except BudgetExhausted as exc:
                    self.stopped = f"budget reached ({exc})"
        return results

    def round(self, need: int) -> list[Candidate]:
        per_call = self.inp.batch if self.teacher.structured_lists else 1
        n_calls = max(1, math.ceil(need * 1.25 / per_call))
        n_adv = round(n_calls * self.inp.adversarial)
        jobs = [(i, i < n_adv) for i in range(n_calls)]
        self.rng.shuffle(jobs)
        batches = self._pool_map(lambda j: self._new_inputs(*j), jobs)
        items = [x for b in batches for x in b]
        if self.stopped:
            return []
        return [c for c in self._pool_map(self._respond, items) if c is not None]

    def judge(self, cands: list[Candidate]) -> list[float | None]:
        def score(c: Candidate) -> float | None:
            text = self._call(
                P.SYNTH_JUDGE.format(task=self.inp.task, input=c.input, output=c.output), 16
            )
            return parse_score(text)

        return self._pool_map(score, cands)

    def estimate_cost(self, rows: int) -> float | None:
        price = getattr(self.teacher, "price", None)
        if price is None:
            return None
        task = _tokens(self.inp.task)
        per_row = price(task + 3 * self.one_in_tokens, self.in_tokens) / self.inp.batch
        per_row += price(task + 2 * (self.one_in_tokens + self.out_tokens), self.out_tokens // 2)
        if self.inp.judge:
            per_row += price(task + self.one_in_tokens + self.out_tokens, 8)
        return round(per_row * rows * 1.3, 4)  # 1.3: rows the filters drop


class TemplateSource:
    """The programmatic generator behind the same interface (no calls, no cost, no judge)."""

    similarity = 0.9  # slot variations share their wording by design

    def __init__(self, generator: Any, adversarial: float) -> None:
        self.generator = generator
        self.name = generator.name
        self.quality_note = generator.quality_note
        self.adversarial = adversarial
        self.dropped: Counter[str] = Counter()
        self.stopped: str | None = None

    def round(self, need: int) -> list[Candidate]:
        return [self.generator.propose(self.adversarial) for _ in range(min(need * 2 + 5, 5000))]

    def estimate_cost(self, rows: int) -> float | None:
        return None
