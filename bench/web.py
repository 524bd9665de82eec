"""Web app start-up: seconds from `tunewise serve` starting to the page answering, against a
bare gradio app (one textbox) started the same way in the same run; then the first and a
warm chat turn through gradio_client (the first one loads the embedding model and index).

usage: python -m bench.web [--repeat 3] [--json]
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

from tests.webserver import TUNEWISE, free_port, wait_up

BARE = """
import sys, gradio as gr
with gr.Blocks() as demo:
    gr.Textbox()
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), prevent_thread_lock=True)
demo.block_thread()
"""


def _time_up(cmd: list[str], port: int, env: dict) -> tuple[float, subprocess.Popen]:
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # never read
    )
    wait_up(f"http://127.0.0.1:{port}/", proc)
    return time.monotonic() - t0, proc


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    ours, bare, first, warm = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        env["TUNEWISE_DATA_DIR"] = str(Path(tmp) / "data")
        for _ in range(args.repeat):
            port = free_port()
            t, proc = _time_up([sys.executable, "-c", BARE, str(port)], port, env)
            bare.append(t)
            _stop(proc)
            port = free_port()
            t, proc = _time_up([TUNEWISE, "serve", "--port", str(port)], port, env)
            ours.append(t)
            from gradio_client import Client

            client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            t0 = time.monotonic()
            client.predict("How much does LoRA cost compared with prompting?", api_name="/ask")
            first.append(time.monotonic() - t0)
            t0 = time.monotonic()
            client.predict("What rank should a LoRA adapter use?", api_name="/ask")
            warm.append(time.monotonic() - t0)
            _stop(proc)
    res = {
        "page_up_s_median": round(statistics.median(ours), 2),
        "bare_gradio_up_s_median": round(statistics.median(bare), 2),
        "ratio_vs_bare": round(statistics.median(ours) / statistics.median(bare), 2),
        "first_turn_s_median": round(statistics.median(first), 2),
        "warm_turn_s_median": round(statistics.median(warm), 2),
        "runs": args.repeat,
    }
    if args.json:
        print(json.dumps(res))
    else:
        print(
            f"page up: {res['page_up_s_median']} s (bare gradio {res['bare_gradio_up_s_median']} s, "
            f"x{res['ratio_vs_bare']}); first chat turn {res['first_turn_s_median']} s, "
            f"warm turn {res['warm_turn_s_median']} s (median of {args.repeat})"
        )


if __name__ == "__main__":
    main()
