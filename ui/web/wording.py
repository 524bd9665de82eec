"""Words for people on the web page: the chat and the tools share their answers with the
command line, so what names a CLI flag or a command there is said here the web app's way
(a tab, a button, the live log). One table, applied to everything the page shows."""

from __future__ import annotations

import re

# (pattern, replacement), applied in order
WEB_TERMS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"`tunewise validate FILE --fix clean\.jsonl` writes"),
        "The Data tab's *Download fixed file* button gives",
    ),
    (
        re.compile(r"\(?`tunewise validate FILE --fix (?:OUT|clean\.jsonl)`\)?"),
        "(the Data tab's *Download fixed file* button)",
    ),
    (
        re.compile(r"Ask me for its status, or run `tunewise train logs \w+ -f`\."),
        "Ask me for its status, or follow its live log in the Training tab.",
    ),
    (re.compile(r"`tunewise train (?:status|logs) (\w+)(?: -f)?`"), r"the Training tab (job \1)"),
    (re.compile(r"`tunewise train resume (\w+)`"), r"*Resume* for job \1 in the Training tab"),
    (re.compile(r"--fix drops it"), "the fixed copy drops it"),
    (re.compile(r"; --fix removes it"), "; the fixed copy removes it"),
    (re.compile(r"remove it \(--fix does\)"), "remove it (the fixed copy does)"),
]


def for_web(text: str) -> str:
    for pattern, repl in WEB_TERMS:
        text = pattern.sub(repl, text)
    return text


def split_words(split: dict[str, int] | str) -> str:
    """{'train': 54, 'validation': 6} -> '54 for training, 6 for validation'."""
    if not isinstance(split, dict):
        return str(split)
    names = {"train": "for training", "validation": "for validation", "test": "for testing"}
    return ", ".join(f"{n:,} {names.get(k, k)}" for k, n in split.items())
