"""Typed errors raised by the tools and the provider layer; each message says what is wrong and how to fix it.

The edges (agent, CLI, web app) translate these once; expected bad *data* is never an
exception but part of a tool's report.
"""


class ToolError(Exception):
    """Base class for a problem the user can fix (bad argument, unknown model, bad file)."""


class UnknownModelError(ToolError):
    """A model id is not in the price catalogue or genai-prices."""


class CatalogueError(ToolError):
    """A user price file cannot be read or does not have the catalogue's shape."""


class InputFileError(ToolError):
    """A data file cannot be opened (missing, a directory, unreadable)."""


class ProviderConfigError(Exception):
    """The configured back end cannot be used; the message says which variable to set."""


class AskError(Exception):
    """A chat message cannot be processed (empty, a thread that is busy, a launch waiting for
    its answer); the text says what to do."""
