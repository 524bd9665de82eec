"""Path fields are typed: a field annotated with `UserPath` holds a path a user names, so the
web app's confinement (every such path inside the data directory) follows from the input
model itself. A new path field is confined the moment it is declared with this type.

Every path a user names is made absolute where it is read (relative to the directory the user
typed it in, `~` expanded), so a job, a checkpoint or a later process never resolves it
against another working directory."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel


class UserPath:
    """Marker: this field is a file or folder the user names. `bundled` names values that are
    not paths (e.g. 'smollm2', the bundled model) and pass unconfined."""

    def __init__(self, bundled: frozenset[str] = frozenset()) -> None:
        self.bundled = bundled

    def __repr__(self) -> str:
        return "UserPath()"


def absolute(path: Path | None) -> Path | None:
    return None if path is None else Path(os.path.abspath(os.path.expanduser(path)))


def absolute_if_local(ref: str) -> str:
    """A model reference that names a local folder (exists, or starts with . or ~) becomes
    absolute; a hub id or a bundled name stays as it is."""
    if ref.startswith((".", "~")) or (os.sep in ref and Path(ref).exists()):
        return str(absolute(Path(ref)))
    return ref


AbsPath = Annotated[Path, AfterValidator(absolute)]
FilePath = Annotated[Path, UserPath(), AfterValidator(absolute)]
OptionalFilePath = Annotated[Path | None, UserPath(), AfterValidator(absolute)]
ModelRef = Annotated[
    str, UserPath(bundled=frozenset({"smollm2"})), AfterValidator(absolute_if_local)
]


def path_fields(model: type[BaseModel]) -> dict[str, UserPath]:
    """The fields of `model` typed as user paths, with their markers."""
    out = {}
    for name, info in model.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, UserPath):
                out[name] = meta
    return out


# Kept uploads are stored as <8 hex id>-<name> (several uploads of one name never collide);
# the web app shows the name, and the chat finds the newest upload by it.
UPLOAD_ID_LEN = 8


def kept_name(name: str) -> str:
    return f"{uuid.uuid4().hex[:UPLOAD_ID_LEN]}-{name}"


def uploaded_name(path: Path) -> str:
    """The name the user uploaded a kept file under."""
    head, _, rest = path.name.partition("-")
    is_id = len(head) == UPLOAD_ID_LEN and all(c in "0123456789abcdef" for c in head)
    return rest if rest and is_id else path.name


def newest_upload(uploads: Path, name: str) -> Path | None:
    """The newest kept upload of `name` in the folder `uploads`, if any."""
    found = [f for f in [*uploads.glob(f"*-{name}"), uploads / name] if f.is_file()]
    found = [f for f in found if uploaded_name(f) == name]
    return max(found, key=lambda f: f.stat().st_mtime) if found else None


def share_dir() -> Path:
    """Where derived model files live (the ONNX export, converted weights): the environment's
    share/tunewise folder, or the user's cache when the environment is read-only."""
    import os
    import sys

    share = Path(sys.prefix) / "share" / "tunewise"
    if share.exists() and os.access(share, os.W_OK):
        return share
    if not share.exists() and os.access(Path(sys.prefix), os.W_OK):
        return share
    if share.exists() and any(share.iterdir()):
        return share  # read-only but already holds the files
    return Path.home() / ".cache" / "tunewise"
