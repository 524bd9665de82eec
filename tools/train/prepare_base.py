"""Set-up step: de-quantise the bundled SmolLM2 GGUF once into its model folder
(tools/train/gguf_cache.py), so that the first training run, evaluation, synthetic-data
fluency check or export does not pay the conversion (about 16 s on two cores) while a user, or
a browser, waits for it.

usage: python -m tunewise.tools.train.prepare_base
"""

from __future__ import annotations

import sys
import time

from tunewise.tools.train import gguf_cache
from tunewise.tools.train.entry import load_model
from tunewise.tools.train.spec import smollm2_gguf


def main() -> int:
    gguf = smollm2_gguf()
    if gguf_cache.cached(gguf):
        print("SmolLM2: already converted", file=sys.stderr)
        return 0
    start = time.perf_counter()
    load_model("smollm2")
    kept = gguf_cache.cached(gguf)
    where = f"kept in {kept}" if kept else "not kept (no room or read-only; loads from the GGUF)"
    print(f"SmolLM2: de-quantised in {time.perf_counter() - start:.1f} s, {where}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
