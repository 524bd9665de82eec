"""Direct, index-free access to a document section, for citations with a quote."""

from __future__ import annotations

import re
from functools import lru_cache

from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.documents import chunk_document, parse_document


@lru_cache(maxsize=1)
def _sections() -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for path in sorted(DOCS_DIR.glob("*.md")):
        doc = parse_document(path, path.stem, require_front_matter=True)
        for chunk in chunk_document(doc):
            out.setdefault((chunk.doc, chunk.section), chunk.text)
    return out


def section_text(doc: str, section: str) -> str | None:
    return _sections().get((doc, section))


def quote(doc: str, section: str, max_chars: int = 220) -> str:
    """First sentence or bullet of a section's body, for a citation."""
    return first_sentence(section_text(doc, section) or "", max_chars)


def first_sentence(text: str, max_chars: int = 220) -> str:
    """First sentence of a section's text (headings and emphasis removed), shortened with '...'."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    body = re.sub(r"\s+", " ", body.replace("**", ""))
    m = re.match(r"(.+?[.!?])(?:\s|$)", body)
    first = (m.group(1) if m else body).lstrip("- ")
    return first if len(first) <= max_chars else first[: max_chars - 3].rstrip() + "..."
