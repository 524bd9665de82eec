"""The dated price catalogue: genai-prices for base-model API prices, our YAML for the rest.

genai-prices is a maintained, offline table of API prices (OpenAI, Anthropic, Bedrock and
more), so we do not copy it. `tools/data/prices.yaml` keeps what it lacks: fine-tuning
training prices, fine-tuned inference prices it does not list, Bedrock Provisioned
Throughput, and GPU hourly ranges. A user file of the same shape overrides or extends both.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from tunewise.core.errors import CatalogueError, UnknownModelError

_BEDROCK_ID = re.compile(r"^(?:(?:us|eu|apac|global)\.)?[a-z0-9-]+\.[a-z0-9][\w.:-]*$")
_PROVIDER_PREFIX = {"openai": "openai", "anthropic": "anthropic", "bedrock": "aws", "aws": "aws"}


class PriceRange(BaseModel):
    low: float = Field(ge=0)
    mid: float = Field(ge=0)
    high: float = Field(ge=0)


class TokenPrices(BaseModel):
    input_per_mtok: float = Field(ge=0, description="USD per 1M input tokens")
    output_per_mtok: float = Field(ge=0, description="USD per 1M output tokens")


class Dated(BaseModel):
    as_of: str = Field(description="when the figure was read")
    source: str = Field(description="where it was read")
    verified: bool = Field(True, description="false when not confirmed on the provider's page")


class InferenceEntry(Dated, TokenPrices):
    """A user-supplied API price; takes precedence over genai-prices."""

    id: str
    provider: str = "custom"


class FineTuneEntry(Dated):
    id: str
    aliases: list[str] = []
    provider: str
    training_per_mtok: float | None = Field(None, ge=0)
    inference: TokenPrices | None = None
    storage_per_month: float | None = Field(None, ge=0)
    provisioned_per_hour: PriceRange | None = None
    on_demand: bool = Field(
        False,
        description="the custom model is served on demand at the base model's token prices "
        "(custom Amazon Nova models), not through Provisioned Throughput",
    )
    max_tokens_per_example: int | None = None


class GpuEntry(Dated):
    id: str
    memory_gb: float = Field(gt=0)
    per_hour: PriceRange
    bf16_tflops: float = Field(gt=0)
    serving_tokens_per_s_8b: float = Field(gt=0)


class LibraryInfo(BaseModel):
    name: str
    version: str
    source: str

    @property
    def as_of(self) -> str:
        """Derived from the snapshot's own price dates when first asked (not on every load:
        the catalogue is built on the chat's start-up path)."""
        return _library_label(dt.date.today())


class CatalogueData(BaseModel):
    api_library: LibraryInfo | None = None
    inference: list[InferenceEntry] = []
    fine_tuning: list[FineTuneEntry] = []
    gpus: list[GpuEntry] = []


class ApiPrice(Dated, TokenPrices):
    """The resolved price of one API model, with where it came from."""

    model: str
    provider: str
    per_query: float = Field(description="USD for one query of the given size")


def _merge(base: list, extra: list) -> list:
    by_id = {e.id: e for e in base}
    by_id.update({e.id: e for e in extra})
    return list(by_id.values())


class Catalogue:
    """Look-ups over the merged catalogue. Build with `load_catalogue`."""

    def __init__(self, data: CatalogueData) -> None:
        self.data = data

    # -- fine-tuning and GPUs -------------------------------------------------------------
    def fine_tune(self, model: str) -> FineTuneEntry | None:
        rest = model.removeprefix("ft:").removeprefix("bedrock:")
        # OpenAI names tuned models ft:<base>:<org>::<id>; Bedrock ids contain ':' themselves.
        for name in (rest, rest.split(":")[0]):
            for e in self.data.fine_tuning:
                if name == e.id or name in e.aliases:
                    return e
        return None

    def gpu(self, gpu_id: str) -> GpuEntry:
        for g in self.data.gpus:
            if g.id.lower() == gpu_id.lower() or g.id.split("-")[0].lower() == gpu_id.lower():
                return g
        known = ", ".join(g.id for g in self.data.gpus)
        raise UnknownModelError(f"unknown GPU {gpu_id!r}; known GPUs: {known}")

    # -- API prices -----------------------------------------------------------------------
    def api_price(self, model: str, prompt_tokens: int, completion_tokens: int) -> ApiPrice:
        """Price one query on `model` (tiered prices follow the query's size)."""
        for e in self.data.inference:
            if e.id == model:
                return _priced(e, e.id, e.provider, prompt_tokens, completion_tokens)
        if model.startswith("ft:"):
            entry = self.fine_tune(model)
            if entry is not None and entry.inference is not None:
                return _priced(
                    entry.inference, model, entry.provider, prompt_tokens, completion_tokens, entry
                )
        return self._library_price(model, prompt_tokens, completion_tokens)

    def _library_price(self, model: str, prompt: int, completion: int) -> ApiPrice:
        import genai_prices

        provider, ref = _provider_hint(model)
        try:
            calc = genai_prices.calc_price(
                genai_prices.Usage(input_tokens=prompt, output_tokens=completion),
                model_ref=ref,
                provider_id=provider,
            )
        except LookupError:
            raise UnknownModelError(_unknown_message(model)) from None
        lib = self.data.api_library
        per_m = 1_000_000
        return ApiPrice(
            model=model,
            provider={"aws": "bedrock"}.get(calc.provider.id, calc.provider.id),
            input_per_mtok=float(calc.input_price) * per_m / prompt if prompt else 0.0,
            output_per_mtok=float(calc.output_price) * per_m / completion if completion else 0.0,
            per_query=float(calc.total_price),
            as_of=model_price_date(calc.model, lib.version if lib else "?"),
            source=f"{lib.name} {lib.version}: {lib.source}" if lib else "genai-prices",
            verified=True,
        )


