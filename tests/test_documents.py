"""The shipped knowledge base: front matter, coverage of the seed facts, chunking, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tunewise.core.lifecycle import render_placeholders
from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.documents import chunk_document, load_folder, parse_document
from tunewise.knowledge.errors import DocError


def all_text() -> str:
    """The documents as indexed: lifecycle dates filled from core/lifecycle.yaml."""
    return "\n".join(render_placeholders(p.read_text()) for p in DOCS_DIR.glob("*.md"))


def test_at_least_14_docs_all_with_front_matter():
    docs, skipped = load_folder(DOCS_DIR, require_front_matter=True)
    assert len(docs) >= 14
    assert not skipped
    for d in docs:
        assert d.title and d.tags and d.sources and d.last_reviewed
        assert all(isinstance(s, str) and len(s) > 5 for s in d.sources)


@pytest.mark.parametrize(
    "fact",
    [
        "$3,500 a day",
        "$180 a day",
        "two days",
        "$10 per million input",
        "2,000 prompt tokens",
        "About 50 examples",
        "100 or more",
        "500 to 1,000",
        "80% of the effort",
        "20% on running",
        "r = 16",
        "lora_alpha = 32",
        "lora_dropout = 0.05",
        "q_proj",
        "o_proj",
        "4-bit",
        "3-5%",
        "P50",
        "P95",
        "Canary",
        "rollback",
        "lineage",
        "hard negatives",
        "2027-01-06",
        "2026-09-10",
        "as of 2026-11",
        "Claude 3 Haiku is the only Claude",
        "2 GB of GPU memory per billion",
        "0.5 GB per billion",
        "32,000 tokens",
        "10,000 training records",
        "65,536",
        "16,385",
        "Level 0",
        "Level 1",
        "Level 2",
        "Very high",
        "Highest",
        "Very slow",
        "GPT-4o-mini",
        "standard production pattern",
        "DPO",
        "200-500",
        "SOC 2",
        "HIPAA",
        "Phi-4",
        "single A100",
        "10K queries/day",
        "90% or more",
        "two weeks",
    ],
)
def test_seed_facts_are_in_the_knowledge_base(fact: str):
    assert fact in all_text()


def test_chunks_follow_headings():
    doc = parse_document(DOCS_DIR / "lora-peft.md", "lora-peft", require_front_matter=True)
    sections = [c.section for c in chunk_document(doc)]
    assert "Memory rules of thumb" in sections
    assert "A sensible starting configuration" in sections
    assert len(sections) == len(set(sections))


def test_long_section_is_split_not_dropped(tmp_path: Path):
    body = "# T\n\n## Big\n\n" + "\n\n".join(f"paragraph {i} " + "word " * 60 for i in range(30))
    (tmp_path / "big.md").write_text(body)
    doc = parse_document(tmp_path / "big.md", "big", require_front_matter=False)
    chunks = chunk_document(doc)
    assert len(chunks) > 1 and all(c.section == "Big" for c in chunks)
    joined = " ".join(c.text for c in chunks)
    assert "paragraph 0 " in joined and "paragraph 29 " in joined


def test_builtin_doc_without_front_matter_is_an_error(tmp_path: Path):
    (tmp_path / "plain.md").write_text("# Plain\n\nNo front matter here.\n")
    with pytest.raises(DocError, match="front matter lacks"):
        load_folder(tmp_path, require_front_matter=True)


def test_user_folder_skips_binary_and_accepts_plain_markdown(tmp_path: Path):
    (tmp_path / "notes.md").write_text(
        "# Our notes\n\n## Policy\n\nWe never send data to vendors.\n"
    )
    (tmp_path / "fake.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    docs, skipped = load_folder(tmp_path, prefix="mine/", require_front_matter=False)
    assert [d.doc for d in docs] == ["mine/notes"]
    assert docs[0].title == "Our notes"
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert "binary" in reasons["fake.md"]
    assert "not a .md or .txt" in reasons["image.png"]
    assert "UTF-8" in reasons["latin1.txt"]


def test_empty_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(DocError, match="no usable Markdown"):
        load_folder(tmp_path, require_front_matter=False)
