"""LoRA memory and time pre-flight: will it fit, on which GPU, and how long will it take.

Memory = frozen weights at 16/8/4 bit + LoRA parameters with their gradients and AdamW state
+ activations (from sequence length, micro batch and whether gradient checkpointing is on) +
the logits of the language-model head + a fixed framework overhead. Activations follow the
per-layer estimate of Korthikanti et al. (34 * s * b * h bytes per layer in 16 bit, with
memory-efficient attention so no s^2 term); with checkpointing only each layer's input is
kept and one layer is recomputed at a time. Checked against the knowledge base's rules of
thumb: a 7B model needs about 16 GB for 16-bit LoRA and about 6 GB with 4-bit QLoRA.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.core.errors import ToolError
from tunewise.tools.prices import Catalogue

GB = 1e9
OVERHEAD_GB = 1.0  # CUDA context, allocator fragmentation, framework buffers
MFU = 0.35  # model FLOP utilisation typical of single-GPU LoRA runs
QUANT_SLOWDOWN = {16: 1.0, 8: 0.6, 4: 0.75}  # dequantisation cost per step
BITS_EFFECTIVE = {16: 16.0, 8: 8.5, 4: 4.5}  # quantisation constants included
# measured here on 2026-12-06 (2 cores, the job store's own launch): SmolLM2-135M, 4 rows x 256
# tokens, 7.7 s a step; 4 rows x about 60 tokens, 1.7 s a step. Time is proportional to the
# padded tokens of a step; there is no fixed cost a step worth adding.
CPU_TOKENS_PER_S_135M = 135.0

Module = Literal["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class Architecture(BaseModel):
    params_b: float = Field(gt=0, description="parameters, in billions")
    layers: int = Field(gt=0)
    hidden: int = Field(gt=0)
    intermediate: int = Field(gt=0)
    kv_hidden: int = Field(gt=0, description="hidden size of the key/value projections (GQA)")
    vocab: int = Field(gt=0)


PRESETS: dict[str, Architecture] = {
    "smollm2-135m": Architecture(
        params_b=0.135, layers=30, hidden=576, intermediate=1536, kv_hidden=192, vocab=49152
    ),
    "llama-3.2-1b": Architecture(
        params_b=1.24, layers=16, hidden=2048, intermediate=8192, kv_hidden=512, vocab=128256
    ),
    "mistral-7b": Architecture(
        params_b=7.24, layers=32, hidden=4096, intermediate=14336, kv_hidden=1024, vocab=32000
    ),
    "llama-2-7b": Architecture(
        params_b=6.74, layers=32, hidden=4096, intermediate=11008, kv_hidden=4096, vocab=32000
    ),
    "llama-3.1-8b": Architecture(
        params_b=8.03, layers=32, hidden=4096, intermediate=14336, kv_hidden=1024, vocab=128256
    ),
    "qwen2.5-14b": Architecture(
        params_b=14.8, layers=48, hidden=5120, intermediate=13824, kv_hidden=1024, vocab=152064
    ),
    "llama-3.1-70b": Architecture(
        params_b=70.6, layers=80, hidden=8192, intermediate=28672, kv_hidden=1024, vocab=128256
    ),
}


class LoraPlanInput(BaseModel):
    model: str = Field("llama-3.1-8b", description=f"a preset: {', '.join(PRESETS)}")
    params_b: float | None = Field(
        None, gt=0, description="size in billions, for a model that is not a preset"
    )
    architecture: Architecture | None = Field(
        None, description="exact shape (from the model's config.json) instead of a preset"
    )
    bits: Literal[16, 8, 4] = Field(16, description="precision of the frozen weights")
    rank: int = Field(16, ge=1, le=1024)
    target_modules: list[Module] = Field(default_factory=lambda: ["q_proj", "v_proj"])
    seq_len: int = Field(512, ge=16, le=131072)
    micro_batch: int = Field(1, ge=1, le=1024)
    gradient_checkpointing: bool = True
    train_tokens: int | None = Field(None, ge=0, description="tokens in one epoch")
    epochs: int = Field(3, ge=1, le=100)
    gpu: str | None = Field(None, description="time the run on this GPU (default: cheapest fit)")


class MemoryBreakdown(BaseModel):
    weights_gb: float
    lora_gb: float
    activations_gb: float
    logits_gb: float
    overhead_gb: float
    total_gb: float


class GpuFit(BaseModel):
    gpu: str
    memory_gb: float
    fits: bool
    hours: float | None = None
    cost_mid: float | None = None


class LoraPlan(BaseModel):
    model: str
    params_b: float
    bits: int
    lora_params: int
    memory: MemoryBreakdown
    gpus: list[GpuFit]
    recommended_gpu: str | None
    tokens_per_s: float | None = None
    hours: float | None = None
    cpu_hours: float | None = Field(None, description="same run on this machine's CPU")
    assumptions: list[str]


def _architecture(inp: LoraPlanInput) -> Architecture:
    if inp.architecture is not None:
        return inp.architecture
    if inp.params_b is not None:
        # Scale a Llama-like shape to the requested size when the model is not a preset.
        base = PRESETS["llama-3.1-8b"]
        k = math.sqrt(inp.params_b / base.params_b)
        return Architecture(
            params_b=inp.params_b,
            layers=max(1, round(base.layers * k)),
            hidden=max(64, round(base.hidden * k / 64) * 64),
            intermediate=max(64, round(base.intermediate * k / 64) * 64),
            kv_hidden=max(64, round(base.kv_hidden * k / 64) * 64),
            vocab=base.vocab,
        )
    arch = PRESETS.get(inp.model.lower())
    if arch is None:
        raise ToolError(
            f"unknown model {inp.model!r}: use one of {', '.join(PRESETS)} "
            "or give its size with params_b (e.g. --params-b 7)"
        )
    return arch


def lora_parameters(arch: Architecture, rank: int, modules: list[str]) -> int:
    """r * (d_in + d_out) per adapted matrix, summed over layers."""
    h, kv, ff = arch.hidden, arch.kv_hidden, arch.intermediate
    shapes = {
        "q_proj": (h, h),
        "k_proj": (h, kv),
        "v_proj": (h, kv),
        "o_proj": (h, h),
        "gate_proj": (h, ff),
        "up_proj": (h, ff),
        "down_proj": (ff, h),
    }
    return arch.layers * sum(rank * sum(shapes[m]) for m in set(modules))


def memory(inp: LoraPlanInput, arch: Architecture) -> tuple[MemoryBreakdown, int]:
    n_lora = lora_parameters(arch, inp.rank, inp.target_modules)
    weights = arch.params_b * 1e9 * BITS_EFFECTIVE[inp.bits] / 8
    lora = n_lora * 16  # fp32 weight + gradient + two AdamW moments
    sbh = inp.seq_len * inp.micro_batch * arch.hidden
    per_layer = 34 * sbh  # bytes, 16-bit activations of one transformer layer
    if inp.gradient_checkpointing:
        acts = arch.layers * 2 * sbh + per_layer
    else:
        acts = arch.layers * per_layer
    logits = inp.seq_len * inp.micro_batch * arch.vocab * 4 * 2  # fp32 logits and their grad
    parts = [weights / GB, lora / GB, acts / GB, logits / GB, OVERHEAD_GB]
    return (
        MemoryBreakdown(
            weights_gb=round(parts[0], 2),
            lora_gb=round(parts[1], 3),
            activations_gb=round(parts[2], 2),
            logits_gb=round(parts[3], 2),
            overhead_gb=OVERHEAD_GB,
            total_gb=round(sum(parts), 1),
        ),
        n_lora,
    )


def training_tokens_per_s(tflops: float, params_b: float, bits: int, checkpointing: bool) -> float:
    """Forward (2N) + backward through frozen weights (2N) [+ recompute (2N)] FLOPs a token."""
    flops_per_token = (6.0 if checkpointing else 4.0) * params_b * 1e9
    return tflops * 1e12 * MFU * QUANT_SLOWDOWN[bits] / flops_per_token


def plan_lora(inp: LoraPlanInput, catalogue: Catalogue) -> LoraPlan:
    """Memory and time pre-flight for a LoRA/QLoRA run."""
    arch = _architecture(inp)
    mem, n_lora = memory(inp, arch)
    tokens = inp.train_tokens * inp.epochs if inp.train_tokens is not None else None
    fits: list[GpuFit] = []
    for g in sorted(catalogue.data.gpus, key=lambda g: g.per_hour.mid):
        ok = mem.total_gb <= g.memory_gb * 0.95
        hours = cost = None
        if ok and tokens is not None:
            tps = training_tokens_per_s(
                g.bf16_tflops, arch.params_b, inp.bits, inp.gradient_checkpointing
            )
            hours = round(tokens / tps / 3600, 4)
            cost = round(hours * g.per_hour.mid, 2)
        fits.append(GpuFit(gpu=g.id, memory_gb=g.memory_gb, fits=ok, hours=hours, cost_mid=cost))
    chosen = None
    if inp.gpu:
        chosen = catalogue.gpu(inp.gpu).id
    elif tokens is not None:  # the fitting GPU that finishes the run for the least money
        priced = [f for f in fits if f.fits and f.cost_mid is not None]
        chosen = min(priced, key=lambda f: f.cost_mid).gpu if priced else None
    else:  # no run size: the cheapest GPU per hour that fits
        chosen = next((f.gpu for f in fits if f.fits), None)
    pick = next((f for f in fits if f.gpu == chosen), None)
    tps = None
    if pick is not None:
        tps = training_tokens_per_s(
            catalogue.gpu(pick.gpu).bf16_tflops, arch.params_b, inp.bits, inp.gradient_checkpointing
        )
    cpu_hours = None
    if tokens is not None:
        cpu_tps = CPU_TOKENS_PER_S_135M * 0.135 / arch.params_b
        cpu_hours = round(tokens / cpu_tps / 3600, 4)
    return LoraPlan(
        model=inp.model
        if inp.params_b is None and inp.architecture is None
        # a size given for a model that is not a preset: its own name
        else inp.model
        if inp.model.lower() not in PRESETS
        else "a custom model",
        params_b=arch.params_b,
        bits=inp.bits,
        lora_params=n_lora,
        memory=mem,
        gpus=fits,
        recommended_gpu=chosen if pick and pick.fits else None,
        tokens_per_s=round(tps, 1) if tps else None,
        hours=pick.hours if pick else None,
        cpu_hours=cpu_hours,
        assumptions=[
            *(
                [f"its layers and widths are a Llama's scaled to {arch.params_b:g}B parameters"]
                if inp.params_b is not None and inp.architecture is None
                else []
            ),
            f"weights at {inp.bits}-bit ({BITS_EFFECTIVE[inp.bits]} bits a parameter "
            "with quantisation constants)",
            "LoRA parameters kept in fp32 with gradients and two AdamW moments (16 bytes each)",
            "memory-efficient attention (no sequence-squared term); activations in 16 bit",
            f"{OVERHEAD_GB:g} GB framework overhead; a GPU fits when the total is under 95% "
            "of its memory",
            f"time at {MFU:.0%} model FLOP utilisation of the GPU's dense bf16 peak",
            f"CPU time scaled from SmolLM2-135M measured here (about "
            f"{CPU_TOKENS_PER_S_135M:g} padded tokens/s)",
        ],
    )
