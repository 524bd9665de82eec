"""Launch a job and stop right after the trainer process started, before the job store records
it, so a test can kill -9 this process (the CLI) at exactly that point.

usage: python -m tests.job_child DB SPEC_JSON
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    db, spec_json = sys.argv[1:3]
    from tunewise.tools.train import jobs
    from tunewise.tools.train.spec import JobSpec

    real = subprocess.Popen

    class Paused(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **k) -> None:  # noqa: ANN002, ANN003
            super().__init__(*a, **k)
            print("STARTED", flush=True)
            time.sleep(600)

    jobs.subprocess.Popen = Paused  # type: ignore[misc]
    jobs.JobStore(Path(db)).launch(JobSpec.model_validate_json(spec_json))


if __name__ == "__main__":
    main()
