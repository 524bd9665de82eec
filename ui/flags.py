"""Command-line flags generated from pydantic models, as TRL's TrlParser does from its config
dataclasses: name, type, default, choices and help come from each field, so no default is
copied by hand and a renamed field cannot leave a stale flag behind."""

from __future__ import annotations

import argparse
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined


def unwrap(annotation: Any) -> Any:
    """`X | None` -> X."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def flag_name(field: str, names: dict[str, str]) -> str:
    return "--" + names.get(field, field).replace("_", "-")


def add_model_flags(
    parser: argparse.ArgumentParser,
    model: type[BaseModel],
    *,
    names: dict[str, str] | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
    help_extra: dict[str, str] | None = None,
    enforce_required: bool = False,
) -> None:
    """One flag per field of `model` (minus `skip`). Required fields become optional flags
    (default None) so the handler can say what is missing in its own words, or, with
    `enforce_required`, required flags (argparse's usage error); pydantic checks every value
    when the model is built."""
    names = names or {}
    for field, info in model.model_fields.items():
        if field in skip:
            continue
        kind = unwrap(info.annotation)
        default = info.get_default(call_default_factory=True)
        if default is PydanticUndefined:
            default = None
        text = (help_extra or {}).get(field) or info.description or field.replace("_", " ")
        kwargs: dict[str, Any] = {"default": default, "dest": field}
        if enforce_required and info.is_required():
            kwargs["required"] = True
        if kind is bool:
            kwargs["action"] = argparse.BooleanOptionalAction
        elif typing.get_origin(kind) is Literal:
            choices = list(typing.get_args(kind))
            kwargs["choices"] = choices
            kwargs["type"] = type(choices[0])
        elif typing.get_origin(kind) is list:
            kwargs["nargs"] = "+"
            if not default:  # --compare a b --compare c: all three; a default list is replaced
                kwargs["action"] = "extend"
            inner = typing.get_args(kind)[0]
            kwargs["type"] = str if typing.get_origin(inner) is Literal else inner
        elif kind in (int, float, str, Path):
            kwargs["type"] = kind
        else:
            continue  # nested models stay out of the command line
        if (
            field not in (help_extra or {})
            and default not in (None, [], False)
            and "action" not in kwargs
        ):
            text += f" (default: {' '.join(map(str, default)) if isinstance(default, list) else default})"
        kwargs["help"] = text
        parser.add_argument(flag_name(field, names), **kwargs)


def model_values(args: argparse.Namespace, model: type[BaseModel], skip=frozenset()) -> dict:
    """The parsed values of `model`'s flags, by field name (None values left out)."""
    return {
        f: getattr(args, f)
        for f in model.model_fields
        if f not in skip and getattr(args, f, None) is not None
    }


def default_of(model: type[BaseModel], field: str) -> Any:
    """A field's default, for flags that keep their own names or parsing (no copied value)."""
    return model.model_fields[field].get_default(call_default_factory=True)
