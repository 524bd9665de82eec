"""One dated lifecycle table (core/lifecycle.yaml): every reader words its dates from it, and
no lifecycle date is written anywhere else in the source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tunewise.agent.decision.advisor import lifecycle_caveats
from tunewise.core.lifecycle import load_lifecycle, render_placeholders
from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.documents import parse_document
from tunewise.tools.cost import EstimateInput, estimate_cost
from tunewise.tools.prices import load_catalogue
from tunewise.tools.train.remote import RemoteSpec, lifecycle_warnings

ROOT = Path(__file__).resolve().parents[1]
TABLE = load_lifecycle()


def test_every_reader_takes_its_dates_from_the_table() -> None:
    openai = TABLE.get("openai_ft_new_jobs").date.isoformat()
    haiku = TABLE.get("bedrock_claude3_haiku").date.isoformat()
    assert any(openai in c for c in lifecycle_caveats("openai"))
    assert any(haiku in c for c in lifecycle_caveats("bedrock"))
    spec = RemoteSpec(provider="openai", base_model="gpt-4o-mini", dataset="x.jsonl")
    assert openai in " ".join(lifecycle_warnings(spec))
    est = estimate_cost(
        EstimateInput(
            queries_per_day=100,
            prompt_tokens=500,
            completion_tokens=100,
            model="gpt-4o-mini",
            compare=["ft:gpt-4o-mini"],
            train_examples=500,
        ),
        load_catalogue(),
    )
    # serving an API model is not a training route: only its own shutdown is listed
    served = " ".join(est.options[0].lifecycle)
    assert "new fine-tuning jobs" not in served and "shut down in the API" in served
    assert openai in " ".join(est.options[1].lifecycle)
    doc = parse_document(DOCS_DIR / "provider-lifecycle.md", "x", require_front_matter=True)
    assert openai in doc.body and haiku in doc.body and "{{" not in doc.body
    assert TABLE.as_of in doc.title


def test_past_and_future_events_are_worded_as_such() -> None:
    e = TABLE.get("bedrock_claude3_haiku")
    assert "days ago, already past" in e.sentence(e.date + dt.timedelta(days=3))
    assert "3 days from now" in e.sentence(e.date - dt.timedelta(days=3))
    assert "verify" in e.sentence()


def test_unknown_placeholders_are_left_alone() -> None:
    assert render_placeholders("{{lifecycle:nope.date}} x") == "{{lifecycle:nope.date}} x"


def test_no_lifecycle_date_is_written_outside_the_table() -> None:
    dates = {e.date.isoformat() for e in TABLE.entries}
    compact = {e.date.strftime("%Y, %-m, %-d") for e in TABLE.entries}  # dt.date(2027, 1, 6)
    found = []
    for folder in ("core", "agent", "tools", "knowledge", "ui"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".md", ".yaml"} or path.name == "lifecycle.yaml":
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.name}: {d}" for d in dates | compact if d in text]
            if re.search(r"as of 20\d\d-\d\d\b(?!-)", text):
                found.append(f"{path.name}: an 'as of' month written by hand")
    assert found == []


def test_a_fine_tuning_route_names_only_events_about_what_it_can_tune():
    """Seen on a fresh clone: the OpenAI fine-tuning advice opened with 'Check first: GPT-4.5
    Preview removed', a chat-only model nobody named."""
    from tunewise.agent.decision.advisor import lifecycle_caveats

    openai = " ".join(lifecycle_caveats("openai"))
    assert "fine-tuning" in openai and "GPT-4.5" not in openai
    bedrock = " ".join(lifecycle_caveats("bedrock"))
    assert "Claude 3 Haiku" in bedrock and "Opus" not in bedrock
