"""Path fields are typed: a field annotated with `UserPath` holds a path a user names, so the
web app's confinement (every such path inside the data directory) follows from the input
model itself. A new path field is confined the moment it is declared with this type."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel


class UserPath:
    """Marker: this field is a file or folder the user names. `bundled` names values that are
    not paths (e.g. 'smollm2', the bundled model) and pass unconfined."""

    def __init__(self, bundled: frozenset[str] = frozenset()) -> None:
        self.bundled = bundled

    def __repr__(self) -> str:
        return "UserPath()"


FilePath = Annotated[Path, UserPath()]
OptionalFilePath = Annotated[Path | None, UserPath()]
ModelRef = Annotated[str, UserPath(bundled=frozenset({"smollm2"}))]


def path_fields(model: type[BaseModel]) -> dict[str, UserPath]:
    """The fields of `model` typed as user paths, with their markers."""
    out = {}
    for name, info in model.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, UserPath):
                out[name] = meta
    return out
