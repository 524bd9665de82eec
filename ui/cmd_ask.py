"""`tunewise ask`, `tunewise chat` and `tunewise audit`."""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path

from tunewise.agent.runtime.app import App
from tunewise.ui.output import EXIT_OK, emit_json, info


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("ask", help="ask one question (keeps the conversation with --thread)")
    a.add_argument("text", help="your question or answer")
    a.add_argument("--thread", help="conversation id; reuse it to answer clarifying questions")
    a.add_argument("--out", type=Path, help="also write the answer to this Markdown file")
    a.add_argument("--json", action="store_true", help="print the contract JSON")
    a.set_defaults(handler=run_ask)
    c = sub.add_parser("chat", help="terminal chat that keeps the thread")
    c.add_argument("--thread", help="continue this conversation")
    c.set_defaults(handler=run_chat)
    d = sub.add_parser("audit", help="export a conversation as a Markdown decision audit")
    d.add_argument("--thread", required=True)
    d.add_argument("--out", type=Path, required=True)
    d.set_defaults(handler=run_audit)


def _runtime():  # noqa: ANN202 - the module; langgraph loads only for the chat commands
    from tunewise.agent.runtime import assistant as runtime

    return runtime


def _write(path: Path, text: str) -> None:
    if path.exists() and path.is_dir():
        raise OSError(f"{path} is a folder; give a file name such as answer.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run_ask(args: argparse.Namespace, app: App) -> int:
    thread = args.thread or uuid.uuid4().hex[:12]
    result = _runtime().Assistant.of(app).ask(args.text, thread)
    info(f"thread: {thread}")
    if args.out:
        _write(args.out, result.answer + "\n")
        info(f"wrote {args.out}")
    if args.json:
        emit_json(result)
    else:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(result.answer))
    return EXIT_OK


def run_chat(args: argparse.Namespace, app: App) -> int:
    settings = app.settings
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console()
    thread = args.thread or uuid.uuid4().hex[:12]
    console.print(
        f"[dim]tunewise ({settings.llm}) - thread {thread}. Empty line or Ctrl-D to quit; a number picks a quick reply.[/dim]"
    )
    assistant = _runtime().Assistant.of(app)
    replies: list[str] = []
    while True:
        try:
            text = console.input("[bold]you>[/bold] ").strip()
        except EOFError:
            break
        if not text:
            break
        if text.isdigit() and 0 < int(text) <= len(replies):
            text = replies[int(text) - 1]
            console.print(f"[dim]> {text}[/dim]")
        result = assistant.ask(text, thread)
        console.print(Markdown(result.answer))
        replies = [s for group in result.suggestions for s in group]
        for i, s in enumerate(replies, 1):
            console.print(f"  [cyan]{i}[/cyan]. {s}")
    console.print(f"[dim]conversation saved as thread {thread}[/dim]")
    return EXIT_OK


def run_audit(args: argparse.Namespace, app: App) -> int:
    _write(args.out, _runtime().export_audit(_runtime().Assistant.of(app), args.thread))
    info(f"wrote {args.out}")
    return EXIT_OK
