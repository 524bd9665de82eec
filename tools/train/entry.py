"""Training entry point: `accelerate launch -m tunewise.tools.train.entry SPEC.json [--resume]`.

LoRA with trl's SFTTrainer and a peft LoraConfig. Heavy imports (torch, transformers, peft,
trl, datasets) live here only. Progress goes to `progress.jsonl` (one JSON object a logging
step), checkpoints to `checkpoints/`, and the finished adapter to `adapter/` with
`lineage.json` (spec, data hash, base model, final loss) beside it. The outcome is written
to `result.json`; a run killed from outside writes nothing, and the job store notices.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from pathlib import Path

from tunewise.core.paths import uploaded_name
from tunewise.tools.train import gguf_cache
from tunewise.tools.train.process import kept_checkpoint, trainer_file
from tunewise.tools.train.spec import JobSpec, file_sha256, last_complete_checkpoint, resolve_base

# Progress bars (the GGUF conversion's among them) are off before tqdm is imported: the job
# log gets one line a step instead (see `say`).
os.environ.setdefault("TQDM_DISABLE", "1")

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def _write(path: Path, obj: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(obj), encoding="utf-8")
    tmp.replace(path)


def load_base(spec: JobSpec):  # noqa: ANN201 - (model, tokenizer)
    return load_model(spec.base_model)


def load_model(base_model: str):  # noqa: ANN201 - (model, tokenizer)
    """A causal LM and its tokenizer from a folder, a .gguf file or 'smollm2' (float32)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, gguf = resolve_base(base_model)
    converted = gguf_cache.cached(folder / gguf) if gguf else None
    if converted:  # the GGUF de-quantised by an earlier run: ~1 s instead of ~16
        folder, gguf = converted, None
    kw = {"gguf_file": gguf} if gguf else {}
    tok = AutoTokenizer.from_pretrained(folder, **kw)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, **kw)
    if gguf:
        if getattr(model, "hf_quantizer", None) is not None:
            # Loading a GGUF dequantizes it but leaves it flagged; training needs the flag gone.
            model.hf_quantizer.remove_quantization_config(model)
        gguf_cache.keep(folder / gguf, model, tok)
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    if not tok.chat_template:
        tok.chat_template = CHAT_TEMPLATE
    return model, tok


def _rows(spec: JobSpec):  # noqa: ANN202 - datasets.Dataset
    from datasets import load_dataset

    ds = load_dataset("json", data_files=str(spec.dataset), split="train")
    cols = set(ds.column_names)
    if "messages" in cols:
        ds = ds.map(
            lambda r: {
                "messages": [
                    {"role": m["role"], "content": m["content"] or ""} for m in r["messages"]
                ]
            },
            remove_columns=[c for c in ds.column_names if c != "messages"],
        )
    elif {"instruction", "output"} <= cols:
        ds = ds.map(
            lambda r: {
                "prompt": r["instruction"] + ("\n\n" + r["input"] if r.get("input") else ""),
                "completion": r["output"],
            },
            remove_columns=ds.column_names,
        )
    elif {"prompt", "completion"} <= cols:
        ds = ds.select_columns(["prompt", "completion"])
    else:
        raise ValueError(f"no trainable columns in {spec.dataset} (found {sorted(cols)})")
    return ds


LIBRARY_LOG = "library.log"  # the libraries' warnings and notices, kept out of the job log


