"""Errors of the training tools."""

from __future__ import annotations

from tunewise.core.errors import ToolError


class SpecError(ToolError):
    """The job spec cannot be run as given (missing data, unknown model, GPU-only option)."""
