"""The offline chat model: a LangChain BaseChatModel that needs no key and no network.

It reads the context block the graph puts in the system message (the advisor's ranking, the
clarifying questions, retrieved passages), decides whether to call a tool (it searches the
knowledge base for drafts and explanations), and writes the answer with agent/writer.py.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from tunewise.agent import act_answers as acts
from tunewise.agent import drafting, followups, memo, writer
from tunewise.agent import tool_answers as answers
from tunewise.agent.advisor import Recommendation
from tunewise.agent.clarify import Question
from tunewise.agent.profile import Profile
from tunewise.agent.prompts import CONTEXT_HEADER
from tunewise.agent.registry import RENDERERS, plan_offline

TOOL_WRITERS = RENDERERS  # tool name -> how its result is shown (from the registry)


def _tool_text(t: ToolMessage) -> str:
    try:
        return TOOL_WRITERS[t.name](json.loads(str(t.content)))
    except (json.JSONDecodeError, KeyError, TypeError):
        return answers.tool_error(t.name, str(t.content))


def _text_result(text: str) -> ChatResult:
    return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def read_context(messages: list[BaseMessage]) -> dict[str, Any]:
    for m in messages:
        if isinstance(m, SystemMessage) and CONTEXT_HEADER in str(m.content):
            return json.loads(str(m.content).split(CONTEXT_HEADER, 1)[1])
    return {}


class OfflineChatModel(BaseChatModel):
    """Rule- and retrieval-driven chat model; deterministic for the same context."""

    tool_names: list[str] = []

    @property
    def _llm_type(self) -> str:
        return "tunewise-offline"

    def bind_tools(self, tools: list[Any], **kwargs: Any) -> OfflineChatModel:
        return OfflineChatModel(tool_names=[getattr(t, "name", str(t)) for t in tools])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        ctx = read_context(messages)
        last_human = max(
            (i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1
        )
        tool_results = [m for m in messages[last_human + 1 :] if isinstance(m, ToolMessage)]
        intent = ctx.get("intent", "advise")
        question = str(messages[last_human].content) if last_human >= 0 else ""
        if not tool_results and not ctx.get("questions"):
            planned = self._plan_call(intent, question, ctx)
            if planned is not None:
                calls = planned if isinstance(planned, list) else [planned]
                for call in calls:
                    call["id"] = f"call_{uuid.uuid4().hex[:12]}"
                return ChatResult(
                    generations=[ChatGeneration(message=AIMessage(content="", tool_calls=calls))]
                )
        for t in tool_results:
            if t.name in TOOL_WRITERS:
                text = _tool_text(t)
                if t.name == "plan_lora" and (fit := answers.card_fit(question)):
                    text = f"{fit}\n\n{text}"
                if t.name == "estimate_cost" and ctx.get("act") == "cost":
                    profile = ctx.get("profile") or {}
                    basis = answers.cost_basis(profile)
                    text = f"{basis}\n\n{text}" if basis else text
                    try:  # an estimate that failed comes back as its error message
                        result = json.loads(str(t.content))
                    except json.JSONDecodeError:
                        result = None
                    budget = answers.budget_line(profile, result) if result else ""
                    text = f"{text}\n\n{budget}" if budget else text
                    primary = (ctx.get("recommendation") or {}).get("primary")
                    why = answers.cost_why(profile, result, primary) if result else ""
                    text = f"{text}\n\n{why}" if why else text
                return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
        if intent == "draft_answer" and tool_results:
            words = int(ctx.get("word_count") or 200)
            return _text_result(drafting.draft(question, words, ctx))
        passages = list(ctx.get("passages", []))
        for t in tool_results:
            try:
                passages = json.loads(str(t.content)) + passages
            except json.JSONDecodeError:
                continue
        text = self._write(ctx, intent, question, passages)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _plan_call(
        self, intent: str, question: str, ctx: dict[str, Any]
    ) -> dict | list[dict] | None:
        """The tool call(s) this turn needs, with arguments; None to answer directly. Each
        declared tool's planner fills its own arguments (agent/registry.py)."""
        return plan_offline(intent, question, ctx, self.tool_names)

    def _write(self, ctx: dict[str, Any], intent: str, question: str, passages: list[dict]) -> str:
        prefix = (
            ""
            if ctx.get("language_ok", True)
            else (
                "I read English best; I may have missed details in your message. Here is my advice on what I understood.\n\n"
            )
        )
        if ctx.get("questions"):
            leaning = (
                Recommendation.model_validate(ctx["recommendation"])
                if ctx.get("recommendation")
                else None
            )
            return prefix + writer.clarify_answer(
                [Question.model_validate(q) for q in ctx["questions"]], leaning
            )
        if intent == "draft_answer":
            words = int(ctx.get("word_count") or 200)  # no tools bound: no searches first
            return drafting.draft(question, words, ctx)
        if intent == "explain":
            concept = (ctx.get("act_info") or {}).get("concept")
            text = acts.explain_answer(concept, passages, question)
            # "like I'm a PM", "in plain words": each term glossed where it first appears
            return (
                "\n\n".join(followups.plain(text.split("\n\n")))
                if followups.PLAIN.search(question)
                else text
            )
        if intent == "estimate_cost":
            return answers.cost_basis(ctx.get("profile") or {})
        if intent == "validate_data":
            return (
                "Which file should I check? Give its path, e.g. *validate data/train.jsonl for "
                "openai*. I report every problem with its line number, and can write a cleaned "
                "copy (`tunewise validate FILE --fix clean.jsonl`)."
            )
        if intent in writer.NOT_YET:
            return writer.passages_answer(writer.NOT_YET[intent], passages)
        if not question.strip():
            return "Ask me whether to prompt-engineer, add retrieval, or fine-tune, and tell me about your data, volume and constraints."
        return prefix + self._act_answer(
            ctx, question, str(ctx.get("first_message") or ""), passages
        )

    def _act_answer(
        self, ctx: dict[str, Any], question: str, first: str, passages: list[dict]
    ) -> str:
        """The answer to the turn's dialogue act (agent/acts.py)."""
        act = ctx.get("act", "advise")
        info = ctx.get("act_info") or {}
        rec = Recommendation.model_validate(ctx["recommendation"])
        profile = Profile.model_validate(ctx.get("profile", {}))
        stored = Profile.model_validate(ctx.get("stored_profile") or {})
        prev = ctx.get("prev_primary")
        simple = {
            "thanks": acts.thanks_answer,
            "smalltalk": acts.smalltalk_answer,
            "off_topic": acts.off_topic_answer,
        }
        if act in simple:
            return simple[act]()
        if act == "export":
            return memo.chat_memo(ctx, first)
        last = str(ctx.get("last_answer") or "")
        if act == "rewrite":
            return followups.rewrite(last, question)
        if act == "interview_next":
            return followups.interview_next(last, first)
        if act == "synth":
            return followups.synth_answer()
        named = acts.resolve(info.get("approaches") or [], info.get("generic_finetune"), rec)
        if act in ("why", "why_not", "compare", "next_steps", "what_if") and not prev:
            if profile.known_facts() == 0 and act != "what_if":
                return acts.first_followup(named[0] if named else None)
        if act == "why":
            return acts.why_answer(rec, profile, named[0] if named else None)
        if act == "why_not":
            return acts.why_not_answer(rec, profile, named[0] if named else rec.ranked[1].approach)
        if act == "compare":
            return acts.compare_answer(rec, profile, named)
        if act == "next_steps":
            return acts.next_steps_answer(rec, profile, question)
        if act == "what_if":
            w = ctx.get("whatif") or {}
            return acts.what_if_answer(
                stored,
                Profile.model_validate(w.get("profile") or {}),
                rec,
                Recommendation.model_validate(w.get("recommendation") or ctx["recommendation"]),
            )
        diff = acts.changes(stored, profile)
        if prev and prev == rec.primary:
            return acts.unchanged_answer(rec, profile, diff)
        head = acts.changed_header(prev, rec)
        if diff and act in ("advise", "correction") and stored.known_facts():
            head += "Changed: " + "; ".join(diff) + ".\n\n"
        seen = acts.understood(profile)
        lines = head + (f"Understood: {seen}.\n\n" if seen else "")
        assumed = acts.assumptions(profile, rec)
        lines += f"{assumed}\n\n" if assumed else ""
        return lines + writer.advice_answer(rec, profile.model_copy(update={"notes": []}), passages)
