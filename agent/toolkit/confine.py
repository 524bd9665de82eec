"""Keep the agent's file arguments inside one folder (the web app's data directory).

The CLI trusts its user with any path; the web app must not let a chat message read or
write outside the data directory, so its assistant checks every path-like tool argument."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from tunewise.core import paths
from tunewise.core.errors import ToolError
from tunewise.core.paths import path_fields


class OutsideDataDir(ToolError):
    """A path argument points outside the folder the assistant may use."""


WEB_ROOT = "the data directory"
WEB_HINT = (
    "upload it in the Data or Training tab, then its name is enough (e.g. 'validate train.jsonl')"
)


def inside_root(
    root: Path, value: str | Path, what: str = "file", where: str = WEB_ROOT, hint: str = WEB_HINT
) -> Path:
    """Resolve `value` (relative to root); refuse anything that lands outside root. `where`
    names the root and `hint` says what to do, as the front end puts it."""
    root = root.resolve()
    p = Path(str(value)).expanduser()
    p = (p if p.is_absolute() else root / p).resolve()
    if not p.is_relative_to(root):
        raise OutsideDataDir(f"the {what} {value} is outside {where} {root}; {hint}")
    return p


def confine_args(
    root: Path | None,
    args: dict[str, Any],
    model: type[BaseModel],
    where: str = WEB_ROOT,
    hint: str = WEB_HINT,
) -> dict[str, Any]:
    """Return args with the model's user-path fields resolved under root; refuse paths
    outside it. Which fields are paths comes from their type (core.paths.UserPath)."""
    if root is None:
        return args
    out = dict(args)
    for key, marker in path_fields(model).items():
        value = out.get(key)
        if value is None or str(value) in marker.bundled:
            continue
        out[key] = str(inside_root(root, value, key.replace("_", " "), where, hint))
    return out


def anchor_paths(args: dict[str, Any], model: type[BaseModel], base: Path) -> dict[str, Any]:
    """Args with the model's relative user paths made absolute against `base` (the folder
    the user typed them in: the working directory, or the web app's data directory), so a
    call paused for confirmation and resumed elsewhere still means the same file. Nothing is
    checked here; confinement runs when the tool does."""
    out = dict(args)
    for key, marker in path_fields(model).items():
        value = out.get(key)
        if not isinstance(value, str) or not value or value in marker.bundled:
            continue
        p = Path(value).expanduser()
        if p.is_absolute():
            continue
        if key == "base_model" and not value.startswith((".", "~")) and not (base / p).exists():
            continue  # a hub id such as org/model, not a local path
        out[key] = str(newest_upload(base, p) or base / p)
    return out


def newest_upload(base: Path, p: Path) -> Path | None:
    """A bare file name that is not in `base` but was uploaded there: the newest upload."""
    if (base / p).exists() or len(p.parts) != 1:
        return None
    return paths.newest_upload(base / "uploads", p.name)
