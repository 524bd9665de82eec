"""The chat: streaming turns from the LangGraph agent, tool calls as collapsible steps,
quick replies as clickable options, a recommendation card with sources that open the cited
section, and Approve / Cancel for a training launch waiting at the graph's interrupt().

The thread id lives in the browser (localStorage), so a reload shows the same conversation;
clients without a browser (gradio_client) fall back to their session hash."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import gradio as gr

from tunewise.agent.runtime.assistant import AskResult, Token, export_audit
from tunewise.knowledge.sections import section_text
from tunewise.ui.web import facts
from tunewise.ui.web.card import card_markdown
from tunewise.ui.web.errors import expected_errors, friendly, message
from tunewise.ui.web.facts import FactFields
from tunewise.ui.web.services import Services
from tunewise.ui.web.wording import for_web

RESULT_CHARS = 1500
CHUNK_WORDS = 12


def _shorten(text: str, limit: int = RESULT_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + "\n... (shortened)"


def _pretty(content: Any) -> str:
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError:
            return _shorten(content)
    return _shorten(json.dumps(content, indent=1, default=str))


def _call_message(name: str, call_id: str, args: Any) -> dict:
    return {
        "role": "assistant",
        "content": f"**Input**\n```json\n{_pretty(args)}\n```",
        "metadata": {"title": f"Tool: {name}", "status": "pending", "id": call_id},
    }


def _fill_result(history: list[dict], call_id: str, content: Any) -> None:
    for m in reversed(history):
        meta = m.get("metadata") or {}
        if meta.get("id") == call_id:
            m["content"] += f"\n\n**Result**\n```json\n{_pretty(content)}\n```"
            meta["status"] = "done"
            return


def _add_progress(history: list[dict], tool: str, text: str) -> None:
    """A long tool's progress line, under its running step."""
    for m in reversed(history):
        meta = m.get("metadata") or {}
        if meta.get("status") == "pending" and meta.get("title") == f"Tool: {tool}":
            m["content"] += f"\n- {text}"
            return


