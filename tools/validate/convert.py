"""Row conversions between formats, and the repairs --fix makes.

Every chat-like row is read into one neutral view, (system, messages, tools), whose messages
are {"role", "content", "calls": [(name, arguments object)], "tool": name}, and written out
in the target's shape. Tool calls survive between the formats that carry them (OpenAI chat,
TRL messages, ShareGPT in); text-only targets take rows without tool use.
"""

from __future__ import annotations

import orjson

from tunewise.tools.validate.targets import SHAREGPT_FROM, Target, detect_shape

View = tuple[str | None, list[dict], list | None]


def turns_of(obj: dict, shape: str) -> tuple[str | None, list[tuple[str, str]]] | None:
    """A neutral (system, [(role, text)]) view of a row, or None if it holds more than text."""
    if shape in ("chat", "haiku"):
        system = obj.get("system") if shape == "haiku" else None
        turns = []
        for m in obj["messages"]:
            if set(m) - {"role", "content"} or not isinstance(m.get("content"), str):
                return None
            if m["role"] == "system" and system is None and not turns:
                system = m["content"]
            else:
                turns.append((m["role"], m["content"]))
        return system, turns
    if shape == "converse":
        if any(set(b) != {"text"} for m in obj["messages"] for b in m["content"]):
            return None  # tool use, reasoning or media: more than text to convert
        system = " ".join(b["text"] for b in obj.get("system") or []) or None
        return system, [
            (m["role"], " ".join(b.get("text", "") for b in m["content"])) for m in obj["messages"]
        ]
    if shape == "prompt_completion" and isinstance(obj["prompt"], str):
        return None, [("user", obj["prompt"]), ("assistant", obj["completion"])]
    if shape == "alpaca":
        user = obj["instruction"] + ("\n\n" + obj["input"] if obj.get("input") else "")
        return obj.get("system"), [("user", user), ("assistant", obj["output"])]
    return None


def render_row(system: str | None, turns: list[tuple[str, str]], to: Target) -> dict | None:
    shape = sorted(to.shapes)[0] if to.name != "bedrock_haiku" else "haiku"
    if shape == "chat":
        head = [{"role": "system", "content": system}] if system else []
        return {"messages": head + [{"role": r, "content": c} for r, c in turns]}
    if shape == "haiku":
        row: dict = {"system": system} if system else {}
        row["messages"] = [{"role": r, "content": c} for r, c in turns]
        return row
    if shape == "converse":
        row = {"schemaVersion": "bedrock-conversation-2024"}
        if system:
            row["system"] = [{"text": system}]
        row["messages"] = [{"role": r, "content": [{"text": c}]} for r, c in turns]
        return row
    single = len(turns) == 2 and turns[0][0] == "user" and turns[1][0] == "assistant"
    if shape == "prompt_completion" and single and not system:
        return {"prompt": turns[0][1], "completion": turns[1][1]}
    if shape == "alpaca" and single:
        row = {"instruction": turns[0][1], "input": "", "output": turns[1][1]}
        return {**row, "system": system} if system else row
    return None


def _args(value: object) -> object:
    """Tool-call arguments as an object: decoded from a JSON string, twice if they were
    encoded twice (a string holding JSON)."""
    for _ in range(2):
        if not isinstance(value, str):
            break
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            break
    return value


def _chat_view(obj: dict, shape: str) -> View | None:
    system = obj.get("system") if shape == "haiku" else None
    msgs: list[dict] = []
    names: dict[str, str] = {}
    for m in obj["messages"]:
        content = m.get("content")
        if content is not None and not isinstance(content, str):
            return None  # image or multi-part content: kept only in its own format
        calls = []
        for c in m.get("tool_calls") or []:
            fn = c.get("function") or {}
            calls.append((fn.get("name"), _args(fn.get("arguments"))))
            if c.get("id"):
                names[c["id"]] = fn.get("name")
        if m.get("role") == "system" and system is None and not msgs:
            system = content
            continue
        tool = m.get("name") or names.get(m.get("tool_call_id", ""))
        msgs.append({"role": m.get("role"), "content": content, "calls": calls, "tool": tool})
    return system, msgs, _tools(obj.get("tools"))


