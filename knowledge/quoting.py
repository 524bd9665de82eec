"""Retrieved text is data, quoted as a source, never the assistant's own voice.

Passages from documents a user added (their names carry the folder, e.g. `mydocs/notes`) are
marked as the user's; lines that read as instructions to an assistant (ignore previous
instructions, run this command, reveal a key, change your role) are left out of what is shown
and flagged, wherever the passage came from.
"""

from __future__ import annotations

import re
from typing import Any

INSTRUCTION_LIKE = re.compile(
    r"""(?ix)
    \b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(instructions?|prompts?|rules|guidelines|above)\b
    | \b(system|developer)\s+prompt\b
    | \byou\s+are\s+now\b | \bact\s+as\b[^.\n]{0,30}\b(assistant|admin|root|developer)\b
    | \b(reveal|print|show|send|leak|exfiltrate)\b[^.\n]{0,40}(api[\s_-]?keys?|secrets?|passwords?|tokens?|credentials)\b
    | \b(curl|wget)\b[^\n]*\|\s*(ba|z)?sh\b
    | \brm\s+-rf\b
    | \b(run|execute)\s+(this|the\s+following)\s+(command|script)\b
    """
)
LEFT_OUT = "[left out: text that gives an assistant instructions; shown here as data only]"


def is_users(doc: str) -> bool:
    """Documents added with `tunewise index --add` carry their folder in the name."""
    return "/" in doc


def screen(text: str) -> tuple[str, bool]:
    """(text with instruction-like lines replaced, whether any was)."""
    flagged = False
    out = []
    for line in text.splitlines():
        if INSTRUCTION_LIKE.search(line):
            flagged = True
            out.append(LEFT_OUT)
        else:
            out.append(line)
    return "\n".join(out), flagged


def as_source(hit: dict[str, Any]) -> dict[str, Any]:
    """A search hit as the assistant may use it: screened text, and where it came from."""
    text, flagged = screen(hit["text"])
    return {
        **hit,
        "text": text,
        "origin": "your document" if is_users(hit["doc"]) else "knowledge base",
        "flagged": flagged,
    }


def attribution(p: dict[str, Any]) -> str:
    where = f"{p['doc']} > {p['section']}"
    if p.get("origin") == "your document" or is_users(p["doc"]):
        where = f"your document {where} (not checked by tunewise)"
    if p.get("flagged"):
        where += "; it contains instructions to an assistant, which I did not follow"
    return where
