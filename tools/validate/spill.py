"""Per-example records on disk, so the file-wide checks run in bounded memory.

Workers append fixed-size records to files in a temporary folder: one row per valid example
(line, tokens, assistant tokens), its MinHash signature, and its hashes and LSH band keys
split into K partitions by value. Equal keys always land in the same partition, so the main
process finds duplicates, conflicts and near-duplicates one partition at a time, and streams
the rows for statistics. Memory then depends on the partition size, not the file size.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from tunewise.tools.validate.neardup import BANDS, N_PERM

ROW = np.dtype([("line", "<i8"), ("tokens", "<i4"), ("asst", "<i4")])
HASH = np.dtype([("line", "<i8"), ("inp", "<u8"), ("out", "<u8")])
BAND = np.dtype([("line", "<i8"), ("key", "<u8"), ("idx", "<i8")])
PARTITION_BYTES = 128 * 2**20  # of input per partition
MAX_PARTITIONS = 64
BUFFER = 64 * 1024
STREAM_ROWS = 1 << 20


def partitions_for(file_bytes: int) -> int:
    return max(1, min(MAX_PARTITIONS, math.ceil(file_bytes / PARTITION_BYTES)))


class SpillWriter:
    """Appends a worker's records; buffered, one file per record kind and partition."""

    def __init__(self, directory: str, worker: int, n_parts: int) -> None:
        self.dir, self.w, self.k = directory, worker, n_parts
        self.buffers: dict[str, bytearray] = {}
        self.count = 0

    def _put(self, name: str, data: bytes) -> None:
        buf = self.buffers.setdefault(name, bytearray())
        buf += data
        if len(buf) >= BUFFER:
            self._flush(name)

    def _flush(self, name: str) -> None:
        with open(os.path.join(self.dir, f"w{self.w}_{name}"), "ab") as f:
            f.write(self.buffers.pop(name))

    def add(self, lines, tokens, asst, inp, out, sig) -> None:  # noqa: ANN001 - numpy arrays
        n = lines.size
        if n == 0:
            return
        rows = np.empty(n, dtype=ROW)
        rows["line"], rows["tokens"], rows["asst"] = lines, tokens, asst
        self._put("rows", rows.tobytes())
        self._put("sig", np.ascontiguousarray(sig, dtype=np.uint16).tobytes())
        hashes = np.empty(n, dtype=HASH)
        hashes["line"], hashes["inp"], hashes["out"] = lines, inp, out
        self._split("h", hashes, inp)
        bands = np.ascontiguousarray(sig, dtype=np.uint16).view(np.uint64)
        idx = np.arange(self.count, self.count + n, dtype=np.int64)
        for b in range(BANDS):
            rec = np.empty(n, dtype=BAND)
            rec["line"], rec["key"], rec["idx"] = lines, bands[:, b], idx
            self._split(f"b{b}", rec, bands[:, b])
        self.count += n

    def _split(self, kind: str, records: np.ndarray, keys: np.ndarray) -> None:
        part = (keys % np.uint64(self.k)).astype(np.int64) if self.k > 1 else None
        for p in range(self.k):
            chosen = records if part is None else records[part == p]
            if chosen.size:
                self._put(f"{kind}_{p}", chosen.tobytes())

    def close(self) -> None:
        for name in list(self.buffers):
            self._flush(name)


class SpillReader:
    """Reads the records of all workers, with worker-local line numbers made global."""

    def __init__(self, directory: str, offsets: list[int], n_parts: int) -> None:
        self.dir, self.offsets, self.k = Path(directory), offsets, n_parts

    def _file(self, w: int, name: str) -> Path:
        return self.dir / f"w{w}_{name}"

    def partition(self, kind: str, p: int, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
        """(records of one partition from every worker, the worker of each record)."""
        parts, owners = [], []
        for w, off in enumerate(self.offsets):
            f = self._file(w, f"{kind}_{p}")
            if f.exists():
                rec = np.fromfile(f, dtype=dtype)
                rec["line"] += off
                parts.append(rec)
                owners.append(np.full(rec.size, w, dtype=np.int32))
        if not parts:
            return np.empty(0, dtype=dtype), np.empty(0, dtype=np.int32)
        return np.concatenate(parts), np.concatenate(owners)

    def signatures(self) -> list[np.ndarray]:
        """Memory-mapped (n, N_PERM) signatures per worker (pages read only when touched)."""
        out = []
        for w in range(len(self.offsets)):
            f = self._file(w, "sig")
            if f.exists() and f.stat().st_size:
                out.append(np.memmap(f, dtype=np.uint16, mode="r").reshape(-1, N_PERM))
            else:
                out.append(np.empty((0, N_PERM), dtype=np.uint16))
        return out

    def rows(self) -> Iterator[np.ndarray]:
        """All rows in file order, a bounded chunk at a time."""
        for w, off in enumerate(self.offsets):
            f = self._file(w, "rows")
            if not f.exists():
                continue
            mm = np.memmap(f, dtype=ROW, mode="r")
            for i in range(0, mm.size, STREAM_ROWS):
                chunk = np.array(mm[i : i + STREAM_ROWS])
                chunk["line"] += off
                yield chunk
            del mm
