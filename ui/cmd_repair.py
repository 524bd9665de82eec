"""`tunewise repair STORE`: set a damaged store aside and start it fresh."""

from __future__ import annotations

import argparse

from tunewise.agent.runtime.app import App
from tunewise.core import stores
from tunewise.ui.cmd_knowledge import open_index
from tunewise.ui.output import EXIT_OK, info


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "repair",
        help="set a damaged store aside (renamed, never deleted) and start it fresh",
    )
    p.add_argument(
        "store",
        choices=sorted(stores.STORES),
        help="threads (conversations), jobs (the job list) or index (rebuilt from the documents)",
    )
    p.set_defaults(handler=run_repair)


def store_path(app: App, name: str):  # noqa: ANN201 - Path
    if name == "index":
        return app.settings.chroma_dir / "chroma.sqlite3"
    return stores.path_of(app.settings.data_dir, name)


def run_repair(args: argparse.Namespace, app: App) -> int:
    path = store_path(app, args.store)
    moved = stores.set_aside(path, args.store)
    if moved:
        info(f"set aside: {', '.join(str(m) for m in moved)}")
    else:
        info(f"{path} does not exist; nothing to set aside")
    if args.store == "index":
        report = open_index(app.settings).build()
        info(f"index rebuilt: {report.n_docs} documents, {report.n_chunks} sections")
    else:
        info(f"{args.store} starts fresh ({stores.STORES[args.store].lost})")
    return EXIT_OK