def _priced(
    prices: TokenPrices,
    model: str,
    provider: str,
    prompt: int,
    completion: int,
    dated: Dated | None = None,
) -> ApiPrice:
    d = dated or prices
    return ApiPrice(
        model=model,
        provider=provider,
        input_per_mtok=prices.input_per_mtok,
        output_per_mtok=prices.output_per_mtok,
        per_query=(prompt * prices.input_per_mtok + completion * prices.output_per_mtok) / 1e6,
        as_of=d.as_of,
        source=d.source,
        verified=d.verified,
    )


def _provider_hint(model: str) -> tuple[str | None, str]:
    head, sep, rest = model.partition(":")
    if sep and head in _PROVIDER_PREFIX and not model.startswith("ft:"):
        return _PROVIDER_PREFIX[head], rest
    if _BEDROCK_ID.match(model) and not model.startswith(("gpt-", "o1", "o3", "o4")):
        return "aws", model
    return None, model


@lru_cache(maxsize=1)
def _library_model_ids() -> tuple[str, ...]:
    from genai_prices.data_snapshot import get_snapshot

    return tuple(m.id for p in get_snapshot().providers for m in p.models)


def _unknown_message(model: str) -> str:
    close = difflib.get_close_matches(model, _library_model_ids(), n=4, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    return (
        f"no price known for model {model!r}.{hint} Use the provider's own id (gpt-4-turbo, "
        "gpt-4o-mini, claude-3-haiku-20240307, anthropic.claude-3-haiku-20240307-v1:0, "
        "ft:gpt-4o-mini), or add it to a price file passed with --prices."
    )


@lru_cache(maxsize=4)
def _snapshot_dates() -> frozenset[dt.date]:
    from genai_prices.data_snapshot import get_snapshot

    dates: set[dt.date] = set()
    for provider in get_snapshot().providers:
        for model in provider.models:
            prices = model.prices if isinstance(model.prices, list) else []
            for conditional in prices:
                start = getattr(getattr(conditional, "constraint", None), "start_date", None)
                if isinstance(start, dt.date):
                    dates.add(start)
    return frozenset(dates)


def library_price_dates(today: dt.date | None = None) -> tuple[dt.date | None, list[dt.date]]:
    """The newest dated price change in the bundled genai-prices snapshot on or before today,
    and the changes it already schedules after today (read from the data, not written down)."""
    today = today or dt.date.today()
    dates = _snapshot_dates()
    past = [d for d in dates if d <= today]
    return (max(past) if past else None), sorted(d for d in dates if d > today)


def model_price_date(model: object, version: str, today: dt.date | None = None) -> str:
    """When this model's own price took effect in the genai-prices snapshot, and this
    model's own later changes: never dates read from other models' rows."""
    today = today or dt.date.today()
    prices = getattr(model, "prices", None)
    dates = [
        start
        for c in (prices if isinstance(prices, list) else [])
        if isinstance(start := getattr(getattr(c, "constraint", None), "start_date", None), dt.date)
    ]
    past = [d for d in dates if d <= today]
    later = sorted(d for d in dates if d > today)
    if past:
        label = f"{max(past)} (this model's latest price change in genai-prices {version})"
    else:
        newest, _ = library_price_dates(today)
        label = (
            f"undated: genai-prices {version} gives this model no price date (the snapshot's "
            f"newest price change, for any model, is {newest})"
        )
    if later:
        label += f"; its next change is scheduled for {', '.join(map(str, later))}"
    return label


@lru_cache(maxsize=4)
def _library_label(today: dt.date) -> str:
    newest, later = library_price_dates(today)
    label = f"newest dated price change in the bundled snapshot: {newest}" if newest else "undated"
    if later:
        label += f"; {len(later)} later change(s) already scheduled ({', '.join(map(str, later))})"
    return label


def _builtin() -> CatalogueData:
    text = (
        resources.files("tunewise.tools").joinpath("data/prices.yaml").read_text(encoding="utf-8")
    )
    return CatalogueData.model_validate(yaml.safe_load(text))


def load_catalogue(user_file: Path | None = None) -> Catalogue:
    """The built-in catalogue, overridden entry by entry (same id) by `user_file`."""
    data = _builtin()
    if user_file is None:
        return Catalogue(data)
    try:
        raw = yaml.safe_load(Path(user_file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cannot read price file {user_file}: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"price file {user_file} is not valid YAML: {exc}") from None
    try:
        extra = CatalogueData.model_validate(raw or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CatalogueError(
            f"price file {user_file}: {where}: {first['msg']} "
            "(see tools/data/prices.yaml for the expected shape)"
        ) from None
    return Catalogue(
        CatalogueData(
            api_library=data.api_library,
            inference=_merge(data.inference, extra.inference),
            fine_tuning=_merge(data.fine_tuning, extra.fine_tuning),
            gpus=_merge(data.gpus, extra.gpus),
        )
    )
