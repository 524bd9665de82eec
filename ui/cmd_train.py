"""`tunewise train plan|launch|status|logs|cancel|resume`: LoRA runs on this machine."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from tunewise.agent.runtime.app import App
from tunewise.agent.toolkit.registry import BY_NAME
from tunewise.core.settings import Settings
from tunewise.tools.lora_plan import LoraPlanInput, plan_lora
from tunewise.tools.train import remote
from tunewise.tools.train.export import export_merged
from tunewise.tools.train.process import launch_command, spec_device
from tunewise.tools.train.spec import JobSpec, ProviderOptions, SpecError, preflight_shape, run_size
from tunewise.tools.validate import ValidateInput, validate_data
from tunewise.tools.validate.summary import summarize_report
from tunewise.ui.flags import add_model_flags, model_values
from tunewise.ui.output import EXIT_DATA, EXIT_OK, EXIT_USAGE, emit_json, fail, info

# JobSpec field -> flag, where the flag reads better than the field's name.
SPEC_FLAGS = {
    "base_model": "base",
    "dataset": "data",
    "output_dir": "output",
    "learning_rate": "lr",
    "r": "rank",
}
SPEC_SKIP = frozenset({"backend", "provider", "seed", "dropout"})
# LoraPlanInput fields the run spec already gives (rank, epochs, modules) or that stay internal.
PLAN_SKIP = frozenset({"rank", "epochs", "target_modules", "micro_batch", "architecture"})


def _spec_args(p: argparse.ArgumentParser) -> None:
    add_model_flags(
        p,
        JobSpec,
        names=SPEC_FLAGS,
        skip=SPEC_SKIP,
        help_extra={
            "base_model": "model folder, .gguf file, cached hub id, or 'smollm2' (bundled)",
            "dataset": "training JSONL (validated before anything runs)",
            "output_dir": "run folder (default: under the data dir)",
        },
    )


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("train", help="plan, launch and follow LoRA runs")
    tsub = t.add_subparsers(dest="train_command", required=True, metavar="ACTION")
    p = tsub.add_parser("plan", help="validation, memory, time, device and the exact command")
    _spec_args(p)
    add_model_flags(
        p,
        LoraPlanInput,
        skip=PLAN_SKIP,
        help_extra={"model": "a size preset (default: the size of --base)"},
    )
    p.set_defaults(model=None)  # no preset unless named: the size then comes from --base
    p.add_argument("--prices", type=Path, metavar="FILE", help="your own price file (YAML)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_plan)

    la = tsub.add_parser("launch", help="start a LoRA run in the background (asks first)")
    _spec_args(la)
    la.add_argument("--yes", action="store_true", help="confirm without asking")
    la.add_argument("--json", action="store_true")
    la.set_defaults(handler=run_launch)
    st = tsub.add_parser("status", help="jobs and their progress")
    st.add_argument("job", nargs="?")
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=run_status)
    lg = tsub.add_parser("logs", help="a job's training log")
    lg.add_argument("job")
    lg.add_argument("-f", "--follow", action="store_true")
    lg.set_defaults(handler=run_logs)
    sb = tsub.add_parser("submit", help="fine-tune on OpenAI or Bedrock (asks first)")
    sb.add_argument("--provider", choices=["openai", "bedrock"], required=True)
    sb.add_argument("--data", type=Path, required=True)
    sb.add_argument("--validation", type=Path)
    sb.add_argument("--model", required=True, help="provider model id")
    sb.add_argument("--epochs", type=int)
    sb.add_argument("--batch-size", type=int)
    sb.add_argument("--lr-multiplier", type=float)
    sb.add_argument("--suffix")
    sb.add_argument("--role-arn", help="Bedrock: IAM role Bedrock assumes")
    sb.add_argument("--s3-bucket", help="Bedrock: bucket for data and output")
    sb.add_argument("--region", help="Bedrock: AWS region (default: your AWS config)")
    sb.add_argument("--yes", action="store_true")
    sb.add_argument("--json", action="store_true")
    sb.set_defaults(handler=run_submit)
    for name, fn, text in (
        ("remote-status", run_remote_status, "status of a provider job"),
        ("remote-cancel", run_remote_cancel, "cancel a provider job"),
    ):
        r = tsub.add_parser(name, help=text)
        r.add_argument("--provider", choices=["openai", "bedrock"], required=True)
        r.add_argument("job")
        r.add_argument("--region")
        r.add_argument("--json", action="store_true")
        r.set_defaults(handler=fn)
    ex = tsub.add_parser("export", help="merge a finished job's adapter into its base model")
    ex.add_argument("job")
    ex.add_argument("--merge", action="store_true", required=True, help="write a merged model")
    ex.add_argument("--out", type=Path, required=True, help="new folder for the merged model")
    ex.set_defaults(handler=run_export)
    for name, fn, text in (
        ("cancel", run_cancel, "stop a running job (whole process group)"),
        ("resume", run_resume, "continue a stopped job from its checkpoint"),
    ):
        c = tsub.add_parser(name, help=text)
        c.add_argument("job")
        c.add_argument("--json", action="store_true")
        c.set_defaults(handler=fn)


def _store(app: App, region: str | None = None):  # noqa: ANN202 - JobStore
    app.region = region or app.region
    return app.store


def _spec(args: argparse.Namespace, settings: Settings):  # noqa: ANN202 - JobSpec

    if args.dataset is None:
        raise SpecError("give the training data: --data FILE.jsonl")
    out = args.output_dir or settings.data_dir / "runs" / time.strftime("%Y%m%d-%H%M%S")
    values = model_values(args, JobSpec, SPEC_SKIP)
    return JobSpec(**{**values, "output_dir": out})


def _check_data(app: App, path: Path, fmt: str = "auto") -> dict | None:
    """Validate a training file; return the summary, or None after printing why it fails."""

    report = summarize_report(validate_data(ValidateInput(path=path, format=fmt), app.catalogue))
    if not report["ok"]:
        for e in report["errors"]:
            info(f"  line {e['line']}: [{e['code']}] {e['message']}")
        fail(
            f"{path} has {report['n_errors']} error(s) for {report['format']}; fix them "
            f"(tunewise validate {path} --fix clean.jsonl) first",
            EXIT_DATA,
        )
        return None
    return report


def run_plan(args: argparse.Namespace, app: App) -> int:
    settings = app.settings

    result: dict = {}
    shape = preflight_shape(args.base_model)
    if args.model is not None or args.params_b is not None:  # the user named the size
        shape = {"model": args.model or shape["model"], "architecture": None}
    if args.dataset is not None:
        spec = _spec(args, settings)
        report = _check_data(app, spec.dataset)
        if report is None:
            return EXIT_DATA
        device = spec_device(spec)
        result["validation"] = report
        result["device"] = device
        command = launch_command(spec.output_dir / "spec.json", device, processes=spec.processes)
        result["command"] = shlex.join(command)
        result["spec"] = spec.model_dump(mode="json")
        size = run_size(spec, report["n_examples"], report["tokens"]["max"])
        result["run"] = size.model_dump()
        tokens, epochs = size.tokens, 1
    else:
        tokens, epochs = args.train_tokens, max(1, round(args.epochs))
    plan = plan_lora(
        LoraPlanInput(
            **shape,
            params_b=args.params_b,
            bits=args.bits,
            rank=args.r,
            target_modules=args.target_modules,
            seq_len=args.seq_len,
            gradient_checkpointing=args.gradient_checkpointing,
            train_tokens=tokens,
            epochs=epochs,
            gpu=args.gpu,
        ),
        app.catalogue_with(args.prices),
    )
    result["preflight"] = plan.model_dump(mode="json")
    if args.json:
        emit_json(result if args.dataset is not None else plan)
        return EXIT_OK
    if "validation" in result:
        v = result["validation"]
        print(
            f"data: {v['n_examples']:,} valid examples ({v['format']}), "
            f"{v['tokens']['total']:,} tokens; {v['size_guidance']}"
        )
        print(f"device: {result['device']}\ncommand: {result['command']}")
        print(result["run"]["words"] + "\n")
    print(BY_NAME["plan_lora"].render(plan.model_dump(mode="json")).replace("**", ""))
    return EXIT_OK


def run_launch(args: argparse.Namespace, app: App) -> int:
    settings = app.settings
    spec = _spec(args, settings)

    device = spec_device(spec)
    if _check_data(app, spec.dataset) is None:
        return EXIT_DATA
    info(
        f"plan: LoRA r={spec.r} on {spec.base_model} with {spec.dataset} on {device}, "
        f"output {spec.output_dir}"
    )
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("launching needs confirmation: add --yes", EXIT_USAGE)
        if input("launch this run? [y/N] ").strip().lower() not in ("y", "yes"):
            return fail("not launched", EXIT_USAGE)
    job = app.store.launch(spec)
    info(f"launched job {job.id} (pid {job.pid}); follow it: tunewise train logs {job.id} -f")
    if args.json:
        emit_json(_job_json(job))
    else:
        print(job.id)
    return EXIT_OK


def _job_json(job) -> dict:  # noqa: ANN001 - Job
    prog = job.progress()
    return {
        "id": job.id,
        "provider": job.provider,
        "remote_id": job.remote_id,
        "status": job.status,
        "pid": job.pid,
        "output_dir": str(job.output_dir),
        "adapter": str(job.adapter) if job.adapter else None,
        "error": job.error,
        "created": job.created,
        "ended": job.ended,
        "attempts": job.attempts,
        "progress": prog[-1] if prog else None,
        "base_model": job.spec.base_model,
        "dataset": str(job.spec.dataset),
    }


def run_status(args: argparse.Namespace, app: App) -> int:
    store = app.store
    jobs = [store.get(args.job)] if args.job else store.list()
    if args.json:
        emit_json([_job_json(j) for j in jobs] if not args.job else _job_json(jobs[0]))
        return EXIT_OK
    if not jobs:
        print("no jobs yet: tunewise train launch --data FILE")
    for j in jobs:
        p = (j.progress() or [None])[-1]
        where = f"step {p['step']}/{p['max_steps']} loss {p['loss']:.3f}" if p else "starting"
        if j.provider != "local":
            where = f"{j.provider} {j.remote_id}" + (f" -> {j.adapter}" if j.adapter else "")
        print(f"{j.id}  {j.status:<9}  {where}  {j.output_dir}")
        if j.error and args.job:
            print(j.error)
    return EXIT_OK


def run_logs(args: argparse.Namespace, app: App) -> int:
    store = app.store
    job = store.get(args.job)
    pos = 0
    while True:
        if job.log_path.exists():
            with open(job.log_path, "rb") as f:
                f.seek(pos)
                chunk = f.read()
                pos += len(chunk)
            sys.stdout.write(chunk.decode("utf-8", "replace"))
            sys.stdout.flush()
        if not args.follow or store.get(job.id).status != "running":
            return EXIT_OK
        time.sleep(1.0)


def run_cancel(args: argparse.Namespace, app: App) -> int:
    job = app.store.cancel(args.job)
    if args.json:
        emit_json(_job_json(job))
    else:
        print(f"{job.id} {job.status}")
    return EXIT_OK


def run_resume(args: argparse.Namespace, app: App) -> int:
    job = app.store.resume(args.job)
    if args.json:
        emit_json(_job_json(job))
    else:
        print(f"{job.id} {job.status} (attempt {job.attempts})")
    return EXIT_OK


def _remote_out(job, as_json: bool) -> int:  # noqa: ANN001 - RemoteJob
    if as_json:
        emit_json(job)
    else:
        for w in job.warnings:
            info(f"warning: {w}")
        print(
            f"{job.provider} job {job.job_id}: {job.status}"
            + (f" -> {job.fine_tuned_model}" if job.fine_tuned_model else "")
        )
        for e in job.events[:5]:
            print(f"  {e}")
    return EXIT_OK


def run_submit(args: argparse.Namespace, app: App) -> int:
    job_spec = JobSpec(
        backend=args.provider,
        base_model=args.model,
        dataset=args.data,
        output_dir=Path("-"),
        provider=ProviderOptions(
            validation=args.validation,
            batch_size=args.batch_size,
            learning_rate_multiplier=args.lr_multiplier,
            suffix=args.suffix,
            role_arn=args.role_arn,
            s3_bucket=args.s3_bucket,
        ),
        **({"epochs": args.epochs} if args.epochs else {}),
    )
    spec = job_spec.to_remote()
    fmt = "openai_chat" if args.provider == "openai" else "bedrock_haiku"
    if args.provider == "bedrock" and "claude" not in args.model:
        fmt = "auto"
    report = _check_data(app, args.data, fmt)
    if report is None:
        return EXIT_DATA
    for w in remote.lifecycle_warnings(spec):
        info(f"warning: {w}")
    e = report["estimate"]
    info(
        f"plan: {args.provider} fine-tune of {args.model} on {report['n_examples']:,} examples, "
        f"{e['trained_tokens']:,} trained tokens"
        + (f", about ${e['cost']:,.2f}" if e["cost"] is not None else "")
    )
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("submitting needs confirmation: add --yes", EXIT_USAGE)
        if input("submit this job? [y/N] ").strip().lower() not in ("y", "yes"):
            return fail("not submitted", EXIT_USAGE)
    job = _store(app, args.region).submit(job_spec)
    info(
        f"submitted as job {job.id} ({job.provider} {job.remote_id}); follow it with "
        f"`tunewise train status {job.id}`"
    )
    if args.json:
        emit_json(_job_json(job))
    else:
        print(job.id)
    return EXIT_OK


def run_remote_status(args: argparse.Namespace, app: App) -> int:
    job = remote.poll(args.provider, args.job, remote.provider_clients(args.provider, args.region))
    return _remote_out(job, args.json)


def run_remote_cancel(args: argparse.Namespace, app: App) -> int:
    job = remote.cancel(
        args.provider, args.job, remote.provider_clients(args.provider, args.region)
    )
    return _remote_out(job, args.json)


def run_export(args: argparse.Namespace, app: App) -> int:
    info("loading the base model and merging the adapter...")
    out = export_merged(app.store.get(args.job), args.out)
    print(out)
    return EXIT_OK