def to_chat(messages: list[Any]) -> list[dict]:
    """Rebuild the chat (with tool steps) from a checkpointed thread."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    out: list[dict] = []
    for m in messages:
        if isinstance(m, HumanMessage):
            out.append({"role": "user", "content": str(m.content)})
        elif isinstance(m, AIMessage):
            for c in m.tool_calls:
                out.append(_call_message(c["name"], c["id"] or "", c["args"]))
            if m.content:
                out.append({"role": "assistant", "content": for_web(m.text)})
        elif isinstance(m, ToolMessage):
            _fill_result(out, m.tool_call_id, m.content)
    return out


def _sources(result: Any) -> tuple[dict, list[dict]]:
    cites = [c.model_dump() for c in result.citations]
    labels = [f"{c['doc']} > {c['section']}" for c in cites]
    return gr.update(choices=labels, value=None, visible=bool(labels)), cites


def show_section(choice: str | None, cites: list[dict]) -> str:
    for c in cites or []:
        if choice == f"{c['doc']} > {c['section']}":
            body = section_text(c["doc"], c["section"]) or c["quote"]
            return f"**{c['doc']} > {c['section']}**\n\n{body}"
    return ""


def build(services: Services) -> tuple[Any, list, list]:
    """Lay out the chat; returns (restore, inputs, outputs) for the page's load event."""
    settings = services.settings
    backend = "offline (built in, no API key needed)" if settings.llm == "offline" else settings.llm
    saved = gr.BrowserState("", storage_key="tunewise-thread")
    thread = gr.State("")
    cites = gr.State([])
    gr.Markdown(f"Back end: **{backend}**", elem_id="backend")
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                height=560,
                label="tunewise",
                elem_id="chat",
                group_consecutive_messages=False,
                feedback_options=None,
                placeholder="Ask e.g. *Should we fine-tune Llama on 10,000 support tickets, "
                "or is prompting enough?*",
            )
            with gr.Row(visible=False, elem_id="approval") as approval:
                approve = gr.Button("Approve launch", variant="primary", elem_id="approve")
                decline = gr.Button("Cancel launch", variant="stop", elem_id="decline")
            box = gr.Textbox(
                show_label=False,
                placeholder="Ask about prompting, RAG, LoRA or hosted fine-tuning...",
                submit_btn=True,
                elem_id="ask",
                max_length=50_000,
            )
            with gr.Row():
                new = gr.Button("New conversation", size="sm")
                audit = gr.Button("Export decision audit (.md)", size="sm", elem_id="audit")
            audit_file = gr.File(label="decision audit", visible=False, elem_id="audit-file")
        with gr.Column(scale=2):
            card = gr.Markdown(elem_id="card")
            fact_fields = FactFields()
            sources = gr.Radio(label="Sources (click to open)", visible=False, elem_id="sources")
            section = gr.Markdown(elem_id="section")

    outputs = [chatbot, box, thread, saved, card, sources, approval, cites, section]
    outputs += fact_fields.fields
    keep_facts = [gr.update()] * len(fact_fields.fields)

    def turn(
        text: str, history: list[dict], thread_id: str, request: gr.Request
    ) -> Iterator[tuple]:
        """One turn. An error never locks the page: an empty message is one warning toast and
        changes nothing; any expected failure becomes one message in the chat."""
        same = gr.update()
        if not (text or "").strip():
            gr.Warning("Type a question first, e.g. 'Should we fine-tune or is prompting enough?'")
            yield (same,) * len(outputs)
            return
        thread_id = thread_id or request.session_hash or uuid.uuid4().hex
        history = [*(history or []), {"role": "user", "content": text}]
        try:
            yield from _turn(text, history, thread_id)
        except expected_errors() as exc:
            for m in history:  # a step left running by the failure is shown as stopped
                if (m.get("metadata") or {}).get("status") == "pending":
                    m["metadata"]["status"] = "done"
            history.append(
                {"role": "assistant", "content": f"**Could not answer:** {message(exc)}"}
            )
            yield (history, same, thread_id, thread_id, same, same, same, same, same, *keep_facts)

    def _turn(text: str, history: list[dict], thread_id: str) -> Iterator[tuple]:
        same = gr.update()

        cleared = False  # the input box is cleared once; later frames leave what is typed there

        def frame(
            card_v: Any = same,
            src: Any = same,
            appr: Any = same,
            cite: Any = same,
            fact_v: list | None = None,
        ) -> tuple:
            nonlocal cleared
            box_v = same if cleared else ""
            cleared = True
            return (
                history,
                box_v,
                thread_id,
                thread_id,
                card_v,
                src,
                appr,
                cite,
                same,
                *(fact_v or keep_facts),
            )

        yield frame(appr=gr.update(visible=False))
        result = None
        live: dict | None = None  # the answer as a hosted model streams it
        for event in services.assistant().stream(text, thread_id, tokens=True):
            if isinstance(event, AskResult):
                result = event
            elif isinstance(event, Token):
                if event.whole:
                    continue  # the offline model writes at once: shown below from the result
                if live is None:
                    live = {"role": "assistant", "content": ""}
                    history.append(live)
                live["content"] += event.text
                yield frame()
            elif event.kind == "call":
                history.append(_call_message(event.name, event.call_id, event.content))
                yield frame()
            elif event.kind == "progress":
                _add_progress(history, event.name, str(event.content))
                yield frame()
            else:
                _fill_result(history, event.call_id, event.content)
                yield frame()
        assert result is not None  # stream() always ends with the result
        if live is not None:
            history.remove(live)  # the final answer (e.g. a launch plan) replaces the draft
        words = for_web(result.answer).split(" ")
        history.append({"role": "assistant", "content": ""})
        step = CHUNK_WORDS if live is None else len(words)
        for i in range(0, len(words), step):
            history[-1]["content"] = " ".join(words[: i + step])
            yield frame()
            time.sleep(0.01)
        replies = [s for group in result.suggestions for s in group]
        if replies:
            history[-1]["options"] = [{"value": s} for s in replies]
        src, cite_list = _sources(result)
        card_v = card_markdown(result, services.catalogue())
        yield frame(
            card_v
            if card_v or result.recommendation.primary
            else same,  # keep the card on non-advice turns
            src if result.citations else same,
            gr.update(visible=result.awaiting_approval),
            cite_list if result.citations else same,
            facts.values(result.profile),
        )

    @friendly
    def on_update_facts(history: list[dict], thread_id: str, *fields: Any) -> tuple:
        if not thread_id:
            raise gr.Error("Ask a question first; the facts come from the conversation")
        assistant = services.assistant()
        current = assistant.current(thread_id)
        profile = current.profile if current else {}
        # an AskError (nothing changed, a launch waiting) becomes a message box via @friendly
        result = assistant.edit_facts(thread_id, facts.changes(profile, *fields))
        history = to_chat(assistant.history(thread_id))
        src, cite_list = _sources(result)
        return (
            history,
            "",
            thread_id,
            thread_id,
            card_markdown(result, services.catalogue()),
            src,
            gr.update(visible=False),
            cite_list,
            "",
            *facts.values(result.profile),
        )

    def on_submit(text: str, history: list[dict], thread_id: str, request: gr.Request):
        yield from turn(text, history, thread_id, request)

    def on_option(history: list[dict], thread_id: str, evt: gr.SelectData, request: gr.Request):
        yield from turn(str(evt.value), history, thread_id, request)

    def on_approve(history: list[dict], thread_id: str, request: gr.Request):
        yield from turn("yes", history, thread_id, request)

    def on_decline(history: list[dict], thread_id: str, request: gr.Request):
        yield from turn("no", history, thread_id, request)

    limit = {"concurrency_limit": 8}
    box.submit(on_submit, [box, chatbot, thread], outputs, api_name="ask", **limit)
    chatbot.option_select(on_option, [chatbot, thread], outputs, api_name=False, **limit)
    approve.click(on_approve, [chatbot, thread], outputs, api_name=False, **limit)
    decline.click(on_decline, [chatbot, thread], outputs, api_name=False, **limit)
    sources.change(show_section, [sources, cites], section, api_name=False)
    fact_fields.update.click(
        on_update_facts, [chatbot, thread, *fact_fields.fields], outputs, api_name="update_facts"
    )

    @friendly
    def restore(saved_id: str) -> tuple:
        """A reload brings back the conversation, its card, sources and facts."""
        blank = ("", gr.update(visible=False), [], *[gr.update()] * len(fact_fields.fields))
        if not saved_id:
            fresh = uuid.uuid4().hex
            return [], fresh, fresh, gr.update(visible=False), *blank
        assistant = services.assistant()
        waiting = assistant.pending_launch(saved_id) is not None
        chat = to_chat(assistant.history(saved_id))
        result = assistant.current(saved_id)
        if result is None:
            return chat, saved_id, saved_id, gr.update(visible=waiting), *blank
        src, cite_list = _sources(result)
        return (
            chat,
            saved_id,
            saved_id,
            gr.update(visible=waiting),
            card_markdown(result, services.catalogue()),
            src,
            cite_list,
            *facts.values(result.profile),
        )

    @friendly
    def export(thread_id: str) -> Any:
        if not thread_id:
            raise gr.Error("Nothing to export yet: ask a question first")
        path = services.output_path(f"decision-audit-{thread_id[:8]}.md")
        path.write_text(export_audit(services.assistant(), thread_id), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    audit.click(export, thread, audit_file, api_name="audit")

    def start_over() -> tuple:
        fresh = uuid.uuid4().hex
        cleared = facts.values({})
        return (
            [],
            fresh,
            fresh,
            gr.update(visible=False),
            "",
            gr.update(visible=False),
            "",
            *cleared,
        )

    fresh_outputs = [chatbot, thread, saved, approval, card, sources, section, *fact_fields.fields]
    new.click(start_over, None, fresh_outputs, api_name=False)
    chatbot.clear(start_over, None, fresh_outputs, api_name=False)  # the trash icon: a new thread
    return (
        restore,
        [saved],
        [chatbot, thread, saved, approval, card, sources, cites, *fact_fields.fields],
    )
