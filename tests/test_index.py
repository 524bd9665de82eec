"""The knowledge index on a real local Chroma directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.retrieval_cases import check_hits_shape, check_retrieval_quality
from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.errors import DocError, NoIndexError, QueryError
from tunewise.knowledge.index import KnowledgeIndex


def test_hybrid_retrieval_quality(built_index):
    check_retrieval_quality(built_index)


def test_hits_shape(built_index):
    check_hits_shape(built_index)


def test_bad_queries_are_clear_errors(built_index):
    with pytest.raises(QueryError, match="empty"):
        built_index.search("   ", 4)
    with pytest.raises(QueryError, match="10,000 characters"):
        built_index.search("x" * 10_000, 4)


def test_search_before_build(tmp_path: Path):
    with pytest.raises(NoIndexError, match="tunewise index"):
        KnowledgeIndex(path=tmp_path / "c").search("lora", 4)


@pytest.fixture
def small_docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("lora-peft", "rag-retrieval", "provider-lifecycle"):
        shutil.copy(DOCS_DIR / f"{name}.md", docs)
    return docs


def test_rebuilds_only_when_docs_change(tmp_path: Path, small_docs: Path):
    index = KnowledgeIndex(path=tmp_path / "c", docs_dir=small_docs)
    first = index.build()
    assert first.status == "built" and first.n_docs == 3
    assert index.build().status == "up_to_date"
    doc = small_docs / "rag-retrieval.md"
    doc.write_text(doc.read_text() + "\n## Zebra section\n\nZebras graze on retrieval quality.\n")
    second = index.build()
    assert second.status == "built" and second.collection != first.collection
    assert index.search("zebras grazing", 1)[0].section == "Zebra section"
    names = {c.name for c in index._client.list_collections()}
    assert first.collection not in names  # the old generation was cleaned up


def test_add_user_folder(tmp_path: Path, small_docs: Path):
    mine = tmp_path / "ours"
    mine.mkdir()
    (mine / "policy.md").write_text(
        "# Vendor policy\n\n## Data residency\n\nCustomer tickets stay in eu-west-1.\n"
    )
    (mine / "blob.md").write_bytes(b"\x00\x01\x02binary")
    index = KnowledgeIndex(path=tmp_path / "c", docs_dir=small_docs)
    report = index.build(add_dirs=[mine])
    assert report.n_docs == 4 and len(report.skipped) == 1
    hit = index.search("where do customer tickets stay", 1)[0]
    assert (hit.doc, hit.section) == ("ours/policy", "Data residency")
    # The added folder is remembered by later builds, and can be removed again.
    assert index.build().status == "up_to_date"
    assert index.build(remove_dirs=[mine]).n_docs == 3


def test_failed_rebuild_keeps_the_working_index(tmp_path: Path, small_docs: Path, monkeypatch):
    index = KnowledgeIndex(path=tmp_path / "c", docs_dir=small_docs)
    good = index.build()
    before = [(h.doc, h.section) for h in index.search("LoRA rank", 3)]
    (small_docs / "extra.md").write_text((DOCS_DIR / "distillation.md").read_text())

    import tunewise.knowledge.index as mod

    real_embed = mod.embed_cached

    def failing_embed(texts):  # the section vectors of a build (one query is one text)
        if len(texts) > 1:
            raise RuntimeError("disk full while writing the index")
        return real_embed(texts)

    monkeypatch.setattr(mod, "embed_cached", failing_embed)
    with pytest.raises(RuntimeError, match="disk full"):
        index.build()
    monkeypatch.setattr(mod, "embed_cached", real_embed)
    assert index.state()["collection"] == good.collection
    assert [(h.doc, h.section) for h in index.search("LoRA rank", 3)] == before
    names = {c.name for c in index._client.list_collections()}
    assert names == {good.collection, "tunewise_meta"}  # no half-built collection left behind
    # A later successful build picks up the new doc.
    assert index.build().n_docs == 4


def test_broken_doc_aborts_before_touching_the_index(tmp_path: Path, small_docs: Path):
    index = KnowledgeIndex(path=tmp_path / "c", docs_dir=small_docs)
    good = index.build()
    (small_docs / "broken.md").write_text("# No front matter\n\ntext\n")
    with pytest.raises(DocError, match="broken.md"):
        index.build()
    assert index.state()["collection"] == good.collection
    assert index.search("hallucination threshold", 1)[0].doc == "rag-retrieval"


def test_a_rebuild_reuses_the_section_vectors(tmp_path: Path, small_docs: Path, monkeypatch):
    """The vectors of sections already embedded come from the cache beside the ONNX export:
    a second index of the same documents embeds nothing, and searches it the same way."""
    import numpy as np

    from tunewise.knowledge import vector_cache

    monkeypatch.setattr(vector_cache, "cache_path", lambda: tmp_path / "vectors.sqlite")
    embedded: list[str] = []
    real = vector_cache.embed

    def counting(texts):
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(vector_cache, "embed", counting)
    first = KnowledgeIndex(path=tmp_path / "a", docs_dir=small_docs)
    n = first.build().n_chunks
    assert len(embedded) == n and (tmp_path / "vectors.sqlite").is_file()
    second = KnowledgeIndex(path=tmp_path / "b", docs_dir=small_docs)
    assert second.build().n_chunks == n and len(embedded) == n  # nothing embedded again
    for query in ("LoRA rank", "retrieval chunk size", "deprecated model"):
        assert [h.section for h in second.search(query, 3)] == [
            h.section for h in first.search(query, 3)
        ]
    sample = embedded[:5]
    assert np.allclose(vector_cache.embed_cached(sample), real(sample), atol=1e-6)
    # A damaged cache is set aside: the index is built from fresh vectors, which are kept.
    (tmp_path / "vectors.sqlite").write_bytes(b"not a database" * 100)
    third = KnowledgeIndex(path=tmp_path / "c", docs_dir=small_docs)
    assert third.build().n_chunks == n and len(embedded) == 2 * n
    assert [h.section for h in third.search("LoRA rank", 3)] == [
        h.section for h in first.search("LoRA rank", 3)
    ]
    assert len(list(tmp_path.glob("vectors.sqlite.damaged-*"))) == 1
    KnowledgeIndex(path=tmp_path / "d", docs_dir=small_docs).build()
    assert len(embedded) == 2 * n
