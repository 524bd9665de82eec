"""The web app's one translation of expected failures into a message box (gr.Error).

Expected failures (typed tool errors, invalid input, unreadable files, a missing API key)
become a short message that says what to do; anything else is a bug and is left to surface."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import gradio as gr
from pydantic import ValidationError

from tunewise.core.errors import AskError, ProviderConfigError, ToolError
from tunewise.knowledge.errors import KnowledgeError


def _expected() -> tuple[type[BaseException], ...]:
    return (ToolError, AskError, KnowledgeError, ProviderConfigError, OSError)


def expected_errors() -> tuple[type[BaseException], ...]:
    return (*_expected(), ValidationError)


def message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "input"
        return f"invalid {field.replace('_', ' ')}: {first['msg']}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename or ''}".rstrip(": ")
    return str(exc)


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a handler (plain or generator) so expected errors show as a message box."""
    expected = (*_expected(), ValidationError)
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(*args, **kwargs)
            except expected as exc:
                raise gr.Error(message(exc)) from None

        return gen

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except expected as exc:
            raise gr.Error(message(exc)) from None

    return plain
