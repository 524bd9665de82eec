"""`tunewise index` and `tunewise search`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tunewise.agent.runtime.app import App
from tunewise.core import stores
from tunewise.core.settings import Settings
from tunewise.ui.output import EXIT_OK, EXIT_USAGE, emit_json, fail, info


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "index", help="build or update the knowledge index (only rebuilds when docs change)"
    )
    p.add_argument(
        "--add",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also index your own folder of Markdown/text documents (kept for later rebuilds)",
    )
    p.add_argument(
        "--remove",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="stop indexing a folder added earlier",
    )
    p.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    p.add_argument("--json", action="store_true", help="print the build report as JSON")
    p.set_defaults(handler=run_index)

    s = sub.add_parser("search", help="hybrid (dense + BM25) search of the knowledge base")
    s.add_argument("query", help="what to look for")
    s.add_argument("-k", type=int, default=4, help="number of results (default 4)")
    s.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")
    s.add_argument("--json", action="store_true", help="print results as JSON")
    s.set_defaults(handler=run_search)


def open_index(settings: Settings):  # noqa: ANN201 - KnowledgeIndex, imported lazily
    from tunewise.knowledge.index import KnowledgeIndex

    return KnowledgeIndex(path=settings.chroma_dir, url=settings.chroma_url)


def run_index(args: argparse.Namespace, app: App) -> int:
    settings = app.settings
    for d in args.add:
        if not d.is_dir():
            return fail(
                f"{d} is not a folder; `--add` takes a directory of .md or .txt files", EXIT_USAGE
            )

    try:
        index = open_index(settings)
    except stores.DamagedStoreError:
        if not args.force:
            raise
        moved = stores.set_aside(settings.chroma_dir / "chroma.sqlite3", "index")
        info(f"the index was damaged; set aside as {', '.join(str(m) for m in moved)}")
        index = open_index(settings)
    info("indexing knowledge documents...")
    report = index.build(add_dirs=args.add, remove_dirs=args.remove, force=args.force)
    for s in report.skipped:
        info(f"skipped {s.path}: {s.reason}")
    if args.json:
        emit_json(report)
    else:
        verb = "built" if report.status == "built" else "already up to date:"
        print(
            f"index {verb} {report.n_docs} documents, {report.n_chunks} sections "
            f"({report.collection}, {report.seconds:.1f} s)"
        )
    return EXIT_OK


def run_search(args: argparse.Namespace, app: App) -> int:
    settings = app.settings
    hits = open_index(settings).search(args.query, args.k, mode=args.mode)
    if args.json:
        emit_json([h.model_dump(include={"doc", "section", "text", "score"}) for h in hits])
        return EXIT_OK
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console()
    for n, h in enumerate(hits, 1):
        console.rule(f"{n}. {h.doc} > {h.section}  (score {h.score:.4f})")
        console.print(Markdown(h.text))
    if not hits:
        console.print("no matching sections")
    return EXIT_OK
