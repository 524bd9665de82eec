"""The common real questions get the recommendation at once through `tunewise ask --json`
(issue 25): documents -> retrieval, a character -> prompting, a new language -> continued
pre-training or LoRA, a big model's bill at volume -> distillation, strict JSON -> prompting /
structured output. Phrasings written for this test, none of them a training row; a number in
a pasted log is never a count of examples."""

from __future__ import annotations

import json

import pytest

from tunewise.agent.learned import need_model
from tunewise.ui.cli import main as cli_main

COMMON = [
    (
        "our wiki has ~2k pages and people keep asking the same stuff, can the bot just answer "
        "from it?",
        {"rag"},
    ),
    (
        "I'd love my Telegram bot to talk exactly like Captain Jack Sparrow, do I need to train it?",
        {"prompt_engineering"},
    ),
    (
        "We want Llama to speak proper Icelandic. We have one A100 box. Where do we start?",
        {"full_finetune", "lora_open_weight"},
    ),
    (
        "Our GPT-4o bill is huge: 300,000 classification calls a day. Can a smaller model take "
        "over?",
        {"distillation"},
    ),
    (
        "the output has to be strict JSON matching our schema, every time. fine-tune?",
        {"prompt_engineering"},
    ),
    # asking how to cut a named cost is asking for an approach, not for the cost table
    ("GPT-4 costs us too much at 2M requests a day, how do we cut it?", {"distillation"}),
    # a fine-tune that disappointed: measure before training again
    (
        "I trained a LoRA on our tickets and now the bot answers worse than the base model. "
        "Which settings should I change?",
        {"build_evals_first"},
    ),
    # a narrow task to train an open model on, with the hardware named: the LoRA plan
    (
        "Can I fine-tune a 7B model on one RTX 3090 to sort our bug reports into components?",
        {"lora_open_weight"},
    ),
    # thousands of tickets do not teach the articles' facts; in-house is where RAG runs
    (
        "We have 3,000 support tickets and want the bot to answer from our help center "
        "articles. Nothing may leave our servers.",
        {"rag"},
    ),
    # "use my own data to train it" reads like a synthetic-data request to the act reader; in
    # an opening message the need (the model should know the writer's data) makes it advice
    ("how can i use my own data to train it", {"rag"}),
]


def _ask(text: str, cli_env, capsys, monkeypatch) -> dict:
    for key, value in cli_env.items():
        monkeypatch.setenv(key, value)
    assert cli_main(["ask", text, "--json"]) in (0, None)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("text", "accept"), COMMON)
def test_common_real_questions_are_answered_at_once(text, accept, cli_env, capsys, monkeypatch):
    assert text not in {r["text"] for r in need_model.rows()}
    out = _ask(text, cli_env, capsys, monkeypatch)
    assert out["recommendation"]["primary"] in accept
    assert out["clarifying_questions"] == []
    assert "assumed" in out["answer"]  # what it assumed, and what would flip it


def test_a_pasted_log_lends_no_counts(cli_env, capsys, monkeypatch):
    text = (
        "Getting this when training:\nERROR ticket #4094 failed at step 12\n"
        'File "train.py", line 88\nhow do I fine-tune so it stops?'
    )
    out = _ask(text, cli_env, capsys, monkeypatch)
    assert "4,094" not in out["answer"] and "4094 examples" not in out["answer"]
    assert "88 examples" not in out["answer"] and "12 examples" not in out["answer"]
