"""The knowledge index: build (content-hashed, atomic swap) and hybrid search over Chroma.

A build writes a fresh collection named after the content hash, checks it, then moves the
"active" pointer (kept in a small meta collection) and deletes older collections. A failed
build removes only its own half-written collection, so the index in use is never damaged.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.chroma_embedding import MiniLMEmbedding
from tunewise.knowledge.documents import (
    Chunk,
    Document,
    Skipped,
    chunk_document,
    content_hash,
    load_folder,
)
from tunewise.knowledge.embeddings import MODEL_NAME, embed
from tunewise.knowledge.errors import (
    ChromaUnavailableError,
    KnowledgeError,
    NoIndexError,
    QueryError,
)
from tunewise.knowledge.hybrid import BM25Ranker, convex_fusion
from tunewise.knowledge.store import open_client
from tunewise.knowledge.vector_cache import embed_cached

log = logging.getLogger(__name__)
META = "tunewise_meta"
PREFIX = "tw_kb_"
CHUNKER_VERSION = "sections-v2"  # v2: each chunk's text starts with "## title: section"
MAX_QUERY_CHARS = 2000
CANDIDATES = 100  # per list; the shipped knowledge base is 87 sections
Mode = Literal["hybrid", "dense", "bm25"]


class SearchHit(BaseModel):
    doc: str = Field(description="Document name.")
    section: str = Field(description="Section heading.")
    text: str = Field(description="Section text.")
    score: float = Field(
        description="Fused score: normalised dense and BM25 scores, equal weights (higher is better)."
    )
    title: str = Field(default="", description="Document title.")


class BuildReport(BaseModel):
    status: Literal["built", "up_to_date"]
    collection: str
    content_hash: str
    n_docs: int
    n_chunks: int
    extra_dirs: list[str]
    skipped: list[Skipped] = Field(default_factory=list)
    seconds: float


class KnowledgeIndex:
    """Owns one Chroma client; safe to keep for the life of a process."""

    def __init__(
        self, *, path: Path | None = None, url: str | None = None, docs_dir: Path = DOCS_DIR
    ) -> None:
        self._client = open_client(path=path, url=url)
        self._docs_dir = docs_dir
        self._ef = MiniLMEmbedding()
        self._cache: tuple[str, list[Chunk], BM25Ranker] | None = None

    # ---- pointer -------------------------------------------------------------------------
    def _meta(self) -> Any:
        return self._client.get_or_create_collection(META, embedding_function=self._ef)

    def state(self) -> dict[str, Any]:
        """The active pointer: collection, hash and added folders (empty dict when none)."""
        meta = self._call(lambda: self._meta().metadata) or {}
        return {
            "collection": meta.get("collection"),
            "hash": meta.get("hash"),
            "extra_dirs": json.loads(meta.get("extra_dirs", "[]")),
        }

    def _call(self, fn: Any) -> Any:
        try:
            return fn()
        except (ConnectionError, OSError) as exc:
            raise ChromaUnavailableError(
                f"Chroma is unreachable ({exc}); check the server or the index folder"
            ) from exc

    # ---- build ---------------------------------------------------------------------------
    def _gather(self, extra_dirs: list[str]) -> tuple[list[Document], list[Skipped]]:
        docs, _ = load_folder(self._docs_dir, require_front_matter=True)
        docs = [d for d in docs if d.searchable]
        skipped: list[Skipped] = []
        for d in extra_dirs:
            folder = Path(d)
            more, skip = load_folder(folder, prefix=f"{folder.name}/", require_front_matter=False)
            docs += more
            skipped += skip
        return docs, skipped

    def build(
        self, *, add_dirs: list[Path] = (), remove_dirs: list[Path] = (), force: bool = False
    ) -> BuildReport:
        t0 = time.perf_counter()
        state = self.state()
        extra = [
            d for d in state["extra_dirs"] if Path(d) not in {p.resolve() for p in remove_dirs}
        ]
        for d in add_dirs:
            resolved = str(Path(d).resolve())
            if resolved not in extra:
                extra.append(resolved)
        docs, skipped = self._gather(extra)  # raises before anything is written
        digest = content_hash(docs, salt=f"{MODEL_NAME}|{CHUNKER_VERSION}|{'|'.join(extra)}")
        name = PREFIX + digest
        existing = {c.name for c in self._call(self._client.list_collections)}
        chunks = [c for d in docs for c in chunk_document(d)]

        def report(status: Literal["built", "up_to_date"]) -> BuildReport:
            return BuildReport(
                status=status,
                collection=name,
                content_hash=digest,
                n_docs=len(docs),
                n_chunks=len(chunks),
                extra_dirs=extra,
                skipped=skipped,
                seconds=time.perf_counter() - t0,
            )

        if not force and state["hash"] == digest and name in existing:
            return report("up_to_date")
        self._write_collection(name, chunks, replace=name in existing)
        self._meta().modify(
            metadata={
                "collection": name,
                "hash": digest,
                "extra_dirs": json.dumps(extra),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            }
        )
        for old in existing:
            if old.startswith(PREFIX) and old != name:
                self._client.delete_collection(old)
        self._cache = None
        return report("built")

    def _write_collection(self, name: str, chunks: list[Chunk], *, replace: bool) -> None:
        target = name + "_new" if replace else name
        try:
            if target in {c.name for c in self._client.list_collections()}:
                self._client.delete_collection(target)  # leftover of an interrupted build
            coll = self._client.create_collection(
                target, embedding_function=self._ef, metadata={"hnsw:space": "cosine"}
            )
            for start in range(0, len(chunks), 64):
                batch = chunks[start : start + 64]
                coll.add(
                    ids=[c.id for c in batch],
                    documents=[c.text for c in batch],
                    embeddings=embed_cached([c.text for c in batch]),
                    metadatas=[
                        {
                            "doc": c.doc,
                            "title": c.title,
                            "section": c.section,
                            "tags": ",".join(c.tags),
                        }
                        for c in batch
                    ],
                )
            if coll.count() != len(chunks):
                raise KnowledgeError(
                    f"index check failed: wrote {coll.count()} of {len(chunks)} chunks"
                )
        except BaseException:
            self._drop(target)
            raise
        if replace:  # same content, forced rebuild: swap by copying under the final name
            self._drop(name)
            self._client.get_collection(target, embedding_function=self._ef).modify(name=name)

    def _drop(self, name: str) -> None:
        try:
            self._client.delete_collection(name)
        except (ValueError, KeyError):
            pass  # already gone; nothing else to clean up
        except Exception as exc:  # noqa: BLE001 - cleanup must not mask the original failure
            log.warning("could not remove half-built collection %s: %s", name, exc)

    # ---- search --------------------------------------------------------------------------
    def _active(self) -> tuple[Any, list[Chunk], BM25Ranker]:
        name = self.state()["collection"]
        if not name:
            raise NoIndexError("no knowledge index yet; run `tunewise index` to build it")
        if self._cache and self._cache[0] == name:
            coll = self._client.get_collection(name, embedding_function=self._ef)
            return coll, self._cache[1], self._cache[2]
        try:
            coll = self._client.get_collection(name, embedding_function=self._ef)
        except (ValueError, KeyError) as exc:  # pointer to a collection that is gone
            raise NoIndexError(
                f"the active index {name} is missing; run `tunewise index --force`"
            ) from exc
        got = coll.get(include=["documents", "metadatas"])
        chunks = [
            Chunk(
                id=i,
                doc=m["doc"],
                title=m.get("title", ""),
                section=m["section"],
                text=t,
                tags=[x for x in m.get("tags", "").split(",") if x],
            )
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        ranker = BM25Ranker([c.text for c in chunks])
        self._cache = (name, chunks, ranker)
        return coll, chunks, ranker

    def search(self, query: str, k: int = 4, *, mode: Mode = "hybrid") -> list[SearchHit]:
        query = query.strip()
        if not query:
            raise QueryError(
                "the query is empty; ask about a topic, e.g. 'LoRA memory for a 7B model'"
            )
        if len(query) > MAX_QUERY_CHARS:
            raise QueryError(
                f"the query is {len(query):,} characters; keep it under {MAX_QUERY_CHARS:,} (a sentence or a few keywords)"
            )
        if k < 1:
            raise QueryError("k must be at least 1")
        coll, chunks, ranker = self._active()
        by_id = {c.id: c for c in chunks}
        n = min(max(CANDIDATES, k), len(chunks))
        dense: list[tuple[str, float]] = []
        sparse: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            res = coll.query(query_embeddings=embed([query]), n_results=n, include=["distances"])
            dense = [(i, 1.0 - d) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]
        if mode in ("hybrid", "bm25"):
            sparse = [(chunks[i].id, s) for i, s in ranker.scored(query, n)]
        if mode == "dense":
            fused = dense[:k]
        elif mode == "bm25":
            fused = sparse[:k]
        else:
            fused = convex_fusion(dense, sparse)[:k]
        return [
            SearchHit(
                doc=by_id[i].doc,
                section=by_id[i].section,
                text=by_id[i].text,
                score=round(s, 6),
                title=by_id[i].title,
            )
            for i, s in fused
        ]