def _tools(tools: object) -> list | None:
    if isinstance(tools, str):
        try:
            tools = orjson.loads(tools)
        except orjson.JSONDecodeError:
            return None
    if not isinstance(tools, list) or not tools:
        return None
    # OpenAI and TRL both want {"type": "function", "function": schema}
    return [
        t if isinstance(t, dict) and "function" in t else {"type": "function", "function": t}
        for t in tools
    ]


def _sharegpt_view(obj: dict) -> View | None:
    system = obj.get("system") or None
    msgs: list[dict] = []
    last_call = None
    for turn in obj["conversations"]:
        who, value = turn.get("from"), turn.get("value")
        role = SHAREGPT_FROM.get(who)
        if role == "system":
            system = value
        elif who == "function_call":
            call = _args(value)
            calls = call if isinstance(call, list) else [call]
            parsed = [(c.get("name"), _args(c.get("arguments"))) for c in calls]
            last_call = parsed[-1][0]
            msgs.append({"role": "assistant", "content": None, "calls": parsed, "tool": None})
        elif role == "tool":
            msgs.append({"role": "tool", "content": value, "calls": [], "tool": last_call})
        else:
            msgs.append({"role": role, "content": value, "calls": [], "tool": None})
    return system, msgs, _tools(obj.get("tools"))


def view_of(obj: dict, shape: str) -> View | None:
    if shape in ("chat", "haiku"):
        return _chat_view(obj, shape)
    if shape == "sharegpt":
        return _sharegpt_view(obj)
    text = turns_of(obj, shape)
    if text is None:
        return None
    system, turns = text
    return system, [{"role": r, "content": c, "calls": [], "tool": None} for r, c in turns], None


def _render_tools(view: View, openai: bool) -> dict:
    system, msgs, tools = view
    out: list[dict] = [{"role": "system", "content": system}] if system else []
    ids: list[str] = []
    n = 0
    for m in msgs:
        if m["calls"]:
            calls = []
            for name, args in m["calls"]:
                n += 1
                ids.append(f"call_{n}")
                fn = {"name": name, "arguments": orjson.dumps(args).decode() if openai else args}
                call = {"id": ids[-1], "type": "function", "function": fn}
                calls.append(call if openai else {"type": "function", "function": fn})
            msg: dict = {"role": "assistant", "tool_calls": calls}
            if m["content"]:
                msg["content"] = m["content"]
            out.append(msg)
        elif m["role"] == "tool":
            # OpenAI answers the oldest open call by its id; TRL names the tool
            if openai:
                ref = {"tool_call_id": ids.pop(0) if ids else "call_0"}
            else:
                ref = {"name": m["tool"]}
            out.append({"role": "tool", **ref, "content": m["content"]})
        else:
            out.append({"role": m["role"], "content": m["content"]})
    row: dict = {"messages": out}
    if tools:
        row["tools"] = tools
    return row


def convert_row(obj: dict, to: Target) -> dict | None:
    """`obj` in `to`'s shape, or None when it cannot be written there without loss."""
    view = view_of(obj, detect_shape(obj) or "")
    if view is None:
        return None
    if to.name in ("openai_chat", "trl_messages"):
        return _render_tools(view, openai=to.name == "openai_chat")
    system, msgs, tools = view
    if tools or any(m["calls"] or m["role"] == "tool" for m in msgs):
        return None  # tool use needs a format that carries it
    return render_row(system, [(m["role"], m["content"]) for m in msgs], to)


def repair_row(obj: dict) -> dict:
    """Decode tool-call arguments that were JSON-encoded twice (OpenAI chat) or stored as a
    string (ShareGPT function_call values)."""
    for m in obj.get("messages") or []:
        for c in (m.get("tool_calls") or []) if isinstance(m, dict) else []:
            fn = c.get("function") if isinstance(c, dict) else None
            if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                once = _args(fn["arguments"])
                if not isinstance(once, str):
                    fn["arguments"] = orjson.dumps(once).decode()
    for turn in obj.get("conversations") or []:
        if isinstance(turn, dict) and turn.get("from") == "function_call":
            call = _args(turn.get("value"))
            if isinstance(call, dict):
                call["arguments"] = _args(call.get("arguments"))
                turn["value"] = orjson.dumps(call).decode()
    return obj
