"""The LangGraph agent: understand -> (clarify | retrieve -> agent <-> tools -> respond)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from langchain_core.messages import (
    AIMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
    trim_messages,
)
from langgraph.graph import END, START, StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.types import Command, interrupt

from tunewise.agent.answers.act_answers import scenario
from tunewise.agent.answers.tool_answers import WORKLOAD_WORDS
from tunewise.agent.decision.advisor import advise
from tunewise.agent.decision.clarify import questions_for
from tunewise.agent.learned.need_model import read_need, with_need
from tunewise.agent.reading.acts import read_act
from tunewise.agent.reading.quantities import carry_units
from tunewise.agent.reading.understand import Understanding, extract
from tunewise.agent.runtime.prompts import CONTEXT_HEADER, SYSTEM_PROMPT
from tunewise.agent.runtime.state import AgentState
from tunewise.agent.schema.act_table import BY_ACT, QUESTION_ACTS
from tunewise.agent.schema.profile import Profile
from tunewise.agent.toolkit.confine import anchor_paths
from tunewise.agent.toolkit.launch import YES, launch_truth
from tunewise.agent.toolkit.registry import BY_NAME, CONFIRM
from tunewise.agent.toolkit.tool_errors import tool_error_message
from tunewise.core.paths import path_fields
from tunewise.knowledge.quoting import as_source

MAX_MESSAGE_CHARS = 20_000
# acts an opening message with a need is advice for, whatever its phrasing
NEED_OPENS = {"advise", "explain", "off_topic", "why", "next_steps"}
# "validate it", "kick off a run on that file", "use the same data": the last file used
REFERS_TO_FILE = re.compile(
    r"(?i)\b(?:on|with|of|validate|check|use|train on|from)\s+(?:it|that|this|the same)\b"
    r"|\b(?:that|this|the same|the uploaded|my uploaded|the last)\s+(?:file|data|dataset|upload)\b"
)
HISTORY_MESSAGES = 12
WORKLOAD = tuple(WORKLOAD_WORDS)  # requests a day, tokens in, tokens out


def _last_human(state: AgentState) -> HumanMessage | None:
    return next(
        (m for m in reversed(state.get("messages", [])) if isinstance(m, HumanMessage)), None
    )


def _this_turn(messages: list) -> list:
    """The messages after the user's latest one."""
    for i in range(len(messages) - 1, -1, -1):
        if isinstance(messages[i], HumanMessage):
            return messages[i + 1 :]
    return list(messages)


def _last_answer(messages: list) -> str:
    """The assistant's answer before the user's latest message (what a rewrite rewrites)."""
    before = messages[
        : max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=0)
    ]
    last = next((m for m in reversed(before) if isinstance(m, AIMessage) and m.text.strip()), None)
    return last.text[:6000] if last is not None else ""


def recent_history(messages: list, keep: int = HISTORY_MESSAGES) -> list:
    """The last `keep` messages, starting on a human turn: a cut never leaves a tool result
    whose call was cut off (hosted APIs reject such an orphan). The current turn is kept
    whole even when it alone is longer."""
    history = [m for m in messages if not isinstance(m, SystemMessage)]
    trimmed = trim_messages(
        history, max_tokens=keep, token_counter=len, strategy="last", start_on="human"
    )
    last_human = max((i for i, m in enumerate(history) if isinstance(m, HumanMessage)), default=0)
    return trimmed if len(trimmed) >= len(history) - last_human else history[last_human:]


def _changes_a_fact(stored: Profile, u: Understanding) -> bool:
    """Whether a what-if names a fact that differs from the stored ones."""

    base = stored.merge(u.profile)  # what the message states is not the what-if
    return bool(scenario(base, base.merge(u.hypothetical)))


