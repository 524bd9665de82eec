"""A decision memo a manager can read in two minutes: the question, the facts as understood,
the recommendation and runner-up with reasons, why not the others (one line each), costs,
risks and dates, next steps and sources. The chat's "export this", the web button and
`tunewise audit` all write it; the transcript may follow as an appendix."""

from __future__ import annotations

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.answers.tool_answers import cost_basis, cost_call
from tunewise.agent.decision.advisor import Recommendation
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.schema.facts import understood
from tunewise.agent.schema.profile import Profile
from tunewise.tools.cost import EstimateInput, estimate_cost
from tunewise.tools.prices import load_catalogue

EMPTY = (
    "There is nothing to export yet: no advice has been given in this conversation. Describe "
    "your case (task, examples, whether data may leave, what prompting reached) and ask again."
)


def _cost_lines(profile: Profile) -> list[str]:
    args = cost_call(profile.model_dump(), [])
    try:
        est = estimate_cost(EstimateInput(**args), load_catalogue())
    except ValueError:
        return []
    lines = [cost_basis(profile.model_dump())]
    for o in est.options:
        one_off = f", one-off ${o.one_off_cost:,.0f}" if o.one_off_cost else ""
        lines.append(f"- {o.model}: about ${o.monthly_cost:,.0f} a month{one_off}")
    return lines


def decision_memo(question: str, profile: Profile, rec: Recommendation) -> str:
    top, runner = rec.ranked[0], rec.ranked[1]
    facts = understood(profile) or "few facts were given; the advice rests on defaults"
    out = [
        "# Decision memo",
        "",
        f"**Question.** {question.strip() or 'Which way to improve our model?'}",
        "",
        f"**What we know.** {facts}.",
        "",
        f"**Recommendation: {acts.label(top.approach)}.** "
        + "; ".join(top.reasons[-3:][::-1] or ["the cheapest safe start"])
        + ".",
        "",
        f"**Runner-up: {acts.label(runner.approach)}.** It would win if "
        f"{acts.WINS_WHEN[runner.approach]}.",
        "",
        "**Why not the others.**",
    ]
    for r in rec.ranked[2:6]:
        out.append(f"- {acts.label(r.approach)}: {acts._why_lost(r.approach, rec)}.")
    costs = _cost_lines(profile)
    if costs:
        out += ["", "**Costs (estimates).**", *costs]
    risks = rec.caveats + [f"What would change this: {w}." for w in rec.what_would_change]
    if risks:
        out += ["", "**Risks and dates.**", *[f"- {r}" for r in risks]]
    out += ["", "**Next steps.**"]
    out += [f"{i}. {s}" for i, s in enumerate(acts.next_steps_lines(rec, profile), 1)]
    out += ["", "**Sources.**"]
    out += [f'- {c.doc} > {c.section}: "{c.quote}"' for c in rec.citations[:4]]
    return "\n".join(out)


def chat_memo(view: TurnView, first: str) -> str:
    if not view.prev_primary or view.recommendation is None:
        return EMPTY
    return (
        decision_memo(first, view.profile, view.recommendation)
        + "\n\n(The web app's *Export* button and `tunewise audit` save this memo as a file.)"
    )
