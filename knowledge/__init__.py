"""The knowledge base: Markdown decision docs and the hybrid (dense + BM25) index over them."""

from pathlib import Path

DOCS_DIR = Path(__file__).parent / "docs"
