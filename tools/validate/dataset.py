"""File-wide checks and figures over the spilled per-example records (spill.py):
duplicates, conflicting outputs, near-duplicates, length outliers, dataset size, token
statistics and the training estimate (billing tokens x epochs, priced from the catalogue).
Everything is read a partition or a bounded chunk at a time."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from tunewise.tools.cost import default_epochs
from tunewise.tools.prices import Catalogue
from tunewise.tools.validate.models import Estimate, TokenStats
from tunewise.tools.validate.neardup import BANDS, EMPTY, MIN_AGREE, N_PERM
from tunewise.tools.validate.spill import BAND, HASH, SpillReader
from tunewise.tools.validate.targets import Target

MIN_USEFUL, RECOMMENDED, RELIABLE = 50, 100, 500


HIST_CAP = 1 << 17  # token counts at or above this share the top histogram bin


class RowStats:
    """Exact totals and histograms of per-example token counts, built from streamed rows."""

    def __init__(self, cap: int | None) -> None:
        self.cap = cap
        self.n = self.billing = 0
        self.hist = {k: np.zeros(HIST_CAP + 1, dtype=np.int64) for k in ("tokens", "asst")}
        self.total = {"tokens": 0, "asst": 0}
        self.max = {"tokens": 0, "asst": 0}

    def add(self, rows: np.ndarray) -> None:
        self.n += rows.size
        for k in ("tokens", "asst"):
            v = rows[k].astype(np.int64)
            self.hist[k] += np.bincount(np.minimum(v, HIST_CAP), minlength=HIST_CAP + 1)
            self.total[k] += int(v.sum())
            self.max[k] = max(self.max[k], int(v.max(initial=0)))
        t = rows["tokens"].astype(np.int64)
        self.billing += int((np.minimum(t, self.cap) if self.cap else t).sum())

    def percentile(self, k: str, q: float) -> int:
        cs = np.cumsum(self.hist[k])
        return int(np.searchsorted(cs, max(1, math.ceil(q * self.n)))) if self.n else 0

    def stats(self, k: str) -> TokenStats:
        if not self.n:
            return TokenStats()
        return TokenStats(
            total=self.total[k],
            mean=round(self.total[k] / self.n, 1),
            p50=self.percentile(k, 0.5),
            p95=self.percentile(k, 0.95),
            max=self.max[k],
        )


def _runs(sorted_keys: np.ndarray) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of 2+ equal values in a sorted array."""
    same = sorted_keys[1:] == sorted_keys[:-1]
    if not same.any():
        return
    edges = np.diff(np.r_[0, same.astype(np.int8), 0])
    yield from zip(
        np.flatnonzero(edges == 1).tolist(),
        (np.flatnonzero(edges == -1) + 1).tolist(),
        strict=True,
    )


def duplicate_checks(reader: SpillReader, drop: set[int], related: set[int]):
    """Yield (line, code, message) for exact repeats and same-input-different-output pairs,
    one partition at a time; add repeated lines (which --fix drops) to `drop`, and every
    line reported here to `related` (the near-duplicate check skips them)."""
    for p in range(reader.k):
        rec, _ = reader.partition("h", p, HASH)
        if rec.size < 2:
            continue
        rec = rec[np.lexsort((rec["line"], rec["inp"]))]  # by input, then file order
        for a, b in _runs(rec["inp"]):
            group = rec[a:b]
            first = int(group["line"][0])
            first_out = group["out"][0]
            seen: dict[int, int] = {}
            for line, out in zip(group["line"].tolist(), group["out"].tolist(), strict=True):
                if out in seen:
                    drop.add(line)
                    related.add(line)
                    yield line, "duplicate", f"same example as line {seen[out]}; --fix drops it"
                    continue
                seen[out] = line
                if out != first_out:
                    related.add(line)
                    yield (
                        line,
                        "conflicting_output",
                        f"same input as line {first} but a different output; keep one",
                    )