def build_graph(
    model: Any,
    index: Any,
    tools: list[Any],
    understand_fn: Any = None,
    preview_fn: Any = None,
    path_base: Any = None,
) -> StateGraph:
    """Wire the nodes. `understand_fn(text) -> Understanding` defaults to the offline extractor;
    `preview_fn(args) -> (text, launchable)` describes a training launch before confirmation."""
    understand_fn = understand_fn or extract
    bound = model.bind_tools(tools) if tools else model

    def understand(state: AgentState) -> dict:
        """Read the turn's act first: only statements of fact change the stored profile; a
        what-if is advised on a copy; questions store nothing."""
        last = _last_human(state)
        text = str(last.content)[:MAX_MESSAGE_CHARS] if last is not None else ""
        edited = last is not None and bool(last.additional_kwargs.get("tunewise_facts_edited"))
        if edited:
            u = Understanding(profile=Profile(), intent="advise")  # the facts are in the state
        else:
            u = understand_fn(text)
            # "the 1,800 is what we'll have by March - today it's about 900": a stored count
            # named again lends its noun to the bare numbers beside it
            carried = carry_units(text, state.get("profile") or {}, u.profile.model_dump())
            if carried is not None:
                u = understand_fn(carried)
        earlier = state.get("messages", [])[:-1]
        followup = any(isinstance(m, AIMessage) for m in earlier)
        answering = bool(state.get("questions"))  # the last turn asked clarifying questions
        reading = read_act(text, u.intent, u.profile.known_facts(), followup, answering)
        stored = Profile.model_validate(state.get("profile") or {})
        stored.notes = []
        act = reading.act
        if act == "compare" and not state.get("last_primary"):
            act = "advise"  # "fine-tune or RAG?" before any advice: ask what decides it
        proposal = act == "what_if" and bool(reading.approaches) and not _changes_a_fact(stored, u)
        if proposal:
            act = "advise"  # "what if we trained a small model on GPT-4's outputs?": a proposal
        # what the writer needs (need_model.py) is the subject of an opening message, however
        # it is phrased ("how do I train my own bot on my own docs?"), and a fact of any advice turn
        opening = stored.known_facts() == 0 and not state.get("last_primary")
        # (read last: the only turns that pay for the whole-message embedding are those that use it)
        need = None
        if (
            not edited
            and (
                act in ("advise", "correction")
                or (opening and act in NEED_OPENS and not (act == "explain" and reading.concept))
            )
            and (need := read_need(text))
        ):
            if act != "correction":
                act = "advise"
            u = u.model_copy(update={"profile": with_need(need, u.profile)})
        # a question stores nothing; a what-if stores what its other sentences state
        # ("What if we distilled? GPT-4 is our biggest bill at 400k a day": the volume is a fact)
        keeps = act not in QUESTION_ACTS or (act == "what_if" and u.profile.known_facts() > 0)
        profile = stored.merge(u.profile) if keeps else stored
        if act == "cost":  # "what does 100k a day at 2,000 tokens cost?" gives the workload
            workload = {
                k: getattr(u.hypothetical, k) for k in WORKLOAD if getattr(u.hypothetical, k)
            }
            profile = profile.merge(Profile.model_validate(workload))
        rec = advise(profile)
        paths = list(u.file_paths)
        if not paths and state.get("last_file") and REFERS_TO_FILE.search(text):
            paths = [state["last_file"]]  # "it", "that file": the last file used
        whatif = None
        if act == "what_if":
            hypo = stored.merge(u.profile).merge(u.hypothetical)
            whatif = {"profile": hypo.model_dump(), "recommendation": advise(hypo).model_dump()}
        # a proposal gets a verdict with its assumptions stated, not a round of questions
        asks = (
            questions_for(
                profile, rec, asked_before=bool(state.get("questions")), robust=need is not None
            )
            if act == "advise" and not proposal
            else []
        )
        advised = act in ("advise", "correction") and not asks
        intent = BY_ACT[act].intent or (
            u.intent if act == "tool" else ("advise" if advised or asks else act)
        )
        return {
            "profile": profile.model_dump(),
            "stored_profile": stored.model_dump(),
            "intent": intent,
            "act": act,
            "act_info": reading.model_dump(),
            "whatif": whatif,
            "prev_primary": state.get("last_primary"),
            "last_primary": rec.primary if advised else state.get("last_primary"),
            "language_ok": u.language_ok,
            "word_count": u.word_count,
            "file_paths": paths,
            "last_file": paths[0] if paths else state.get("last_file"),
            "model_ids": u.model_ids,
            "questions": [q.model_dump() for q in asks],
            "recommendation": rec.model_dump(),
            "passages": [],
        }

    def retrieve(state: AgentState) -> dict:
        last = _last_human(state)
        text = str(last.content)[:2000].strip() if last is not None else ""
        hits = index.search(text, 4) if text else []
        return {"passages": [as_source(h.model_dump()) for h in hits]}

    def agent(state: AgentState) -> dict:
        ctx = {
            k: state.get(k)
            for k in (
                "intent",
                "act",
                "act_info",
                "whatif",
                "prev_primary",
                "stored_profile",
                "profile",
                "recommendation",
                "questions",
                "passages",
                "language_ok",
                "word_count",
                "file_paths",
                "model_ids",
            )
        }
        ctx["last_answer"] = _last_answer(state["messages"])
        ctx["first_message"] = next(
            (str(m.content)[:500] for m in state["messages"] if isinstance(m, HumanMessage)), ""
        )
        system = SystemMessage(content=f"{SYSTEM_PROMPT}\n\n{CONTEXT_HEADER}{json.dumps(ctx)}")
        history = recent_history(state["messages"])
        reply = bound.invoke([system, *history])
        update: dict[str, Any] = {"messages": [reply]}
        for call in getattr(reply, "tool_calls", None) or []:  # paths mean where they were typed
            decl = BY_NAME.get(call["name"])
            if decl is not None:
                base = Path(path_base) if path_base else Path.cwd()
                model = decl.input()
                call["args"] = anchor_paths(call["args"], model, base)
                named = [call["args"][k] for k in path_fields(model) if call["args"].get(k)]
                if named and str(named[0]).endswith((".jsonl", ".json")):
                    update["last_file"] = str(named[0])
        return update

    def respond(state: AgentState) -> dict:
        last = state["messages"][-1]
        answer = last.text if isinstance(last, AIMessage) else ""  # text blocks joined
        truth = launch_truth(answer, _this_turn(state["messages"]))
        if truth is None:
            return {"answer": answer}
        # a model's claim that a run started, when none did: the job store's truth instead
        return {"answer": truth, "messages": [AIMessage(content=truth, id=last.id)]}

    def confirm(state: AgentState) -> Command:
        """Pause for an explicit yes before any launch. Runs again from the top on resume,
        so everything before interrupt() is side-effect free."""
        last = state["messages"][-1]
        call = next(c for c in last.tool_calls if c["name"] in CONFIRM)
        text, ok = preview_fn(call["args"]) if preview_fn else ("Launch a training run?", True)
        if ok:
            reply = interrupt({"kind": "confirm_launch", "plan": text})
            if str(reply).strip().lower().rstrip(".!") in YES:
                return Command(goto="tools")
            text = "Not launched: you did not confirm. Nothing was started."
        skipped = [
            ToolMessage(content=f"Error: {text}", tool_call_id=c["id"], name=c["name"])
            for c in last.tool_calls
        ]
        return Command(goto="agent", update={"messages": skipped})

    def route_after_agent(state: AgentState) -> str:
        last = state["messages"][-1]
        calls = getattr(last, "tool_calls", None) or []
        if not calls:
            return "respond"
        return "confirm" if any(c["name"] in CONFIRM for c in calls) else "tools"

    def route_after_understand(state: AgentState) -> str:
        return "agent" if state.get("questions") else "retrieve"

    builder = StateGraph(AgentState)
    builder.add_node("understand", understand)
    builder.add_node("retrieve", retrieve)
    builder.add_node("agent", agent)
    builder.add_node("respond", respond)
    builder.add_edge(START, "understand")
    builder.add_conditional_edges(
        "understand", route_after_understand, {"agent": "agent", "retrieve": "retrieve"}
    )
    builder.add_edge("retrieve", "agent")
    if tools:
        builder.add_node("tools", ToolNode(tools, handle_tool_errors=tool_error_message))
        builder.add_node("confirm", confirm)
        builder.add_conditional_edges(
            "agent",
            route_after_agent,
            {"tools": "tools", "confirm": "confirm", "respond": "respond"},
        )
        builder.add_edge("tools", "agent")
    else:
        builder.add_edge("agent", "respond")
    builder.add_edge("respond", END)
    return builder
