"""The offline chat model: a LangChain BaseChatModel that needs no key and no network.

It takes the turn as a typed value from the graph's agent node (agent/decision/policy.py's
TurnView: the advisor's ranking, the clarifying questions, retrieved passages), decides whether to call a tool (it searches the
knowledge base for drafts and explanations), and writes the answer with agent/answers/writer.py.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from tunewise.agent.answers import tool_answers as answers
from tunewise.agent.answers import writer
from tunewise.agent.answers.act_dispatch import Turn, answer_for
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.registry import RENDERERS, plan_offline

TOOL_WRITERS = RENDERERS  # tool name -> how its result is shown (from the registry)
# intents the offline model answers by an act's function without the advice context
BY_INTENT = {"draft_answer": "draft", "explain": "explain", "estimate_cost": "cost"}


def _tool_text(t: ToolMessage) -> str:
    try:
        return TOOL_WRITERS[t.name](json.loads(str(t.content)))
    except (json.JSONDecodeError, KeyError, TypeError):
        return answers.tool_error(t.name, str(t.content))


TRAINING_ROUTES = ("lora_open_weight", "full_finetune")
NO_JOBS_PLAN = "No training job has been started yet, so here is what a run would take.\n\n"


def _no_jobs(t: ToolMessage) -> bool:
    try:
        return json.loads(str(t.content)).get("jobs") == []
    except (json.JSONDecodeError, AttributeError):
        return False


def _calls(calls: list[dict]) -> ChatResult:
    """An assistant message that calls these tools, each call with a fresh id."""
    for call in calls:
        call["id"] = f"call_{uuid.uuid4().hex[:12]}"
    return ChatResult(generations=[ChatGeneration(message=AIMessage(content="", tool_calls=calls))])


def _text_result(text: str) -> ChatResult:
    return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


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
        turn: TurnView | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        view = turn or TurnView()
        last_human = max(
            (i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1
        )
        tool_results = [m for m in messages[last_human + 1 :] if isinstance(m, ToolMessage)]
        intent = view.intent
        question = str(messages[last_human].content) if last_human >= 0 else ""
        if not tool_results and not view.questions:
            planned = self._plan_call(intent, question, view)
            if planned is not None:
                return _calls(planned if isinstance(planned, list) else [planned])
        lead = ""
        primary = view.recommendation.primary if view.recommendation else None
        # nothing runs yet in a conversation that recommends training: "how long will
        # training take?" is answered by the plan (memory, GPUs, time), not "no jobs yet"
        if (
            intent == "job_status"
            and primary in TRAINING_ROUTES
            and tool_results
            and tool_results[0].name == "job_status"
            and _no_jobs(tool_results[0])
        ):
            if len(tool_results) == 1 and "plan_lora" in self.tool_names:
                args = answers.lora_call(question, view.profile.model_dump())
                return _calls([{"name": "plan_lora", "args": args}])
            tool_results, lead = tool_results[1:], NO_JOBS_PLAN
        for t in tool_results:
            if t.name in TOOL_WRITERS:
                text = lead + _tool_text(t)
                if t.name == "plan_lora" and (fit := answers.card_fit(question)):
                    text = f"{fit}\n\n{text}"
                if t.name == "plan_lora" and view.act == "plan":
                    args = answers.lora_call(question, view.profile.model_dump())
                    if line := answers.no_gpu_line(primary, question, args):
                        text = f"{line}\n\n{text}"
                if t.name == "estimate_cost" and view.act == "cost":
                    profile = view.profile.model_dump()
                    basis = answers.cost_basis(profile)
                    text = f"{basis}\n\n{text}" if basis else text
                    try:  # an estimate that failed comes back as its error message
                        result = json.loads(str(t.content))
                    except json.JSONDecodeError:
                        result = None
                    budget = answers.budget_line(profile, result) if result else ""
                    text = f"{text}\n\n{budget}" if budget else text
                    primary = view.recommendation.primary if view.recommendation else None
                    why = answers.cost_why(profile, result, primary) if result else ""
                    text = f"{text}\n\n{why}" if why else text
                return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
        if intent == "draft_answer" and tool_results:
            return _text_result(answer_for("draft")(Turn(view, question)))
        passages = list(view.passages)
        for t in tool_results:
            try:
                passages = json.loads(str(t.content)) + passages
            except json.JSONDecodeError:
                continue
        text = self._write(view, intent, question, passages)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _plan_call(self, intent: str, question: str, view: TurnView) -> dict | list[dict] | None:
        """The tool call(s) this turn needs, with arguments; None to answer directly. Each
        declared tool's planner fills its own arguments (agent/toolkit/registry.py)."""
        return plan_offline(intent, question, view, self.tool_names)

    def _write(self, view: TurnView, intent: str, question: str, passages: list[dict]) -> str:
        prefix = (
            ""
            if view.language_ok
            else (
                "I read English best; I may have missed details in your message. Here is my advice on what I understood.\n\n"
            )
        )
        if view.questions:
            return prefix + writer.clarify_answer(view.questions, view.recommendation)
        turn = Turn(view, question, passages)
        if intent in BY_INTENT:  # draft (no tools bound: no searches first), explain, cost
            return answer_for(BY_INTENT[intent])(turn)
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
        return prefix + answer_for(turn.act)(turn)
