"""`estimate_cost`: what each option costs per query, per day, per month and up front.

Options are model ids as the providers spell them:
- an API model (`gpt-4-turbo`, `claude-3-haiku-20240307`, a Bedrock id): per-token prices;
- `ft:<base>` (`ft:gpt-4o-mini`): a fine-tuned model, fine-tuned inference prices plus a
  one-off training cost; on Bedrock (`ft:anthropic.claude-3-haiku-20240307-v1:0`) custom
  models are served through Provisioned Throughput, billed by the hour;
- `self-hosted:<GPU>` (`self-hosted:A100-80GB`): a LoRA-tuned open model on rented GPUs.
The first option is the baseline that break-even days are measured against.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.core.errors import ToolError
from tunewise.core.lifecycle import load_lifecycle
from tunewise.tools.lora_plan import training_tokens_per_s
from tunewise.tools.prices import Catalogue, Dated, PriceRange

DAYS_PER_MONTH = 30
BATCH_DISCOUNT = 0.5  # OpenAI, Anthropic and Bedrock batch APIs: half the list price
TARGET_EPOCHS, MIN_TARGET_EXAMPLES, MAX_TARGET_EXAMPLES = 3, 100, 25_000
MIN_EPOCHS, MAX_EPOCHS = 1, 25
PREFILL_SPEEDUP = 10.0  # prompt tokens are processed ~10x faster than tokens are generated


def default_epochs(n_examples: int) -> int:
    """The common heuristic: 3 epochs, more for tiny sets, fewer for huge ones."""
    n = max(n_examples, 1)
    if n * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        return min(MAX_EPOCHS, MIN_TARGET_EXAMPLES // n)
    if n * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        return max(MIN_EPOCHS, MAX_TARGET_EXAMPLES // n)
    return TARGET_EPOCHS


class EstimateInput(BaseModel):
    queries_per_day: int = Field(ge=0, le=10**10, description="queries a day")
    prompt_tokens: int = Field(ge=0, le=10**7, description="prompt tokens per query")
    completion_tokens: int = Field(ge=0, le=10**7, description="completion tokens per query")
    model: str = Field(description="baseline model id, e.g. gpt-4-turbo")
    compare: list[str] = Field(default_factory=list, description="other options to compare")
    ft_prompt_tokens: int | None = Field(
        None, ge=0, description="prompt tokens per query for fine-tuned options (prompts shrink)"
    )
    ft_completion_tokens: int | None = Field(None, ge=0)
    train_examples: int = Field(1000, ge=1, le=10**8, description="training examples")
    train_tokens_per_example: int | None = Field(
        None, ge=1, description="tokens per training example (default: one query's tokens)"
    )
    epochs: int | None = Field(None, ge=1, le=100, description="default: the heuristic")
    days: int = Field(90, ge=1, le=3650, description="length of the cumulative series")
    utilisation: float = Field(0.6, gt=0, le=1, description="self-hosted GPU utilisation")
    self_hosted_params_b: float = Field(8.0, gt=0, description="self-hosted model size (B)")


class TrainingCost(BaseModel):
    examples: int
    tokens_per_example: int
    epochs: int
    trained_tokens: int
    cost: float
    low: float
    high: float


class OptionCost(BaseModel):
    model: str
    kind: Literal["api", "fine_tuned", "bedrock_custom", "self_hosted"]
    provider: str
    per_query_cost: float = Field(description="USD")
    daily_cost: float = Field(description="USD")
    monthly_cost: float = Field(description=f"USD, {DAYS_PER_MONTH} days")
    daily_low: float
    daily_high: float
    one_off_cost: float = Field(0.0, description="training, USD")
    training: TrainingCost | None = None
    break_even_days: float | None = Field(
        None, description="days until cheaper than the baseline, counting the one-off cost"
    )
    input_per_mtok: float | None = None
    output_per_mtok: float | None = None
    as_of: str
    source: str
    verified: bool
    assumptions: list[str]
    lifecycle: list[str] = Field(
        default_factory=list, description="announced end-of-life events for this route, dated"
    )


class SeriesPoint(BaseModel):
    model: str
    cumulative: list[float] = Field(description="USD at the end of day 0..days")


class EstimateResult(BaseModel):
    baseline: str
    options: list[OptionCost]
    series: list[SeriesPoint]
    assumptions: list[str]


def _training(
    inp: EstimateInput, tokens_per_query: int, price: float | PriceRange, cap: int | None
):
    per_example = inp.train_tokens_per_example or tokens_per_query
    if cap:
        per_example = min(per_example, cap)
    epochs = inp.epochs or default_epochs(inp.train_examples)
    trained = inp.train_examples * per_example * epochs
    rng = price if isinstance(price, PriceRange) else PriceRange(low=price, mid=price, high=price)
    c = trained / 1e6
    return TrainingCost(
        examples=inp.train_examples,
        tokens_per_example=per_example,
        epochs=epochs,
        trained_tokens=trained,
        cost=round(c * rng.mid, 2),
        low=round(c * rng.low, 2),
        high=round(c * rng.high, 2),
    )


def _tuned_sizes(inp: EstimateInput) -> tuple[int, int]:
    """Prompt and completion tokens a query once tuned (prompts usually shrink)."""
    return (
        inp.ft_prompt_tokens or inp.prompt_tokens,
        inp.ft_completion_tokens or inp.completion_tokens,
    )


def _always_on(
    inp: EstimateInput,
    model: str,
    kind: str,
    provider: str,
    daily: dict[str, float],
    training: TrainingCost,
    dated: Dated,
    assumptions: list[str],
) -> OptionCost:
    """An option billed for capacity kept on all day (low/mid/high), not per token."""
    return OptionCost(
        model=model,
        kind=kind,
        provider=provider,
        per_query_cost=daily["mid"] / max(inp.queries_per_day, 1),
        daily_cost=daily["mid"],
        monthly_cost=daily["mid"] * DAYS_PER_MONTH,
        daily_low=daily["low"],
        daily_high=daily["high"],
        one_off_cost=training.cost,
        training=training,
        as_of=dated.as_of,
        source=dated.source,
        verified=dated.verified,
        assumptions=assumptions,
    )


def _api(inp: EstimateInput, cat: Catalogue, model: str) -> OptionCost:
    fine_tuned = model.startswith("ft:")
    prompt, completion = (
        _tuned_sizes(inp) if fine_tuned else (inp.prompt_tokens, inp.completion_tokens)
    )
    price = cat.api_price(model, prompt, completion)
    daily = price.per_query * inp.queries_per_day
    notes = [
        f"{prompt:,} prompt + {completion:,} completion tokens a query at "
        f"${price.input_per_mtok:g}/${price.output_per_mtok:g} per 1M tokens",
        f"low = batch API ({BATCH_DISCOUNT:.0%} of list) if answers may wait; high = list price",
    ]
    training = None
    if fine_tuned:
        entry = cat.fine_tune(model)
        if entry is None or entry.training_per_mtok is None:
            raise ToolError(f"no training price known for {model!r}; add it to a --prices file")
        training = _training(
            inp, prompt + completion, entry.training_per_mtok, entry.max_tokens_per_example
        )
        notes.append(
            f"training: {training.examples:,} examples x {training.tokens_per_example:,} tokens "
            f"x {training.epochs} epochs at ${entry.training_per_mtok:g} per 1M trained tokens"
        )
    return OptionCost(
        model=model,
        kind="fine_tuned" if fine_tuned else "api",
        provider=price.provider,
        per_query_cost=price.per_query,
        daily_cost=daily,
        monthly_cost=daily * DAYS_PER_MONTH,
        daily_low=daily * BATCH_DISCOUNT,
        daily_high=daily,
        one_off_cost=training.cost if training else 0.0,
        training=training,
        input_per_mtok=price.input_per_mtok,
        output_per_mtok=price.output_per_mtok,
        as_of=price.as_of,
        source=price.source,
        verified=price.verified,
        assumptions=notes,
    )


def _bedrock_custom(inp: EstimateInput, cat: Catalogue, model: str) -> OptionCost:
    entry = cat.fine_tune(model)
    assert entry is not None and entry.provisioned_per_hour is not None
    pt, store = entry.provisioned_per_hour, (entry.storage_per_month or 0.0) / DAYS_PER_MONTH
    daily = {k: 24 * getattr(pt, k) + store for k in ("low", "mid", "high")}
    prompt, completion = _tuned_sizes(inp)
    training = _training(
        inp, prompt + completion, entry.training_per_mtok or 0.0, entry.max_tokens_per_example
    )
    return _always_on(
        inp,
        model,
        "bedrock_custom",
        "bedrock",
        daily,
        training,
        entry,
        [
            "custom Bedrock models are served only through Provisioned Throughput: one model "
            f"unit, 24 h a day, ${pt.low:g}-${pt.high:g} an hour (no commitment), whatever the "
            "traffic; check that one unit carries your load",
            f"model storage ${entry.storage_per_month or 0:g} a month",
            f"training: {training.trained_tokens:,} trained tokens at "
            f"${entry.training_per_mtok or 0:g} per 1M",
        ],
    )


def _bedrock_on_demand(inp: EstimateInput, cat: Catalogue, model: str) -> OptionCost:
    """A custom model Bedrock serves on demand (Amazon Nova): the base model's token price
    for the tuned prompt, plus storage; no capacity kept on."""
    entry = cat.fine_tune(model)
    assert entry is not None
    prompt, completion = _tuned_sizes(inp)
    price = cat.api_price(entry.id, prompt, completion)
    store = (entry.storage_per_month or 0.0) / DAYS_PER_MONTH
    daily = price.per_query * inp.queries_per_day + store
    training = _training(
        inp, prompt + completion, entry.training_per_mtok or 0.0, entry.max_tokens_per_example
    )
    return OptionCost(
        model=model,
        kind="fine_tuned",
        provider="bedrock",
        per_query_cost=daily / max(inp.queries_per_day, 1),
        daily_cost=daily,
        monthly_cost=daily * DAYS_PER_MONTH,
        daily_low=price.per_query * inp.queries_per_day * BATCH_DISCOUNT + store,
        daily_high=daily,
        one_off_cost=training.cost,
        training=training,
        input_per_mtok=price.input_per_mtok,
        output_per_mtok=price.output_per_mtok,
        as_of=entry.as_of,
        source=entry.source,
        verified=entry.verified,
        assumptions=[
            f"custom {entry.id} served on demand at the base model's price: {prompt:,} prompt + "
            f"{completion:,} completion tokens a query at ${price.input_per_mtok:g}/"
            f"${price.output_per_mtok:g} per 1M ({price.source})",
            f"model storage ${entry.storage_per_month or 0:g} a month",
            f"training: {training.trained_tokens:,} trained tokens at "
            f"${entry.training_per_mtok or 0:g} per 1M",
        ],
    )


def _self_hosted(inp: EstimateInput, cat: Catalogue, model: str) -> OptionCost:
    gpu = cat.gpu(model.split(":", 1)[1] or "A100-80GB")
    prompt, completion = _tuned_sizes(inp)
    decode = gpu.serving_tokens_per_s_8b * 8.0 / inp.self_hosted_params_b
    seconds = inp.queries_per_day * (completion / decode + prompt / (decode * PREFILL_SPEEDUP))
    gpu_hours = seconds / 3600 / inp.utilisation
    n_gpus = max(1, math.ceil(gpu_hours / 24))
    daily = {k: n_gpus * 24 * getattr(gpu.per_hour, k) for k in ("low", "mid", "high")}
    tps = training_tokens_per_s(gpu.bf16_tflops, inp.self_hosted_params_b, 16, True)
    # GPU hours priced as a cost per 1M trained tokens, so training is costed like the rest.
    per_mtok = {k: getattr(gpu.per_hour, k) * 1e6 / (tps * 3600) for k in ("low", "mid", "high")}
    training = _training(inp, prompt + completion, PriceRange(**per_mtok), None)
    hours = training.trained_tokens / tps / 3600
    return _always_on(
        inp,
        model,
        "self_hosted",
        "self-hosted",
        daily,
        training,
        gpu,
        [
            f"a {inp.self_hosted_params_b:g}B model on {gpu.id}: about {decode:,.0f} generated "
            f"tokens/s per GPU with batching, prompts {PREFILL_SPEEDUP:g}x faster",
            f"{inp.utilisation:.0%} utilisation -> {gpu_hours:,.1f} GPU-hours of work a day; "
            f"{n_gpus} GPU(s) kept on 24 h at ${gpu.per_hour.low:g}-${gpu.per_hour.high:g}/h",
            f"LoRA training: {training.trained_tokens:,} tokens at {tps:,.0f} tokens/s = "
            f"{hours:.2f} GPU-hours",
            "excludes engineering time, monitoring and redundancy",
        ],
    )


def _option(inp: EstimateInput, cat: Catalogue, model: str) -> OptionCost:
    model = model.strip()
    if not model:
        raise ToolError("empty model id; give one such as gpt-4o-mini")
    if model.startswith("self-hosted"):
        return _self_hosted(inp, cat, model if ":" in model else "self-hosted:A100-80GB")
    if model.startswith(("ft:", "bedrock:")):
        entry = cat.fine_tune(model)
        if entry is not None and entry.provider == "bedrock" and entry.on_demand:
            return _bedrock_on_demand(inp, cat, model)
        if entry is not None and entry.provider == "bedrock" and entry.provisioned_per_hour:
            return _bedrock_custom(inp, cat, model)
    return _api(inp, cat, model)


def estimate_cost(inp: EstimateInput, catalogue: Catalogue) -> EstimateResult:
    """Cost of the baseline and each compared option, with a cumulative series for plots."""
    # each option once: a compared model that is also the baseline is the baseline's row
    options = [_option(inp, catalogue, m) for m in dict.fromkeys([inp.model, *inp.compare])]
    table = load_lifecycle()
    for o in options:  # every priced option, dated as of today; training events for tuned ones
        training = o.kind in ("fine_tuned", "bedrock_custom")
        o.lifecycle = [e.sentence() for e in table.for_model(o.model, training=training)]
    base = options[0]
    for o in options[1:]:
        saving = base.daily_cost - o.daily_cost
        if saving > 0:
            o.break_even_days = round(o.one_off_cost / saving, 2)
    series = [
        SeriesPoint(
            model=o.model,
            cumulative=[round(o.one_off_cost + o.daily_cost * d, 2) for d in range(inp.days + 1)],
        )
        for o in options
    ]
    return EstimateResult(
        baseline=base.model,
        options=options,
        series=series,
        assumptions=[
            f"a month is {DAYS_PER_MONTH} days; prices in USD, excluding tax",
            "break-even counts days until an option's one-off cost is repaid by its daily "
            f"saving against {base.model}",
            "prices change: each option says when its price was read and where",
        ],
    )
