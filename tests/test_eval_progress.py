"""A long tool shows its steps as they happen: an evaluation asked for in the chat streams
progress lines (model loading, answers so far) before its result."""

from __future__ import annotations

from tests.tiny_model import chat_rows, make_tiny_llama, write_jsonl
from tunewise.agent.runtime.assistant import AskResult, Assistant, Step
from tunewise.core.settings import Settings


def test_evaluation_in_the_chat_streams_its_progress(tmp_path):
    tiny = make_tiny_llama(tmp_path / "tiny")
    heldout = write_jsonl(tmp_path / "heldout.jsonl", chat_rows(6))
    assistant = Assistant(Settings(data_dir=tmp_path / "data"))
    ask = f"evaluate prompting against the adapter on {heldout} with base model {tiny}"
    events = list(assistant.stream(ask, "eval-thread"))
    kinds = [(e.kind, str(e.content)) for e in events if isinstance(e, Step)]
    progress = [text for kind, text in kinds if kind == "progress"]
    assert any("loading the base model" in t for t in progress), kinds
    assert any("base zero-shot: 6/6 answers" in t for t in progress), progress
    first_progress = next(i for i, (k, _) in enumerate(kinds) if k == "progress")
    result_at = next(i for i, (k, _) in enumerate(kinds) if k == "result")
    assert kinds[0][0] == "call" and first_progress < result_at  # during, not after
    assert isinstance(events[-1], AskResult) and "zero-shot" in events[-1].answer
