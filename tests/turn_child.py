"""A `tunewise ask` turn that stops at a chosen point so a test can kill -9 it there.

usage: python -m tests.turn_child DATA_DIR THREAD TEXT POINT
POINT: retrieve (after the understand step was checkpointed) or agent (after retrieval). The
process prints PAUSED and sleeps at that point; it is never meant to finish.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    data_dir, thread, text, point = sys.argv[1:5]
    from tunewise.agent.runtime.app import App
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings
    from tunewise.knowledge.index import KnowledgeIndex

    def pause(*_a, **_k):  # noqa: ANN002, ANN003
        print("PAUSED", flush=True)
        time.sleep(600)

    if point == "retrieve":
        KnowledgeIndex.search = pause  # type: ignore[method-assign]
    elif point == "agent":
        from tunewise.agent.runtime.offline_model import OfflineChatModel

        OfflineChatModel._generate = pause  # type: ignore[method-assign]
    Assistant.of(App(Settings(data_dir=Path(data_dir)))).ask(text, thread)


if __name__ == "__main__":
    main()
