"""The operating-system side of local runs: is a process or process group alive, the tail of
a log, the exact launch command, the device a spec will use, and a full-disk diagnosis."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from tunewise.tools.train.spec import JobSpec, check_runnable, last_complete_checkpoint

LOG_TAIL = 3000
TRAINER_FILE = "trainer.json"  # the trainer's own pid and process group, written at its start
LOW_DISK_BYTES = 64 * 2**20  # below this, a silent death is blamed on the disk


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)  # reaps it when it is our own child
        if done == pid:
            return False
    except ChildProcessError:
        pass  # not our child: fall back to the process table
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (FileNotFoundError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def log_tail(path: Path, size: int = LOG_TAIL) -> str:
    """The last `size` bytes of a log, without reading the rest."""
    if not path.exists():
        return ""
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - size))
        return f.read().decode("utf-8", "replace")


def kept_checkpoint(output_dir: Path) -> str:
    """What survives a failed run, for its error message."""
    ckpt = last_complete_checkpoint(output_dir)
    return (
        f"the last complete checkpoint ({ckpt.name}) is kept" if ckpt else "no checkpoint completed"
    )


def low_disk_line(output_dir: Path, job_id: str) -> str:
    """A first line naming a full disk when that is the likely reason a run died silently
    (on a full disk even its result file cannot be written)."""
    try:
        free = shutil.disk_usage(output_dir).free
    except OSError:
        return ""
    if free >= LOW_DISK_BYTES:
        return ""
    kept = kept_checkpoint(output_dir)
    return (
        f"the disk holding {output_dir} is nearly full ({free / 2**20:.1f} MB free): free "
        f"space and run `tunewise train resume {job_id}`; {kept}.\n"
    )


def group_members(pgid: int | None) -> list[int]:
    """Live (not zombie) pids of one process group, from /proc."""
    if not pgid:
        return []
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def group_alive(pgid: int | None) -> bool:
    return bool(group_members(pgid))


def trainer_file(rank: int) -> str:
    """Where a training process records its pid and group: trainer.json for the main one,
    trainer-rank<N>.json for the others (a data-parallel launcher may start each rank in a
    group of its own, so the launcher's group alone does not reach them)."""
    return TRAINER_FILE if rank == 0 else f"trainer-rank{rank}.json"


def trainer_ids(output_dir: Path) -> tuple[int | None, int | None]:
    """(pid, pgid) the main trainer recorded for itself, or (None, None)."""
    return _recorded(output_dir / TRAINER_FILE) or (None, None)


def all_trainer_ids(output_dir: Path) -> list[tuple[int, int]]:
    """(pid, pgid) of every training process of the run that recorded itself."""
    found = (_recorded(f) for f in sorted(output_dir.glob("trainer*.json")))
    return [ids for ids in found if ids]


def _recorded(path: Path) -> tuple[int, int] | None:
    try:
        ids = json.loads(path.read_text(encoding="utf-8"))
        return int(ids["pid"]), int(ids["pgid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def launch_command(
    spec_path: Path, device: str, resume: bool = False, processes: int = 1, port: int | None = None
) -> list[str]:
    """The exact command a run uses (shown by `train plan`). Several processes run
    data-parallel through accelerate's torch.distributed launcher: NCCL over the GPUs, or
    gloo on the CPU (the trainer picks the backend from the device)."""
    cmd = [sys.executable, "-m", "accelerate.commands.launch"]
    if processes > 1:
        cmd += ["--multi_gpu", "--num_processes", str(processes)]
        cmd += ["--main_process_port", str(port)] if port else []
    else:
        cmd += ["--num_processes", "1"]
    cmd += ["--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no"]
    if device == "cpu":  # said explicitly, or accelerate prints a warning into the log
        threads = max(1, (os.cpu_count() or 1) // processes)
        cmd += ["--num_cpu_threads_per_process", str(threads)]
    if device == "cpu" and processes == 1:
        cmd.append("--cpu")
    cmd += ["-m", "tunewise.tools.train.entry", str(spec_path)]
    return cmd + (["--resume"] if resume else [])


def free_port() -> int:
    """A loopback port for the ranks to meet on (several runs at once must not share one)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spec_device(spec: JobSpec) -> str:
    return check_runnable(spec)
