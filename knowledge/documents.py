"""Reading knowledge documents and chunking them by heading section.

Built-in docs must carry YAML front matter (title, tags, sources, last_reviewed). Users' own
folders may hold plain Markdown or text; their title falls back to the first heading or the
file name. Anything unusable is reported with the reason, never silently dropped.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from tunewise.core.lifecycle import render_placeholders
from tunewise.knowledge.errors import DocError

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
REQUIRED_FRONT_MATTER = ("title", "tags", "sources", "last_reviewed")
MAX_CHUNK_CHARS = 1500
MAX_DOC_BYTES = 2_000_000
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


class Chunk(BaseModel):
    """One retrievable section of one document."""

    id: str = Field(description="Stable id: doc, section and piece number.")
    doc: str = Field(description="Document name (file stem, prefixed by folder for user docs).")
    title: str = Field(description="Document title.")
    section: str = Field(description="Heading of the section this text belongs to.")
    text: str = Field(description="The section text, heading included.")
    tags: list[str] = Field(default_factory=list)


class Document(BaseModel):
    doc: str
    title: str
    tags: list[str]
    sources: list[str]
    last_reviewed: str | None
    path: str
    body: str
    searchable: bool = True  # front matter `search: false`: read by section, not indexed


class Skipped(BaseModel):
    path: str
    reason: str


def read_text_file(path: Path) -> str:
    """Return the file as text, or raise DocError naming what is wrong with it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_DOC_BYTES:
        raise DocError(
            f"{path} is {len(data):,} bytes; split documents larger than {MAX_DOC_BYTES:,} bytes"
        )
    if b"\x00" in data[:8192]:
        raise DocError(
            f"{path} looks binary (NUL bytes); only UTF-8 Markdown or text files can be indexed"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocError(
            f"{path} is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8"
        ) from exc


def parse_document(path: Path, doc_name: str, *, require_front_matter: bool) -> Document:
    text = render_placeholders(read_text_file(path).replace("\r\n", "\n"))
    match = _FRONT_MATTER.match(text)
    meta: dict = {}
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise DocError(
                f"{path}: front matter is not valid YAML ({exc.__class__.__name__}); fix the block between the --- lines"
            ) from exc
        if not isinstance(loaded, dict):
            raise DocError(f"{path}: front matter must be a YAML mapping (title:, tags:, ...)")
        meta = loaded
        body = text[match.end() :]
    else:
        body = text
    if require_front_matter:
        missing = [k for k in REQUIRED_FRONT_MATTER if not meta.get(k)]
        if missing:
            raise DocError(
                f"{path}: front matter lacks {', '.join(missing)}; start the file with a --- block "
                "holding title, tags, sources and last_reviewed"
            )
    if not body.strip():
        raise DocError(f"{path} has no text after its front matter")
    title = str(meta.get("title") or _first_heading(body) or path.stem.replace("-", " "))
    return Document(
        doc=doc_name,
        title=title,
        tags=[str(t) for t in meta.get("tags") or []],
        sources=[str(s) for s in meta.get("sources") or []],
        last_reviewed=str(meta["last_reviewed"]) if meta.get("last_reviewed") else None,
        path=str(path),
        body=body,
        searchable=meta.get("search", True) is not False,
    )


def _first_heading(body: str) -> str | None:
    for line in body.splitlines():
        m = _HEADING.match(line)
        if m:
            return m.group(2)
    return None


def chunk_document(document: Document) -> list[Chunk]:
    """Split on level-1/2 headings; deeper headings stay inside their section."""
    sections: list[tuple[str, list[str]]] = [("Overview", [])]
    for line in document.body.splitlines():
        m = _HEADING.match(line)
        if m and len(m.group(1)) <= 2:
            if len(m.group(1)) == 1:
                continue  # the H1 is the title, already in metadata
            sections.append((m.group(2), [line]))
        else:
            sections[-1][1].append(line)
    chunks: list[Chunk] = []
    for section, lines in sections:
        if lines and _HEADING.match(lines[0]):
            lines = lines[1:]  # the section's own heading; every piece gets the full one below
        text = "\n".join(lines).strip()
        if not text:
            continue
        for n, piece in enumerate(_split_long(text)):
            chunks.append(
                Chunk(
                    id=f"{document.doc}::{section}::{n}",
                    doc=document.doc,
                    title=document.title,
                    section=section,
                    text=f"{section_heading(document.title, section)}\n\n{piece}",
                    tags=document.tags,
                )
            )
    return chunks


def section_heading(title: str, section: str) -> str:
    """The heading every chunk starts with, so a section found names its document and topic
    (embedded, BM25-indexed and returned as part of the text)."""
    return f"## {title}: {section}" if section != "Overview" else f"## {title}"


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_CHUNK_CHARS:
        return [text]
    pieces, current = [], ""
    for para in text.split("\n\n"):
        if current and len(current) + len(para) + 2 > MAX_CHUNK_CHARS:
            pieces.append(current)
            current = para
        else:
            current = f"{current}\n\n{para}" if current else para
    if current:
        pieces.append(current)
    # A single paragraph longer than the limit is cut hard rather than dropped.
    return [p[i : i + MAX_CHUNK_CHARS] for p in pieces for i in range(0, len(p), MAX_CHUNK_CHARS)]


def load_folder(
    folder: Path, *, prefix: str = "", require_front_matter: bool
) -> tuple[list[Document], list[Skipped]]:
    """Read every Markdown/text file under `folder`; return the documents and what was skipped."""
    if not folder.exists():
        raise DocError(f"folder {folder} does not exist")
    if not folder.is_dir():
        raise DocError(f"{folder} is not a folder; pass a directory of .md or .txt files")
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.startswith("."):
            continue
        if path.suffix.lower() not in TEXT_SUFFIXES:
            skipped.append(
                Skipped(
                    path=str(path), reason=f"not a .md or .txt file ({path.suffix or 'no suffix'})"
                )
            )
            continue
        name = f"{prefix}{path.relative_to(folder).with_suffix('').as_posix()}"
        try:
            docs.append(parse_document(path, name, require_front_matter=require_front_matter))
        except DocError as exc:
            if require_front_matter:
                raise
            skipped.append(Skipped(path=str(path), reason=str(exc)))
    if not docs:
        detail = f" ({len(skipped)} file(s) skipped: {skipped[0].reason})" if skipped else ""
        raise DocError(f"no usable Markdown or text documents in {folder}{detail}")
    return docs, skipped


def content_hash(documents: list[Document], *, salt: str) -> str:
    h = hashlib.sha256(salt.encode())
    for d in sorted(documents, key=lambda d: d.doc):
        h.update(d.doc.encode())
        h.update(d.model_dump_json(exclude={"path"}).encode())
    return h.hexdigest()[:16]
