"""A GGUF base model converted once to a model folder.

transformers loads a .gguf file by de-quantising every tensor, about 16 s for the bundled
SmolLM2-135M on two cores, and every training run, evaluation and export of a GGUF base paid it
again. The de-quantised float32 weights are written once as a model folder (safetensors and
the tokenizer) in the environment's share/ folder, stamped with the GGUF file it came from,
and read back in about a second (bases up to MAX_BYTES in float32, with room on the disk).
The values are the same either way: float32 holds the de-quantised numbers exactly. A folder
that cannot be written or read is skipped: the GGUF is then loaded as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from tunewise.core.paths import share_dir

FORMAT = "gguf-float32-v1"
# Only bases up to this size in float32 are kept (SmolLM2-135M: about 0.5 GB; a 7B base would
# be 28 GB), and only with twice that free on the disk.
MAX_BYTES = 4 * 2**30


def stamp(gguf: Path) -> dict[str, Any]:
    """What the converted folder depends on: the GGUF file's path, size and mtime, and this
    module's format."""
    st = gguf.stat()
    return {"file": str(gguf.resolve()), "size": st.st_size, "mtime": int(st.st_mtime), "v": FORMAT}


def folder_for(gguf: Path) -> Path:
    key = hashlib.sha256(json.dumps(stamp(gguf), sort_keys=True).encode()).hexdigest()[:12]
    return share_dir() / f"gguf-{gguf.stem}-{key}"


def cached(gguf: Path) -> Path | None:
    """The converted folder of `gguf` if it is there and complete."""
    folder = folder_for(gguf)
    try:
        ok = json.loads((folder / "stamp.json").read_text(encoding="utf-8")) == stamp(gguf)
    except (OSError, ValueError):
        return None
    return folder if ok else None


def keep(gguf: Path, model: Any, tok: Any) -> None:
    """Write the loaded model and tokenizer as the converted folder of `gguf` (atomically: a
    partial folder is renamed into place only when complete; a concurrent writer's folder
    wins)."""
    size = sum(p.numel() * p.element_size() for p in model.parameters())
    folder = folder_for(gguf)
    tmp = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if size > MAX_BYTES or shutil.disk_usage(folder.parent).free < 2 * size:
            return
        shutil.rmtree(tmp, ignore_errors=True)
        model.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        (tmp / "stamp.json").write_text(json.dumps(stamp(gguf)), encoding="utf-8")
        if cached(gguf) is None:  # not finished by another process meanwhile
            shutil.rmtree(folder, ignore_errors=True)  # a stale or damaged conversion
            tmp.rename(folder)
    except OSError:
        pass  # read-only, full, or another process finished first: nothing is lost
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
