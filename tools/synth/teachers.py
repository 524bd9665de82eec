"""Teachers: a hosted chat model through the agent's provider layer (with our own backoff on
rate limits and a budget), or SmolLM2-135M run locally through transformers. The programmatic
(template) mode needs no model and lives in tools/synth/template.py."""

from __future__ import annotations

import random
import threading
import time
from typing import Any, NamedTuple

from tunewise.core.errors import ProviderConfigError, UnknownModelError
from tunewise.core.providers import make_hosted_model as make_chat_model
from tunewise.tools.synth.fluency import load_smollm2
from tunewise.tools.synth.models import SynthError
from tunewise.tools.train.entry import load_model

RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504, 529}
RETRY_NAMES = {"RateLimitError", "APIConnectionError", "APITimeoutError", "InternalServerError"}


class Reply(NamedTuple):
    text: str
    prompt_tokens: int
    completion_tokens: int


class BudgetExhausted(Exception):
    """The next call could cost more than the budget left."""


class Budget:
    """Spend so far against an optional cap; thread-safe."""

    def __init__(self, cap: float | None) -> None:
        self.cap = cap
        self.spent = 0.0
        self._lock = threading.Lock()

    def reserve(self, estimate: float) -> None:
        with self._lock:
            if self.cap is not None and self.spent + estimate > self.cap:
                raise BudgetExhausted(f"spent ${self.spent:.4f} of ${self.cap:.2f}")

    def add(self, cost: float) -> None:
        with self._lock:
            self.spent += cost


def retryable(exc: BaseException) -> bool:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    return (
        status in RETRY_STATUS
        or type(exc).__name__ in RETRY_NAMES
        or "Throttling" in str(exc)
        or "TooManyRequests" in str(exc)
    )


class HostedTeacher:
    structured_lists = True

    def __init__(
        self, spec: str, settings: Any, catalogue: Any, max_retries: int, backoff_s: float = 1.0
    ) -> None:

        self.name = spec
        self.model_id = spec.partition(":")[2]
        self.quality_note = f"hosted teacher {spec}; review a sample before training"
        self.model = make_chat_model(settings, spec=spec, max_retries=0)
        self.catalogue = catalogue
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.free = spec.startswith("openai-compatible:")  # your own server: no token price
        self.retries = 0

    def price(self, prompt_tokens: int, completion_tokens: int) -> float:
        if self.free:
            return 0.0

        try:
            return self.catalogue.api_price(
                self.model_id, prompt_tokens, completion_tokens
            ).per_query
        except UnknownModelError as exc:
            raise SynthError(
                f"{exc} Without a price the budget and the cost estimate cannot be kept; add the "
                "model to a price file (--prices FILE)"
            ) from None

    def complete(self, system: str, user: str, max_tokens: int, budget: Budget) -> Reply:
        from langchain_core.messages import HumanMessage, SystemMessage

        budget.reserve(self.price(len(system + user) // 4 + 1, max_tokens))
        for attempt in range(self.max_retries + 1):
            try:
                msg = self.model.invoke(
                    [SystemMessage(content=system), HumanMessage(content=user)],
                    max_tokens=max_tokens,
                )
                break
            except Exception as exc:  # noqa: BLE001 - provider SDK errors; re-raised below
                if not retryable(exc) or attempt == self.max_retries:
                    raise SynthError(
                        f"teacher {self.name} failed: {type(exc).__name__}: {str(exc)[:300]}"
                    ) from None
                self.retries += 1
                time.sleep(min(30.0, self.backoff_s * 2**attempt) * (0.5 + random.random()))
        usage = getattr(msg, "usage_metadata", None) or {}
        reply = Reply(
            msg.text,
            int(usage.get("input_tokens", 0)),
            int(usage.get("output_tokens", 0)),
        )
        budget.add(self.price(reply.prompt_tokens, reply.completion_tokens))
        return reply


class LocalTeacher:
    """SmolLM2-135M-Instruct on this machine: real generation, slow on CPU, and weak."""

    structured_lists = False
    quality_note = (
        "offline SmolLM2-135M-Instruct: real local generation but a 135M model is far below "
        "teacher quality; treat the rows as drafts and review them before training"
    )

    def __init__(self, base_model: str = "smollm2", sample_seed: int = 0) -> None:
        self.name = base_model
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None
        self.sample_seed = sample_seed

    def _model(self) -> tuple[Any, Any]:
        if self._loaded is None:
            if self.name == "smollm2":  # the weights the fluency filter scores with (bf16)
                model, tok = load_smollm2()
            else:
                model, tok = load_model(self.name)
            model.eval()
            self._loaded = (model, tok)
        return self._loaded

    def complete(self, system: str, user: str, max_tokens: int, budget: Budget) -> Reply:
        import torch

        with self._lock:  # one generation at a time: the model is shared
            model, tok = self._model()
            msgs = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            ids = tok.apply_chat_template(msgs, add_generation_prompt=True, return_tensors="pt")
            if not isinstance(ids, torch.Tensor):
                ids = ids["input_ids"]
            torch.manual_seed(self.sample_seed)
            self.sample_seed += 1
            with torch.no_grad():
                out = model.generate(
                    ids,
                    max_new_tokens=max_tokens,
                    do_sample=True,
                    temperature=0.8,
                    top_p=0.95,
                    pad_token_id=tok.pad_token_id,
                )
        new = out[0, ids.shape[1] :]
        return Reply(tok.decode(new, skip_special_tokens=True).strip(), int(ids.shape[1]), len(new))


def make_teacher(spec: str, settings: Any, catalogue: Any, max_retries: int) -> Any:
    kind = spec.partition(":")[0].lower()
    if kind == "smollm2":
        return LocalTeacher()
    if kind in ("anthropic", "openai", "bedrock", "openai-compatible"):
        try:
            return HostedTeacher(spec, settings, catalogue, max_retries)
        except ProviderConfigError as exc:
            raise SynthError(
                str(exc).replace("TUNEWISE_LLM=offline", "--teacher template")
            ) from None
    raise SynthError(
        f"unknown teacher {spec!r}; use template, smollm2, anthropic:<model>, openai:<model>, "
        "bedrock:<model> or openai-compatible:<model>"
    )
