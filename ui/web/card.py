"""The recommendation card beside the chat: primary, runner-up, reasons, prerequisites and a
cost line computed from the conversation's own volume and token figures."""

from __future__ import annotations

from typing import Any

from tunewise.agent.decision.advisor import LABELS
from tunewise.core.errors import ToolError
from tunewise.tools.cost import EstimateInput, estimate_cost

# The cost line compares a large hosted model with the cheapest way to serve the primary,
# never with a provider the user ruled out.
SERVE_AS = {
    "lora_open_weight": "self-hosted:A10G",
    "full_finetune": "self-hosted:A100-80GB",
    "distillation": "ft:gpt-4o-mini",
    "proprietary_finetune": "ft:gpt-4o-mini",
    "preference_tuning": "self-hosted:A10G",
}
BEDROCK_SERVE = "ft:anthropic.claude-3-haiku-20240307-v1:0"
BASELINE = "gpt-4o"
BEDROCK_BASELINE = "anthropic.claude-3-haiku-20240307-v1:0"


def allowed(model: str, profile: dict[str, Any]) -> bool:
    """Whether the user's facts allow a route through this model's provider."""
    if model.startswith("self-hosted"):
        return True
    if profile.get("data_may_leave") is False:
        return False
    named = profile.get("providers_ok") or []
    provider = "bedrock" if "anthropic." in model or "claude" in model else "openai"
    return not named or provider in named


def options_for(profile: dict[str, Any], primary: str | None, provider: str | None) -> list[str]:
    """Baseline first, then the primary's serving option; ruled-out providers left out."""
    serve = BEDROCK_SERVE if provider == "bedrock" else SERVE_AS.get(primary or "")
    named = profile.get("providers_ok") or []
    base = BEDROCK_BASELINE if named and "openai" not in named else BASELINE
    return [m for m in (base, serve) if m and allowed(m, profile)]


def cost_line(
    profile: dict[str, Any], primary: str | None, catalogue: Any, provider: str | None = None
) -> str:

    volume, p_tok, c_tok = (
        profile.get(k) for k in ("daily_volume", "prompt_tokens", "completion_tokens")
    )
    if not (volume and p_tok and c_tok):
        return "Cost: tell me requests a day and tokens per request, or use the **Cost** tab."
    models = options_for(profile, primary, provider)
    if not models:
        return "Cost: use the **Cost** tab for the routes your facts allow."
    try:
        result = estimate_cost(
            EstimateInput(
                queries_per_day=volume,
                prompt_tokens=p_tok,
                completion_tokens=c_tok,
                model=models[0],
                compare=models[1:],
                train_examples=profile.get("n_examples") or 1000,
            ),
            catalogue,
        )
    except (ToolError, ValueError) as exc:
        return f"Cost: not available ({exc})."
    base = result.options[0]
    line = f"Cost: {base.model} at {volume:,}/day is about **${base.monthly_cost:,.0f}/month**"
    if base.one_off_cost:
        line += f" + ${base.one_off_cost:,.0f} once"
    if len(result.options) > 1:
        o = result.options[1]
        line += f"; {o.model} about **${o.monthly_cost:,.0f}/month** + ${o.one_off_cost:,.0f} once"
        if o.break_even_days is not None:
            line += f", break-even after {o.break_even_days:.1f} days"
    return line + f" (prices as of {base.as_of}; details in the Cost tab)."


def card_markdown(result: Any, catalogue: Any) -> str:
    """Markdown for an AskResult: a card for advice, a note while questions are open."""
    if result.clarifying_questions:
        lean = result.recommendation.ranked[0].approach if result.recommendation.ranked else None
        text = "#### Waiting for your answers\nAnswer the questions in the chat (or click a reply)."
        if lean:
            text += f"\n\nProvisional leaning: {LABELS[lean]} (not a recommendation yet)."
        return text
    rec = result.recommendation
    if not rec.primary:
        return ""
    ranked = rec.ranked
    provider = f" via {rec.provider}" if rec.provider else ""
    lines = [f"#### Recommendation: {LABELS[rec.primary]}{provider}"]
    if len(ranked) > 1:
        lines.append(f"Runner-up: {LABELS[ranked[1].approach]}")
    if ranked and ranked[0].reasons:
        lines += ["", "**Why**"] + [f"- {r}" for r in ranked[0].reasons[:4]]
    if rec.prerequisites:
        lines += ["", "**Before you start**"] + [f"- {p}" for p in rec.prerequisites[:5]]
    lines += ["", cost_line(result.profile, rec.primary, catalogue, rec.provider)]
    return "\n".join(lines)
