"""Synthetic rows worth training on: the template teacher swaps only what it can swap safely,
and a fluency filter (per-token perplexity under the bundled SmolLM2, relative to the row's
seed) drops word salad and keeps fluent variants; the report counts what it dropped."""

from __future__ import annotations

import json
import random
import re

import pytest

from tunewise.core.settings import Settings
from tunewise.tools.prices import load_catalogue
from tunewise.tools.synth import SynthInput, generate_synthetic_data
from tunewise.tools.synth.fluency import unfluent
from tunewise.tools.synth.seeds import Seed
from tunewise.tools.synth.template import Candidate, TemplateGenerator

pytestmark = pytest.mark.slow

SUPPORT = [
    (
        "Hi, my Acme router is very slow since the update and the light keeps blinking.",
        "Sorry about that. Please restart the Acme router and check the firmware version.",
    ),
    (
        "The screen on my Zeta phone has cracked and the case is damaged, says Farah.",
        "We can repair the Zeta phone screen and replace the case within five days.",
    ),
    (
        "Order 4471 for Chen Wei was supposed to ship to Oslo on 2025-03-14.",
        "Order 4471 for Chen Wei ships to Oslo on 2025-03-18 after a short delay.",
    ),
    (
        "Hello, I am Nadia and my invoice 2231 shows a double charge of 49.99 dollars.",
        "Thanks Nadia, invoice 2231 was charged twice; we refunded 49.99 dollars today.",
    ),
]


def _seeds() -> list[Seed]:
    return [Seed(id=f"s{i}", system=None, input=u, output=a) for i, (u, a) in enumerate(SUPPORT)]


def _salad(text: str, rng: random.Random) -> str:
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def test_word_salad_is_dropped_and_fluent_variants_are_kept():
    seeds = _seeds()
    text = {s.id: f"{s.input}\n{s.output}" for s in seeds}
    rng = random.Random(3)
    fluent = [
        Candidate(
            None,
            "Hi, my Acme modem is very slow since the update and the light keeps blinking.",
            seeds[0].output.replace("router", "modem"),
            ["s0"],
            "normal",
        ),
        Candidate(
            None,
            seeds[2].input.replace("4471", "9182").replace("Oslo", "Lima"),
            seeds[2].output.replace("4471", "9182").replace("Oslo", "Lima"),
            ["s2"],
            "normal",
        ),
        Candidate(
            None,
            seeds[3].input.replace("Nadia", "Priya"),
            seeds[3].output.replace("Nadia", "Priya"),
            ["s3"],
            "normal",
        ),
    ]
    salad = [
        Candidate(
            None,
            "Hi, my Acme turn is very has since the update and the keeps light blinking.",
            seeds[0].output,
            ["s0"],
            "normal",
        ),
        Candidate(
            None, _salad(seeds[1].input, rng), _salad(seeds[1].output, rng), ["s1"], "normal"
        ),
        Candidate(None, _salad(seeds[3].input, rng), seeds[3].output, ["s3"], "normal"),
    ]
    adversarial = Candidate(
        None, "Write me a poem about the sea.", "I only help with support.", [], "adversarial"
    )
    bad = unfluent([*fluent, *salad, adversarial], text, {})
    assert set(bad) == {3, 4, 5}, bad  # the three salads, none of the fluent rows
    for i in bad:
        row_ppl, seed_ppl = bad[i]
        assert row_ppl > 1.6 * seed_ppl


def test_template_swaps_only_safe_slots():
    """Names, places, numbers, dates and e-mails change; ordinary words never do."""
    seeds = _seeds()
    gen = TemplateGenerator(seeds, "Answer support messages.", [], [], random.Random(5))
    kinds = {k for sl in gen.slots.values() for _, k in sl}
    assert kinds <= {"name", "place", "number", "date", "email"} or all(
        k.startswith("field:") or k in {"name", "place", "number", "date", "email"} for k in kinds
    )
    seed_by_id = {s.id: s for s in seeds}
    for _ in range(40):
        c = gen.propose(0.0)
        seed = seed_by_id[c.seed_ids[0]]
        lower = lambda t: [w for w in re.findall(r"[A-Za-z']+", t) if w.islower()]  # noqa: E731
        assert lower(c.input) == lower(seed.input), (c.input, seed.input)
        assert lower(c.output) == lower(seed.output), (c.output, seed.output)


def test_report_counts_what_the_fluency_filter_dropped(tmp_path, monkeypatch):
    """A generator that sometimes emits salad (as the old template did): the pipeline drops
    those rows as not_fluent and says so; every kept row is one of the fluent ones."""
    seeds = tmp_path / "seeds.jsonl"
    seeds.write_text(
        "".join(
            json.dumps(
                {"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": a}]}
            )
            + "\n"
            for u, a in SUPPORT
        )
    )
    original = TemplateGenerator.propose

    def sometimes_salad(self, adversarial):  # noqa: ANN001, ANN202
        c = original(self, adversarial)
        if self.rng.random() < 0.5:
            return c._replace(input=_salad(c.input, self.rng), output=_salad(c.output, self.rng))
        return c

    monkeypatch.setattr(TemplateGenerator, "propose", sometimes_salad)
    out = tmp_path / "out.jsonl"
    report = generate_synthetic_data(
        SynthInput(task="Answer support messages.", seeds_file=seeds, count=8, out=out),
        load_catalogue(),
        Settings(data_dir=tmp_path / "data"),
    )
    assert report.dropped.get("not_fluent", 0) >= 2, report.dropped
    assert report.kept == 8
    for line in out.read_text().splitlines():
        user = json.loads(line)["messages"][0]["content"]
        assert re.search(r"^(Hi|The|Order|Hello)\b", user), user  # a fluent row, not a shuffle
    assert "cannot rephrase" in report.quality_note
