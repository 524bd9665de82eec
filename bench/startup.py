"""Cold start: a fresh `tunewise ask` and `tunewise search` process against a bare
`python -c "import chromadb"` started the same way in the same run, and the web app's first
chat turn after its page is up. Also reports whether each CLI run imported torch.

Targets on the 2-core development machine: ask < 2.5 s, search < 2 s, first chat turn < 1.5 s.

usage: python -m bench.startup [--repeat 3] [--no-web] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.webserver import TUNEWISE, free_port

ASK = "We have 2,000 labelled support tickets and prompting plateaued at 70%. Should we fine-tune?"
SEARCH = "LoRA memory for a 7B model"
# Prints 1 when torch was imported by the time the CLI exits (checked through an audit hook
# that the child installs before running the console script).
PROBE = (
    "import runpy, sys, atexit\n"
    "atexit.register(lambda: sys.stderr.write('TORCH=%d\\n' % ('torch' in sys.modules)))\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    secs = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed ({res.returncode}): {res.stderr[-800:]}")
    return secs, res.stderr


def _torch_loaded(cmd: list[str], env: dict[str, str]) -> bool:
    probe = [sys.executable, "-c", PROBE, *cmd]
    _, err = _timed(probe, env)
    return "TORCH=1" in err


def _web_first_turn(env: dict[str, str]) -> tuple[float, float]:
    from gradio_client import Client

    from bench.web import _stop, _time_up

    port = free_port()
    up, proc = _time_up([TUNEWISE, "serve", "--port", str(port)], port, env)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        t1 = time.monotonic()
        client.predict(ASK, api_name="/ask")
        return up, time.monotonic() - t1
    finally:
        _stop(proc)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-web", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    runs: dict[str, list[float]] = {"bare": [], "ask": [], "search": [], "up": [], "turn": []}
    with tempfile.TemporaryDirectory() as tmp:
        env["TUNEWISE_DATA_DIR"] = str(Path(tmp) / "data")
        _timed([TUNEWISE, "index"], env)
        ask = [TUNEWISE, "ask", ASK]
        search = [TUNEWISE, "search", SEARCH]
        torch_in = {"ask": _torch_loaded(ask, env), "search": _torch_loaded(search, env)}
        for _ in range(args.repeat):
            runs["bare"].append(_timed([sys.executable, "-c", "import chromadb"], env)[0])
            runs["ask"].append(_timed(ask, env)[0])
            runs["search"].append(_timed(search, env)[0])
            if not args.no_web:
                up, turn = _web_first_turn(env)
                runs["up"].append(up)
                runs["turn"].append(turn)
    med = {k: round(statistics.median(v), 2) for k, v in runs.items() if v}
    res = {
        **{f"{k}_s": v for k, v in med.items()},
        "ask_vs_bare": round(med["ask"] / med["bare"], 2),
        "search_vs_bare": round(med["search"] / med["bare"], 2),
        "torch_imported": torch_in,
        "runs": args.repeat,
    }
    if args.json:
        print(json.dumps(res))
        return
    print(f"bare `import chromadb` process: {med['bare']} s (median of {args.repeat})")
    print(
        f"cold ask:    {med['ask']} s (x{res['ask_vs_bare']} of bare; target < 2.5 s)"
        f"  torch imported: {torch_in['ask']}"
    )
    print(
        f"cold search: {med['search']} s (x{res['search_vs_bare']} of bare; target < 2 s)"
        f"  torch imported: {torch_in['search']}"
    )
    if "turn" in med:
        print(
            f"web: page up {med['up']} s, first chat turn {med['turn']} s after it (target < 1.5 s)"
        )


if __name__ == "__main__":
    main()
