"""Knowledge tab: hybrid search over the knowledge base, read a whole document, and add your
own Markdown/text documents (copied under the data directory, then indexed)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import gradio as gr

from tunewise.core.lifecycle import render_placeholders
from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.documents import parse_document, read_text_file
from tunewise.ui.web.errors import friendly
from tunewise.ui.web.services import Services, UIError, safe_name

DOC_SUFFIXES = (".md", ".txt")


def documents(services: Services) -> dict[str, Path]:
    found = {p.stem: p for p in sorted(DOCS_DIR.glob("*.md"))}
    for p in sorted(services.user_docs.iterdir()):
        if p.suffix in DOC_SUFFIXES:
            found[f"yours: {p.stem}"] = p
    return found


def readable(path: Path) -> str:
    """A document as people read it: its title as the heading, where it comes from and when
    it was reviewed on one line, then the text; never the raw front matter block."""

    doc = parse_document(path, path.stem, require_front_matter=False)
    body = re.sub(r"\A\s*# [^\n]*\n", "", doc.body)  # the title heading comes from the metadata
    about = []
    if doc.sources:
        about.append("sources: " + "; ".join(doc.sources))
    if doc.last_reviewed:
        about.append(f"last reviewed {doc.last_reviewed}")
    head = f"# {doc.title}\n\n" + (f"*{' - '.join(about)}*\n\n" if about else "")
    return head + body.strip()


def search(services: Services, query: str, k: float) -> str:
    if not (query or "").strip():
        raise UIError("type what to look for, e.g. 'how many examples does LoRA need'")
    hits = services.index().search(query, int(k or 4))
    if not hits:
        return "No matching sections."
    return "\n\n---\n\n".join(
        f"**{n}. {h.doc} > {h.section}** (score {h.score:.3f})\n\n{h.text}"
        for n, h in enumerate(hits, 1)
    )


def add_documents(services: Services, files: list[Any] | None) -> str:
    if not files:
        raise UIError("choose one or more .md or .txt files to add")
    added = []
    for f in files:
        try:
            src = services.checked(Path(f if isinstance(f, str) else f.name), DOC_SUFFIXES)
        except UIError as exc:
            raise UIError(f"{exc}; nothing was added") from None
        read_text_file(src)  # raises a clear error for binary or undecodable files
        added.append(src)
    for src in added:
        shutil.copyfile(src, services.user_docs / safe_name(src.name))
    report = services.index().build(add_dirs=[services.user_docs])
    skipped = "".join(f"\n- skipped {s.path}: {s.reason}" for s in report.skipped)
    return (
        f"Added {len(added)} document(s). Index now has {report.n_docs} documents, "
        f"{report.n_chunks} sections ({report.seconds:.1f} s).{skipped}"
    )


def build(services: Services) -> None:
    with gr.Row():
        query = gr.Textbox(label="search the knowledge base", scale=4, elem_id="kb-query")
        k = gr.Number(4, label="results", precision=0, minimum=1, maximum=20, scale=1)
    go = gr.Button("Search", elem_id="kb-go")
    results = gr.Markdown(elem_id="kb-results")
    with gr.Accordion("Read a document", open=False):
        names = list(documents(services))
        pick = gr.Dropdown(names, label="document", elem_id="kb-doc")
        view = gr.Markdown(elem_id="kb-doc-view")
    with gr.Accordion("Add your own documents", open=False):
        files = gr.File(file_count="multiple", file_types=list(DOC_SUFFIXES), label=".md / .txt")
        add = gr.Button("Add and re-index")
        added = gr.Markdown()

    @friendly
    def show(name: str | None) -> str:
        path = documents(services).get(name or "")
        return render_placeholders(readable(path)) if path else ""

    @friendly
    def on_add(f: list[Any] | None) -> tuple:
        text = add_documents(services, f)
        return text, gr.update(choices=list(documents(services)))

    go.click(friendly(lambda q, n: search(services, q, n)), [query, k], results, api_name="search")
    query.submit(friendly(lambda q, n: search(services, q, n)), [query, k], results, api_name=False)
    pick.change(show, pick, view, api_name=False)
    add.click(on_add, files, [added, pick], api_name=False)
