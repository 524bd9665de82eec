"""Train (or load) the learned readers once, at set-up, so a fresh machine's first chat turn
does not wait for them: `python -m tunewise.agent.learned.train_readers`."""

from __future__ import annotations

import sys
import time

from tunewise.agent.learned.act_model import model as act_model
from tunewise.agent.learned.clause_model import models as clause_models
from tunewise.agent.learned.kind_model import models as kind_models
from tunewise.agent.learned.need_model import model as need_model


def main() -> None:
    start = time.perf_counter()
    clause_models()
    kind_models()
    need_model()
    act_model()
    print(f"clause readers ready ({time.perf_counter() - start:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
