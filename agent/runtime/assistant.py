"""The assistant as entry points use it: index + model + tools + SQLite checkpointer + graph."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    AnyMessage,
    HumanMessage,
    ToolMessage,
)
from langgraph.types import Command
from pydantic import BaseModel, Field

from tunewise.agent.answers.memo import EMPTY, decision_memo
from tunewise.agent.decision.advisor import Citation, Recommendation
from tunewise.agent.runtime.app import App
from tunewise.agent.runtime.checkpoints import open_checkpoints
from tunewise.agent.runtime.context import RunContext
from tunewise.agent.runtime.graph import build_graph
from tunewise.agent.runtime.providers import hosted_understanding, make_chat_model
from tunewise.agent.runtime.turnlock import ThreadBusyError
from tunewise.agent.schema import facts
from tunewise.agent.schema.profile import Profile
from tunewise.agent.toolkit.confine import confine_args
from tunewise.agent.toolkit.launch import LaunchInput, preview
from tunewise.agent.toolkit.structured import make_tools
from tunewise.core import provider_errors, stores
from tunewise.core.errors import AskError, ToolError
from tunewise.core.settings import Settings
from tunewise.knowledge.sections import first_sentence

MAX_INPUT_CHARS = 50_000
EDITED = "tunewise_facts_edited"


class RankedOut(BaseModel):
    """One ranked approach as the `ask --json` contract has it."""

    approach: str
    score: float
    reasons: list[str]


class RecommendationOut(BaseModel):
    primary: str | None
    provider: str | None
    ranked: list[RankedOut]
    prerequisites: list[str]


class ToolCallOut(BaseModel):
    name: str
    args: dict


class Step(BaseModel):
    """One tool call or tool result, as it happens (the web app shows these as steps)."""

    kind: str  # "call", "result" or "progress" (a long tool's step, as it happens)
    name: str
    call_id: str
    content: Any


class Token(BaseModel):
    """A piece of the answer as the chat model writes it (whole: the complete message)."""

    text: str
    whole: bool = False


def _steps(node: str, m: AnyMessage) -> Iterator[Step]:
    if isinstance(m, AIMessage):
        for c in m.tool_calls:
            yield Step(kind="call", name=c["name"], call_id=c["id"] or "", content=c["args"])
    elif isinstance(m, ToolMessage):
        yield Step(kind="result", name=m.name or node, call_id=m.tool_call_id, content=m.content)


class AskResult(BaseModel):
    """Exactly the `tunewise ask --json` contract, plus the thread id on stderr side."""

    answer: str
    recommendation: RecommendationOut
    clarifying_questions: list[str]
    citations: list[Citation]
    tool_calls: list[ToolCallOut]
    suggestions: list[list[str]] = Field(default_factory=list, exclude=True)
    awaiting_approval: bool = Field(False, exclude=True, description="a launch waits for a yes")
    profile: dict[str, Any] = Field(default_factory=dict, exclude=True)
    act: str | None = Field(None, exclude=True, description="the dialogue act recognized")


def assemble(app: App) -> tuple[RunContext, Any]:
    """(the run's context, the graph's builder) over the App: the one wiring every front end
    uses, `tunewise ask` and the web app with their checkpointer, LangGraph Server with its
    own. The context carries the chat model (its tools bound), the index, the facts reader
    and the launch preview to every node of every run."""

    settings = app.settings
    model = make_chat_model(settings)
    understand = None if settings.llm == "offline" else hosted_understanding(model)
    catalogue = app.catalogue
    runs = settings.data_dir / "runs"
    root = settings.data_dir if app.confine else None

    def preview_fn(args: dict) -> tuple[str, bool]:
        try:
            args = confine_args(root, args, LaunchInput)
        except ToolError as exc:
            return f"I cannot launch this run: {exc}", False
        return preview(args, runs, catalogue)

    tools = make_tools(app, confine=root)
    ctx = RunContext(
        model=model.bind_tools(tools),
        index=app.index,
        understand=understand,
        preview=preview_fn,
        path_base=root,
    )
    return ctx, build_graph(tools)


class Assistant:
    @classmethod
    def of(cls, app: App) -> Assistant:
        """The App's assistant, built on first use and kept on the App."""
        with app.lock:
            if app.assistant is None:
                app.assistant = cls(app)
            return app.assistant

    def __init__(self, app: App | Settings, confine: bool = False) -> None:
        """Built from the App (index, catalogue, job store); a bare Settings gets its own App.
        `confine=True` (the web app) keeps every file argument inside the data directory."""

        if isinstance(app, Settings):
            app = App(app, confine=confine)
        self.app = app
        self.settings = app.settings
        self.index = app.index
        self.context, builder = assemble(app)
        self.checkpoints = open_checkpoints(self.settings)
        self.checkpointer = self.checkpoints.saver
        self.threads_db = self.checkpoints.sqlite_path  # None when PostgreSQL holds them
        self.graph = builder.compile(checkpointer=self.checkpointer)

    def ask(self, text: str, thread_id: str | None = None, edited: bool = False) -> AskResult:
        result = None
        for event in self.stream(text, thread_id, edited=edited):
            if isinstance(event, AskResult):
                result = event
        assert result is not None  # stream always ends with the result
        return result

    def stream(
        self, text: str, thread_id: str | None = None, tokens: bool = False, edited: bool = False
    ) -> Iterator[Step | Token | AskResult]:
        """Run one turn, yielding each tool call and tool result as it happens, then the
        AskResult. A thread paused at a launch confirmation is resumed with `text`. With
        `tokens`, the answer's text also arrives as it is written (hosted models stream it;
        the offline model writes it at once)."""
        if not text or not text.strip():
            raise AskError(
                "the message is empty; ask e.g. 'Should we fine-tune Llama 4 on our support tickets?'"
            )
        thread_id = thread_id or uuid.uuid4().hex
        with self._turn(thread_id):
            try:
                yield from self._stream(text[:MAX_INPUT_CHARS], thread_id, tokens, edited)
            except sqlite3.DatabaseError as exc:  # damaged while we run
                if self.threads_db is None:
                    raise
                threads = stores.STORES["threads"]
                raise AskError(str(stores.damaged(threads, self.threads_db, str(exc)))) from None
            except Exception as exc:
                if self.threads_db is None and type(exc).__module__.startswith("psycopg"):
                    raise AskError(
                        f"lost the conversation database at {self.checkpoints.where}: "
                        f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}. "
                        "Answered turns are kept there; send your message again when it is back"
                    ) from None
                line = provider_errors.describe(
                    exc, self.settings.llm.split(":")[0], self.settings.llm_base_url
                )
                if line is None:
                    raise
                raise AskError(
                    f"{line}. Your message is kept: send it again to get its answer (or set "
                    "TUNEWISE_LLM=offline)"
                ) from None
            if self.threads_db is not None:
                stores.mark_used(self.threads_db)

    @contextmanager
    def _turn(self, thread_id: str) -> Iterator[None]:
        """The thread's turn lock (agent/runtime/turnlock.py); busy past the wait -> AskError."""
        with ExitStack() as stack:
            try:
                stack.enter_context(self.checkpoints.turn(thread_id))
            except ThreadBusyError as exc:
                raise AskError(str(exc)) from None
            yield

    def _finish_unfinished(self, config: dict, text: str, snapshot: Any) -> str:
        """A turn killed mid-run leaves its message without an answer. 'resume' when the new
        message is that message again (the caller finishes it instead of adding it); 'answered'
        when the old one was answered first here, so the thread stays in order; '' otherwise."""
        messages = snapshot.values.get("messages", [])
        # every finished turn ends with the assistant's message; a human one last means the
        # turn died before its answer (snapshot.next can be empty then: the last step's
        # writes were saved but not the checkpoint after it)
        if snapshot.interrupts or not messages or not isinstance(messages[-1], HumanMessage):
            return ""
        if str(messages[-1].content) == text:
            return "resume"
        for _ in self.graph.stream(None, config, stream_mode="updates", context=self.context):
            pass
        return "answered"

    def _stream(
        self, text: str, thread_id: str, tokens: bool, edited: bool
    ) -> Iterator[Step | Token | AskResult]:
        config = {"configurable": {"thread_id": thread_id}}
        snapshot = self.graph.get_state(config)
        unfinished = self._finish_unfinished(config, text, snapshot)
        if unfinished == "answered":
            snapshot = self.graph.get_state(config)
        resume_killed = unfinished == "resume"
        before = len(snapshot.values.get("messages", []))
        if resume_killed:  # the same message again: finish its interrupted turn
            run_input: Any = None
            before -= 1
        elif snapshot.interrupts:  # the thread waits for a yes/no on a launch
            run_input = Command(resume=text)
        else:
            # an edit from the card carries its facts in the state, not in its words
            extra = {EDITED: True} if edited else {}
            run_input = {"messages": [HumanMessage(content=text, additional_kwargs=extra)]}
        modes = ["updates", "custom", "messages"] if tokens else ["updates", "custom"]
        for mode, data in self.graph.stream(
            run_input, config, stream_mode=modes, context=self.context
        ):
            if mode == "custom":  # a long tool's progress line (e.g. evaluate)
                if isinstance(data, dict) and "progress" in data:
                    yield Step(
                        kind="progress",
                        name=data.get("tool", ""),
                        call_id="",
                        content=data["progress"],
                    )
                continue
            if mode == "messages":
                chunk, meta = data
                # a streamed piece (hosted models) or the whole message (the offline model)
                if meta.get("langgraph_node") == "agent" and isinstance(chunk, AIMessage):
                    calls = getattr(chunk, "tool_call_chunks", None) or chunk.tool_calls
                    if chunk.content and not calls:
                        yield Token(text=chunk.text, whole=not isinstance(chunk, AIMessageChunk))
                continue
            for node, values in data.items():
                for m in (values or {}).get("messages", []) if isinstance(values, dict) else []:
                    yield from _steps(node, m)
        final = self.graph.get_state(config)
        yield self._result(dict(final.values), before, final.interrupts)

    def edit_facts(self, thread_id: str, changes: dict[str, Any]) -> AskResult:
        """Set facts exactly as edited on the card (None clears one), then re-run the advice as
        a turn that says what was edited; the answer starts with what changed."""

        config = {"configurable": {"thread_id": thread_id}}
        with self._turn(thread_id):
            state = self.graph.get_state(config)
            if state.interrupts:
                raise AskError("a training launch is waiting for your yes or no; answer it first")
            before = Profile.model_validate(state.values.get("profile") or {})
            after = before.model_copy(update=changes)
            after = Profile.model_validate(after.model_dump())  # validated like any other facts
            diff = facts.changes(before, after)
            if not diff:
                raise AskError("no fact was changed; edit a field on the card first")
            self.graph.update_state(config, {"profile": after.model_dump()})
            text = "I edited the facts on the card: " + "; ".join(diff) + "."
            result = None
            for event in self._stream(text, thread_id, tokens=False, edited=True):
                if isinstance(event, AskResult):
                    result = event
            assert result is not None
            return result

    def current(self, thread_id: str) -> AskResult | None:
        """The thread's latest result (answer, card, facts), e.g. to restore a page; its
        recommendation is the thread's standing advice whatever the last turn asked."""
        state = self.graph.get_state({"configurable": {"thread_id": thread_id}})
        values = dict(state.values)
        if not values.get("messages"):
            return None
        if values.get("last_primary") and not values.get("questions"):
            # the thread's standing advice, even when its last turn was a thanks or a rewrite
            values["intent"] = "advise"
        return self._result(values, len(values["messages"]), state.interrupts)

    def pending_launch(self, thread_id: str) -> str | None:
        """The plan text when the thread waits for a launch confirmation."""
        pending = self.graph.get_state({"configurable": {"thread_id": thread_id}}).interrupts
        return pending[0].value["plan"] if pending else None

    def history(self, thread_id: str) -> list[AnyMessage]:
        state = self.graph.get_state({"configurable": {"thread_id": thread_id}}).values
        return list(state.get("messages", []))

    def _result(self, state: dict, before: int, pending: tuple) -> AskResult:
        if pending:
            state = {
                **state,
                "answer": f"{pending[0].value['plan']}\n\nReply **yes** to launch this run; "
                "anything else cancels it.",
            }
        new = state["messages"][before:]
        calls = [
            ToolCallOut(name=c["name"], args=c["args"])
            for m in new
            if isinstance(m, AIMessage)
            for c in m.tool_calls
        ]
        rec = state.get("recommendation") or {}
        questions = state.get("questions") or []
        citations = (
            [Citation.model_validate(c) for c in rec.get("citations", [])]
            if state.get("intent") == "advise"
            else []
        )
        if not citations:
            citations = [
                Citation(doc=p["doc"], section=p["section"], quote=first_sentence(p["text"]))
                for p in state.get("passages", [])[:3]
            ]
        if questions:
            citations = []
        return AskResult(
            answer=state.get("answer", ""),
            recommendation=RecommendationOut(
                primary=None
                if questions or state.get("intent") != "advise"
                else rec.get("primary"),
                provider=None if questions else rec.get("provider"),
                ranked=[
                    RankedOut.model_validate({k: r[k] for k in ("approach", "score", "reasons")})
                    for r in rec.get("ranked", [])
                ],
                prerequisites=[] if questions else rec.get("prerequisites", []),
            ),
            clarifying_questions=[q["text"] for q in questions],
            citations=citations,
            tool_calls=calls,
            suggestions=[q["suggestions"] for q in questions],
            awaiting_approval=bool(pending),
            profile=state.get("profile") or {},
            act=state.get("act"),
        )


def export_audit(assistant: Assistant, thread_id: str) -> str:
    """The decision memo of one conversation (agent/answers/memo.py), then its transcript as an
    appendix. A conversation with no advice yet says so instead of a memo."""

    state = assistant.graph.get_state({"configurable": {"thread_id": thread_id}}).values
    if not state.get("messages"):
        raise AskError(
            f"no conversation with thread id {thread_id!r}; start one with `tunewise ask --thread {thread_id} ...`"
        )
    humans = [str(m.content) for m in state["messages"] if isinstance(m, HumanMessage)]
    if state.get("last_primary") and state.get("recommendation"):
        memo = decision_memo(
            humans[0] if humans else "",
            Profile.model_validate(state.get("profile") or {}),
            Recommendation.model_validate(state["recommendation"]),
        )
    else:
        memo = f"# Decision memo\n\n{EMPTY}"
    lines = [memo, "", "## Appendix: the conversation", ""]
    for m in state["messages"]:
        if isinstance(m, HumanMessage):
            lines += [f"**User:** {m.content}", ""]
        elif isinstance(m, AIMessage) and m.content:
            lines += ["**tunewise:**", "", m.text, ""]
    return "\n".join(lines).rstrip() + "\n"
