"""The LangGraph agent: understand -> (clarify | retrieve -> agent <-> tools -> respond)."""

from __future__ import annotations

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
from langgraph.runtime import Runtime
from langgraph.types import Command, interrupt

from tunewise.agent.answers.followups import LIST_HEAD
from tunewise.agent.decision.policy import TurnView, decide
from tunewise.agent.reading.turn_reader import Memory, read_turn
from tunewise.agent.runtime import context
from tunewise.agent.runtime.context import RunContext
from tunewise.agent.runtime.offline_model import OfflineChatModel
from tunewise.agent.runtime.prompts import CONTEXT_HEADER, SYSTEM_PROMPT
from tunewise.agent.runtime.state import AgentState
from tunewise.agent.schema.profile import Profile
from tunewise.agent.toolkit.confine import anchor_paths
from tunewise.agent.toolkit.launch import YES, launch_truth
from tunewise.agent.toolkit.registry import BY_NAME, CONFIRM
from tunewise.agent.toolkit.tool_errors import tool_error_message
from tunewise.core.paths import path_fields
from tunewise.knowledge.quoting import as_source

MAX_MESSAGE_CHARS = 20_000
HISTORY_MESSAGES = 12


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


def _last_answer(messages: list, starting: str = "") -> str:
    """The assistant's answer before the user's latest message (what a rewrite rewrites); with
    `starting`, the latest such answer that starts with it."""
    before = messages[
        : max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=0)
    ]
    last = next(
        (
            m
            for m in reversed(before)
            if isinstance(m, AIMessage) and m.text.strip() and m.text.startswith(starting)
        ),
        None,
    )
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


def understand(state: AgentState, runtime: Runtime[RunContext]) -> dict:
    """Read the message (one TurnReading), decide (one pure policy), store the decision."""
    last = _last_human(state)
    text = str(last.content)[:MAX_MESSAGE_CHARS] if last is not None else ""
    edited = last is not None and bool(last.additional_kwargs.get("tunewise_facts_edited"))
    memory = Memory(
        profile=Profile.model_validate(state.get("profile") or {}),
        last_primary=state.get("last_primary"),
        asked=bool(state.get("questions")),
        followup=any(isinstance(m, AIMessage) for m in state.get("messages", [])[:-1]),
        last_file=state.get("last_file"),
    )
    reading = read_turn(text, memory, context.of(runtime).understand, edited)
    return decide(reading, memory).state()


def retrieve(state: AgentState, runtime: Runtime[RunContext]) -> dict:
    last = _last_human(state)
    text = str(last.content)[:2000].strip() if last is not None else ""
    hits = context.of(runtime).index.search(text, 4) if text else []
    return {"passages": [as_source(h.model_dump()) for h in hits]}


def turn_view(state: AgentState) -> TurnView:
    """The turn as the answering model sees it, validated once from the state."""
    messages = state["messages"]
    view = {k: state[k] for k in TurnView.model_fields if state.get(k) is not None}
    view["last_answer"] = _last_answer(messages)
    view["last_list"] = _last_answer(messages, LIST_HEAD)
    view["first_message"] = next(
        (str(m.content)[:500] for m in messages if isinstance(m, HumanMessage)), ""
    )
    return TurnView.model_validate(view)


def agent(state: AgentState, runtime: Runtime[RunContext]) -> dict:
    """Call the chat model: the offline model takes the turn as a typed value, a hosted model
    reads it as JSON text after the system prompt."""
    ctx = context.of(runtime)
    view = turn_view(state)
    history = recent_history(state["messages"])
    if isinstance(ctx.model, OfflineChatModel):
        reply = ctx.model.invoke([SystemMessage(content=SYSTEM_PROMPT), *history], turn=view)
    else:
        text = f"{SYSTEM_PROMPT}\n\n{CONTEXT_HEADER}{view.model_dump_json(exclude={'last_file'})}"
        reply = ctx.model.invoke([SystemMessage(content=text), *history])
    update: dict[str, Any] = {"messages": [reply]}
    for call in getattr(reply, "tool_calls", None) or []:  # paths mean where they were typed
        decl = BY_NAME.get(call["name"])
        if decl is not None:
            base = Path(ctx.path_base) if ctx.path_base else Path.cwd()
            model = decl.input
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


def confirm(state: AgentState, runtime: Runtime[RunContext]) -> Command:
    """Pause for an explicit yes before any launch. Runs again from the top on resume,
    so everything before interrupt() is side-effect free."""
    last = state["messages"][-1]
    call = next(c for c in last.tool_calls if c["name"] in CONFIRM)
    preview = context.of(runtime).preview
    text, ok = preview(call["args"]) if preview else ("Launch a training run?", True)
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


def build_graph(tools: list[Any]) -> StateGraph:
    """Wire the nodes; the model, index, reader and launch preview come with each run's
    context (RunContext), the tools with the graph (ToolNode runs them)."""
    builder = StateGraph(AgentState, context_schema=RunContext)
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