def say(text: str) -> None:
    """A line of the job log (the main process only): what the run is doing, in words."""
    if int(os.environ.get("RANK", "0")) == 0:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def quiet_libraries(out: Path) -> None:
    """The job log shows progress, not library chatter: the libraries' warnings and logging go
    to library.log in the run folder, and their progress bars are off (the trainer's own
    per-step lines replace them). Errors still reach the log, with their traceback."""
    import logging
    import warnings

    import datasets
    import transformers.utils.logging as tlog

    handler = logging.FileHandler(out / LIBRARY_LOG, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    logging.captureWarnings(True)
    warnings.simplefilter("default")
    tlog.disable_progress_bar()
    tlog.disable_default_handler()
    tlog.add_handler(handler)
    datasets.disable_progress_bars()
    for name in ("py.warnings", "datasets", "peft", "trl", "accelerate", "torch"):
        lg = logging.getLogger(name)
        lg.handlers = [handler]
        lg.propagate = False


def make_progress_callback(path: Path):  # noqa: ANN201 - a TrainerCallback
    from transformers import TrainerCallback

    class Progress(TrainerCallback):
        def __init__(self) -> None:
            self.t0 = time.monotonic()

        def on_train_begin(self, args, state, control, **kw):  # noqa: ANN001, ANN201
            say(f"training: {state.max_steps:,} steps")

        def on_log(self, args, state, control, logs=None, **kw):  # noqa: ANN001, ANN201
            if not logs or "loss" not in logs or not state.is_world_process_zero:
                return
            elapsed = time.monotonic() - self.t0
            step, total = state.global_step, max(state.max_steps, 1)
            tokens = getattr(state, "num_input_tokens_seen", 0) or 0
            row = {
                "step": step,
                "max_steps": state.max_steps,
                "epoch": round(state.epoch or 0.0, 3),
                "loss": logs["loss"],
                "learning_rate": logs.get("learning_rate"),
                "tokens_per_s": round(tokens / elapsed, 1) if tokens else None,
                "eta_s": round(elapsed / max(step, 1) * (total - step), 1),
                "time": time.time(),
            }
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
            say(
                f"step {step}/{state.max_steps}  loss {logs['loss']:.4f}  "
                f"{elapsed:,.0f} s so far, about {row['eta_s']:,.0f} s left"
            )

    return Progress()


def train(spec: JobSpec, resume: bool) -> dict:
    import torch
    from peft import LoraConfig
    from trl import SFTConfig, SFTTrainer

    out = spec.output_dir
    quiet_libraries(out)
    say(f"loading the base model ({spec.base_model})")
    model, tok = load_base(spec)
    ds = _rows(spec)
    rows = f"{len(ds):,} training rows from {uploaded_name(spec.dataset)}"
    say(f"{rows}; library notices go to {LIBRARY_LOG}")
    eval_ds = None
    if spec.eval_split > 0 and len(ds) >= 10:
        split = ds.train_test_split(test_size=spec.eval_split, seed=spec.seed)
        ds, eval_ds = split["train"], split["test"]
    cuda = torch.cuda.is_available()
    config = SFTConfig(
        output_dir=str(out / "checkpoints"),
        per_device_train_batch_size=spec.micro_batch,
        gradient_accumulation_steps=spec.grad_accum,
        num_train_epochs=spec.epochs,
        max_steps=spec.max_steps,
        learning_rate=spec.learning_rate,
        logging_steps=1,
        save_steps=spec.save_steps,
        save_total_limit=2,
        report_to=[],
        max_length=spec.max_length,
        packing=spec.packing,
        seed=spec.seed,
        use_cpu=not cuda,
        bf16=False,
        eval_strategy="epoch" if eval_ds is not None else "no",
        include_num_input_tokens_seen=True,
        dataset_num_proc=1,
        disable_tqdm=True,
    )
    lora = LoraConfig(
        r=spec.r,
        lora_alpha=spec.alpha,
        lora_dropout=spec.dropout,
        target_modules=spec.target_modules,
        task_type="CAUSAL_LM",
    )
    trainer = sharded_trainer(SFTTrainer)(
        model=model,
        args=config,
        train_dataset=ds,
        eval_dataset=eval_ds,
        processing_class=tok,
        peft_config=lora,
        callbacks=[make_progress_callback(out / "progress.jsonl")],
    )
    from transformers.trainer_callback import PrinterCallback

    trainer.remove_callback(PrinterCallback)  # its raw dicts repeat what `say` writes
    ckpt = last_complete_checkpoint(out) if resume else None
    if ckpt:
        say(f"resuming from {ckpt.name}")
    result = trainer.train(resume_from_checkpoint=str(ckpt) if ckpt else None)
    trainer.write_shard_record(out / RANKS_DIR)
    if not trainer.is_world_process_zero():  # one adapter and one lineage: the main process's
        return {"status": "completed", "rank": trainer.args.process_index}
    staging = out / "adapter.partial"
    trainer.model.save_pretrained(staging)
    tok.save_pretrained(staging)
    lineage = {
        "spec": spec.model_dump(mode="json"),
        "dataset_sha256": file_sha256(spec.dataset),
        "base_model": spec.base_model,
        "final_loss": result.training_loss,
        "steps": result.global_step,
        "processes": trainer.args.world_size,
        "finished": time.time(),
    }
    (staging / "lineage.json").write_text(json.dumps(lineage, indent=2), encoding="utf-8")
    staging.replace(out / "adapter")  # a completed adapter appears whole or not at all
    say(f"done: final loss {result.training_loss:.4f}; adapter saved to {out / 'adapter'}")
    return {
        "status": "completed",
        "adapter": str(out / "adapter"),
        "final_loss": result.training_loss,
        "steps": result.global_step,
    }


RANKS_DIR = "ranks"  # one JSON per training process: which batches it trained on


def sharded_trainer(base: type) -> type:
    """`base` (SFTTrainer) that remembers a digest of every batch this process trained on, so
    a data-parallel run can show each rank had its own shard (ranks/rank-N.json)."""
    import hashlib

    class Sharded(base):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **kw) -> None:  # noqa: ANN002, ANN003
            super().__init__(*a, **kw)
            self.batch_digests: list[str] = []

        def training_step(self, model, inputs, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN201
            ids = inputs.get("input_ids")
            if ids is not None:
                data = ids.detach().cpu().numpy().tobytes()
                self.batch_digests.append(hashlib.sha256(data).hexdigest()[:16])
            return super().training_step(model, inputs, *a, **kw)

        def write_shard_record(self, folder: Path) -> None:
            folder.mkdir(parents=True, exist_ok=True)
            rank = self.args.process_index
            record = {
                "rank": rank,
                "world_size": self.args.world_size,
                "pid": os.getpid(),
                "batches": self.batch_digests,
            }
            _write(folder / f"rank-{rank}.json", record)

    return Sharded


def _record_failure(spec: JobSpec, message: str) -> None:
    """result.json for the job store; on a full disk even this may not fit, and the store
    then reads the disk state itself."""
    try:
        _write(spec.output_dir / "result.json", {"status": "failed", "error": message[:2000]})
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    resume = "--resume" in args
    spec_path = Path(next(a for a in args if not a.startswith("--")))
    spec = JobSpec.model_validate_json(spec_path.read_text(encoding="utf-8"))
    rank = int(os.environ.get("RANK", "0"))  # set by the launcher for each process
    main_process = rank == 0
    # Each trainer names itself, so the job store finds it whichever process above it died.
    _write(spec.output_dir / trainer_file(rank), {"pid": os.getpid(), "pgid": os.getpgid(0)})
    try:
        outcome = train(spec, resume)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            _record_failure(spec, f"{exc}")
            raise
        kept = kept_checkpoint(spec.output_dir)
        message = (
            f"disk full while writing under {spec.output_dir} ({exc.strerror}): free space there "
            f"and resume the job (`tunewise train resume JOB`); {kept}"
        )
        _record_failure(spec, message)
        print(f"tunewise: {message}", file=sys.stderr, flush=True)
        return 3
    except Exception as exc:  # the edge of a subprocess: record why, then fail loudly
        _record_failure(spec, f"{exc}")
        raise
    if main_process:
        _write(spec.output_dir / "result.json", outcome)
    return 0


if __name__ == "__main__":
    sys.exit(main())
