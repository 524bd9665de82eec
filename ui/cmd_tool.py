"""`tunewise tool NAME [flags]`: every registered tool (agent/toolkit/registry.py) on the
command line, derived from its declaration: its flags from its input model (ui/flags.py),
its output from its renderer, or JSON with --json. A new tool gets its command here without
a line of CLI code; the richer hand-written commands (validate, estimate, train, eval,
synth) stay for the tools people use most."""

from __future__ import annotations

import argparse
import json
import typing
from typing import Any

from tunewise.agent.runtime.app import App
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.agent.toolkit.launch import preview
from tunewise.agent.toolkit.registry import TOOLS
from tunewise.ui.flags import add_model_flags, model_values, unwrap
from tunewise.ui.output import EXIT_OK, EXIT_USAGE, emit_json


def _json_object(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(
            f"not JSON ({exc.msg}); e.g. '{{\"n_examples\": 500}}'"
        ) from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError("give a JSON object, e.g. '{\"n_examples\": 500}'")
    return value


def _object_fields(decl: ToolDecl) -> list[str]:
    """Fields the flags generator leaves out (objects): given as JSON."""
    return [
        f
        for f, info in decl.input.model_fields.items()
        if unwrap(info.annotation) is dict or typing.get_origin(unwrap(info.annotation)) is dict
    ]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tool", help="run any of the assistant's tools directly (one per tool)")
    tools = p.add_subparsers(dest="tool", required=True, metavar="TOOL")
    for decl in TOOLS:
        t = tools.add_parser(decl.name, help=decl.summary.split(". ")[0], description=decl.summary)
        add_model_flags(t, decl.input, enforce_required=True)
        for field in _object_fields(decl):
            info = decl.input.model_fields[field]
            t.add_argument(
                "--" + field.replace("_", "-"),
                dest=field,
                type=_json_object,
                default=None,
                help=f"{info.description or field} (a JSON object)",
            )
        t.add_argument("--json", action="store_true", help="print the result as JSON")
        if decl.confirm:  # the same gate as the chat's: the plan first, then an explicit yes
            t.add_argument("--yes", action="store_true", help="run it (without: show the plan)")
        t.set_defaults(handler=run_tool, decl=decl)


def run_tool(args: argparse.Namespace, app: App) -> int:
    decl: ToolDecl = args.decl
    inp = decl.input.model_validate(model_values(args, decl.input))
    if decl.confirm and not args.yes:
        plan, ok = preview(inp.model_dump(mode="json"), app.data_dir / "runs", app.catalogue)
        print(plan.replace("**", ""))
        if not ok:
            return EXIT_USAGE
        print(f"\nNothing was started. Add --yes to run {decl.name}.")
        return EXIT_OK
    result: Any = decl.run(app, inp)
    if args.json or decl.render is None:
        emit_json(result)
    else:
        print(decl.render(result).replace("**", ""))
    return EXIT_OK
