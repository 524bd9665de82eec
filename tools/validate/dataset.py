"""File-wide checks and figures, over the merged per-line columns: duplicates, conflicting
outputs, near-duplicates, length outliers, dataset size, token statistics and the training
estimate (billing tokens x epochs, priced from the catalogue)."""

from __future__ import annotations

import numpy as np

from tools.cost import default_epochs
from tools.prices import Catalogue
from tools.validate.models import Estimate, TokenStats
from tools.validate.neardup import conflicts, exact_duplicates, near_duplicates
from tools.validate.targets import Target

MIN_USEFUL, RECOMMENDED, RELIABLE = 50, 100, 500


def token_stats(values: np.ndarray) -> TokenStats:
    if values.size == 0:
        return TokenStats()
    return TokenStats(
        total=int(values.sum()),
        mean=round(float(values.mean()), 1),
        p50=int(np.percentile(values, 50)),
        p95=int(np.percentile(values, 95)),
        max=int(values.max()),
    )


def file_checks(cols: dict[str, np.ndarray], drop: set[int]):
    """Yield (line, code, message) for repeats, conflicts, near-duplicates and outliers;
    add the line numbers of exact repeats (which --fix drops) to `drop`."""
    lines = cols["line"]
    dups = exact_duplicates(cols["full"])
    dup_idx = {i for i, _ in dups}
    drop.update(int(lines[i]) for i in dup_idx)
    for i, j in dups:
        yield int(lines[i]), "duplicate", f"same example as line {lines[j]}; --fix drops it"
    for i, j in conflicts(cols["inp"], cols["out"]):
        if i not in dup_idx:
            yield (
                int(lines[i]),
                "conflicting_output",
                f"same input as line {lines[j]} but a different output; keep one",
            )
    for i, j, sim in near_duplicates(cols["sig"], dup_idx):
        yield int(lines[i]), "near_duplicate", f"about {sim:.0%} similar to line {lines[j]}"
    asst = cols["asst"]
    if asst.size >= 20:
        q1, q3, med = np.percentile(asst, [25, 75, 50])
        limit = max(q3 + 3 * (q3 - q1), 2 * med)
        for i in np.flatnonzero(asst > limit):
            yield (
                int(lines[i]),
                "length_outlier",
                f"assistant reply of {asst[i]:,} tokens; most are {int(q1)}-{int(q3)}",
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
    tokens: np.ndarray,
    t: Target,
    max_tokens: int | None,
    price_model: str | None,
    catalogue: Catalogue,
    tokenizer: str,
) -> Estimate:
    n = int(tokens.size)
    epochs = default_epochs(n)
    cap = max_tokens or (int(tokens.max()) if n else 0)
    billing = int(np.minimum(tokens, cap).sum()) if n else 0
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
