"""Section vectors kept across index builds.

Building an index embeds every section (about 4 s for the shipped documents on two cores),
and every new data directory, `--force` rebuild and `repair` builds one. The vector of a text
depends only on the text and the exported model, so vectors are kept in one SQLite file
beside the ONNX export, keyed by the model's stamp and the text's hash: a rebuild embeds only
sections it has not seen. A cache that cannot be read or written is skipped, never an error:
the vectors are then computed as if it were empty, and a damaged file is set aside like any
damaged store (core.stores.set_aside: renamed to .damaged-<time>) so the next build starts a
fresh one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np

from tunewise.core import stores
from tunewise.knowledge.embeddings import DIMENSIONS, embed
from tunewise.knowledge.onnx_export import model_path, onnx_path, weights_stamp

FILE = "section-vectors.sqlite"


def cache_path() -> Path:
    return onnx_path().parent / FILE


def _keys(texts: list[str]) -> list[str]:
    model = json.dumps(weights_stamp(model_path()), sort_keys=True)
    return [hashlib.sha256(f"{model}\n{t}".encode()).hexdigest() for t in texts]


def _connect() -> sqlite3.Connection:
    path = cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
    return db


def _read(keys: list[str]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    try:
        with _connect() as db:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in db.execute(
                    f"SELECT key, v FROM vectors WHERE key IN ({marks})", part
                ):
                    v = np.frombuffer(blob, dtype=np.float32)
                    if v.shape == (DIMENSIONS,):
                        found[key] = v.tolist()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            try:
                stores.set_aside(cache_path(), "section-vectors")
            except OSError:
                pass  # left where it is: it is skipped again next time
        return {}
    except (sqlite3.Error, OSError):
        return {}
    return found


def _write(rows: list[tuple[str, list[float]]]) -> None:
    try:
        with _connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO vectors (key, v) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in rows],
            )
    except (sqlite3.Error, OSError):
        pass  # a read-only or damaged cache: the vectors were computed anyway


def embed_cached(texts: list[str]) -> list[list[float]]:
    """embed(texts), taking the vectors already computed for the same texts and model from
    the cache and adding the new ones."""
    keys = _keys(texts)
    known = _read(keys)
    missing = {k: t for t, k in zip(texts, keys, strict=True) if k not in known}
    if missing:
        new = dict(zip(missing, embed(list(missing.values())), strict=True))
        _write(list(new.items()))
        known.update(new)
    return [known[k] for k in keys]