def near_duplicate_checks(reader: SpillReader, skip: set[int]):
    """Yield (line, code, message) for near-duplicates, band by band, partition by partition."""
    sigs = reader.signatures()
    found: dict[int, tuple[int, float]] = {}
    for b in range(BANDS):
        for p in range(reader.k):
            rec, owner = reader.partition(f"b{b}", p, BAND)
            if rec.size < 2:
                continue
            order = np.lexsort((rec["line"], rec["key"]))
            rec, owner = rec[order], owner[order]
            for a, e in _runs(rec["key"]):
                first_sig = sigs[owner[a]][rec["idx"][a]]
                if np.all(first_sig == EMPTY):
                    continue
                first_line = int(rec["line"][a])
                for j in range(a + 1, e):
                    line = int(rec["line"][j])
                    if line in skip or line in found:
                        continue
                    agree = int((sigs[owner[j]][rec["idx"][j]] == first_sig).sum())
                    if agree >= MIN_AGREE:
                        found[line] = (first_line, agree / N_PERM)
    for line, (first, sim) in sorted(found.items()):
        yield line, "near_duplicate", f"about {sim:.0%} similar to line {first}"


def outlier_checks(reader: SpillReader, st: RowStats):
    """Yield (line, code, message) for assistant replies far longer than the rest."""
    if st.n < 20:
        return
    q1, q3, med = (st.percentile("asst", q) for q in (0.25, 0.75, 0.5))
    limit = max(q3 + 3 * (q3 - q1), 2 * med)
    for rows in reader.rows():
        for i in np.flatnonzero(rows["asst"] > limit).tolist():
            yield (
                int(rows["line"][i]),
                "length_outlier",
                f"assistant reply of {int(rows['asst'][i]):,} tokens; most are {q1}-{q3}",
            )


def size_checks(n: int, t: Target, n_bytes: int):
    """Yield (code, severity, message) about the number of examples and the file size."""
    if n < t.hard_min_examples:
        yield (
            "too_few_examples",
            "error",
            (f"{n} valid examples; {t.label} needs at least {t.hard_min_examples}"),
        )
    elif n < MIN_USEFUL:
        yield (
            "too_few_examples",
            "warning",
            (f"{n} valid examples; 50 is the useful minimum, 100+ recommended"),
        )
    if t.max_examples and n > t.max_examples:
        yield (
            "too_many_examples",
            "error",
            (
                f"{n:,} examples; {t.label} accepts at most {t.max_examples:,} training rows: "
                "split off the rest as validation data or sample"
            ),
        )
    if t.max_file_bytes and n_bytes > t.max_file_bytes:
        yield (
            "file_too_large",
            "error",
            (
                f"{n_bytes / 2**20:,.0f} MB; {t.label} accepts files up to "
                f"{t.max_file_bytes / 2**20:,.0f} MB"
            ),
        )


def size_guidance(n: int) -> str:
    if n < MIN_USEFUL:
        return f"{n} examples: below the useful minimum of 50; collect or generate more"
    if n < RECOMMENDED:
        return f"{n} examples: enough to try; 100+ are recommended"
    if n < RELIABLE:
        return f"{n} examples: good for a first run; 500-1,000 give reliable gains"
    return f"{n:,} examples: in the range that gives reliable gains"


def split(n: int) -> dict[str, int]:
    """Hold out about 10% (at least 1 when there are 20+, at most 1,000) for validation."""
    val = 0 if n < 20 else min(1000, max(1, round(n * 0.1)))
    return {"train": n - val, "validation": val}


def estimate(
    st: RowStats, price_model: str | None, catalogue: Catalogue, tokenizer: str
) -> Estimate:
    n = st.n
    epochs = default_epochs(n)
    billing = st.billing
    entry = catalogue.fine_tune(price_model) if price_model else None
    price = entry.training_per_mtok if entry else None
    note = f"token counts from {tokenizer}; epochs by the 3-epoch heuristic for {n} examples"
    if entry is not None and not entry.verified:
        note += "; training price not confirmed on the provider's page"
    return Estimate(
        n_epochs=epochs,
        billing_tokens=billing,
        trained_tokens=billing * epochs,
        price_model=entry.id if entry else None,
        training_per_mtok=price,
        cost=round(billing * epochs / 1e6 * price, 2) if price is not None else None,
        as_of=entry.as_of if entry else None,
        note=note,
    )
