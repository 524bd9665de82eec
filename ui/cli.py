"""The `tunewise` console script: argument parsing and the one place errors become exit codes."""

from __future__ import annotations

import argparse
import logging
import sys

from pydantic import ValidationError

from tunewise.agent.runtime.app import App
from tunewise.core.errors import AskError, InputFileError, ProviderConfigError, ToolError
from tunewise.core.settings import Settings, apply_offline_env
from tunewise.knowledge.errors import KnowledgeError, QueryError
from tunewise.ui import (
    cmd_ask,
    cmd_estimate,
    cmd_eval,
    cmd_knowledge,
    cmd_mcp,
    cmd_repair,
    cmd_serve,
    cmd_synth,
    cmd_tool,
    cmd_train,
    cmd_validate,
)
from tunewise.ui.output import EXIT_DATA, EXIT_USAGE, fail

COMMANDS = [
    cmd_knowledge,
    cmd_ask,
    cmd_estimate,
    cmd_validate,
    cmd_synth,
    cmd_train,
    cmd_eval,
    cmd_serve,
    cmd_repair,
    cmd_mcp,
    cmd_tool,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tunewise",
        description="Decide between prompting, RAG, LoRA and proprietary fine-tuning - and act on it.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        return fail(f"invalid setting TUNEWISE_{field.upper()}: {first['msg']}", EXIT_USAGE)
    logging.basicConfig(
        level=settings.log_level.upper(),
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    apply_offline_env(settings)

    try:
        return args.handler(args, App(settings))
    except QueryError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KnowledgeError as exc:
        return fail(str(exc), EXIT_DATA)
    except InputFileError as exc:
        return fail(str(exc), EXIT_USAGE)
    except ToolError as exc:
        return fail(str(exc), EXIT_USAGE)
    except ValidationError as exc:
        return fail(_invalid_argument(exc), EXIT_USAGE)
    except ProviderConfigError as exc:
        return fail(str(exc), EXIT_USAGE)
    except OSError as exc:
        return fail(
            f"{exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".strip(": "), EXIT_DATA
        )
    except AskError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail("interrupted", 130)


# Model fields whose command-line flag has another name.
FLAG_NAMES = {
    "budget_usd": "budget",
    "seeds_file": "seeds",
    "difficulties": "difficulty",
    "base_model": "base",
    "train_file": "train",
    "n_shots": "shots",
    "out_dir": "out",
}


def _invalid_argument(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "input"
    field = FLAG_NAMES.get(field, field)
    return f"invalid --{field.replace('_', '-')}: {first['msg']} (got {first.get('input')!r})"


if __name__ == "__main__":
    sys.exit(main())
