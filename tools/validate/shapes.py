"""Per-line structure checks, one function per dataset shape.

Each checker takes a parsed object, the target and an `add(code, message)` callback, and
returns an `Extract` (the texts to count, scan and de-duplicate) or None when the line is
too broken to say more. They report every problem on the line, not just the first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from tunewise.tools.validate.targets import Target

Add = Callable[..., None]  # add(code, message, severity=None)


class Extract(NamedTuple):
    segments: list[tuple[str, str]]  # (role, text) of every text the model sees
    n_messages: int
    n_names: int
    output: str  # the final assistant text (what is learned)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _keys(obj: dict, allowed: frozenset[str], where: str, t: Target, add: Add) -> None:
    if obj.keys() <= allowed:
        return
    top = where == "the line"
    for k in obj:
        if k not in allowed:
            add(
                "unknown_key",
                f"{where} has key {k!r}, which {t.label} does not accept; remove it",
                t.top_key_severity if top else None,
            )


def _tool_calls(calls: object, i: int, segs: list[tuple[str, str]], add: Add) -> bool:
    if not isinstance(calls, list) or not calls:
        add("invalid_message", f"message {i}: tool_calls must be a non-empty list")
        return False
    for c in calls:
        fn = c.get("function") if isinstance(c, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            add("invalid_message", f"message {i}: each tool call needs function.name")
            return False
        if not isinstance(fn.get("arguments"), str):
            add("invalid_message", f"message {i}: function.arguments must be a JSON string")
            return False
        segs.append(("assistant", fn["arguments"]))
    return True


def _messages(msgs: object, t: Target, add: Add, segs: list, *, need_assistant: bool = True):
    """Check a chat `messages` list; return (roles, names, last assistant text)."""
    if not isinstance(msgs, list) or not msgs:
        add("missing_messages", "`messages` must be a non-empty list of {role, content} objects")
        return None
    roles: list[str] = []
    names, output, had_calls = 0, "", False
    plain = t.roles - {"tool"}
    for i, m in enumerate(msgs, 1):
        # Fast path for the common {role, content} message; anything else is checked in full.
        if type(m) is dict and len(m) == 2:
            role, content = m.get("role"), m.get("content")
            if role in plain and type(content) is str and content and not content.isspace():
                segs.append((role, content))
                roles.append(role)
                if role == "assistant":
                    output = content
                continue
        if not isinstance(m, dict):
            add("invalid_message", f"message {i} is not an object")
            continue
        _keys(m, t.msg_keys, f"message {i}", t, add)
        role = m.get("role")
        if role not in t.roles:
            add("unknown_role", f"message {i} has role {role!r}; use one of {sorted(t.roles)}")
        calls = m.get("tool_calls") or m.get("function_call")
        content = m.get("content")
        if isinstance(content, str):
            if content and not content.isspace():
                segs.append((role, content))
                if role == "assistant":
                    output = content
            elif not calls:
                add("missing_content", f"message {i} ({role}) has only whitespace")
        elif isinstance(content, list) and "tool_calls" in t.msg_keys:
            texts = [p.get("text") for p in content if isinstance(p, dict)]
            if not any(isinstance(x, str) and x.strip() for x in texts):
                add("missing_content", f"message {i} ({role}) has no text part")
            segs.extend((role, x) for x in texts if isinstance(x, str))
        elif content is None and role == "assistant" and calls:
            pass
        elif content is None:
            add("missing_content", f"message {i} ({role}) has no content")
        else:
            add("invalid_message", f"message {i}: content must be a string")
        if "tool_calls" in m and "tool_calls" in t.msg_keys:
            had_calls = _tool_calls(m["tool_calls"], i, segs, add) or had_calls
        if role == "tool" and not isinstance(m.get("tool_call_id"), str):
            add("invalid_message", f"message {i}: a tool message needs tool_call_id")
        if role == "tool" and not had_calls:
            add("role_order", f"message {i}: a tool result must follow an assistant tool call")
        if "weight" in m and (
            role != "assistant" or isinstance(m["weight"], bool) or m["weight"] not in (0, 1)
        ):
            add("invalid_message", f"message {i}: weight must be 0 or 1, on assistant messages")
        if "name" in m:
            names += 1
        roles.append(role)
    if need_assistant and "assistant" not in roles:
        add("no_assistant_message", "no assistant message: add the reply the model should learn")
    if t.alternate:
        _alternation(roles, add)
    elif roles:
        if "system" in roles[1:]:
            add("role_order", "a system message appears after the first message")
        if need_assistant and roles[-1] != "assistant" and "assistant" in roles:
            add("role_order", f"the last message is from {roles[-1]!r}; it will not be learned")
    return roles, names, output


def _alternation(roles: list[str], add: Add) -> None:
    if len(roles) < 2:
        add("role_order", "needs at least a user message and an assistant reply")
        return
    if roles[0] != "user":
        add("role_order", f"the first message must be from the user, not {roles[0]!r}")
    if roles[-1] != "assistant":
        add("role_order", f"the last message must be from the assistant, not {roles[-1]!r}")
    for i in range(1, len(roles)):
        if roles[i] == roles[i - 1]:
            add(
                "role_order",
                f"messages {i} and {i + 1} are both {roles[i]!r}; roles must alternate",
            )
            return


def check_chat(obj: dict, t: Target, add: Add) -> Extract | None:
    _keys(obj, t.top_keys, "the line", t, add)
    segs: list[tuple[str, str]] = []
    if "system" in obj:
        system = obj["system"]
        if not isinstance(system, str):
            add("invalid_message", "`system` must be a string")
        elif not system.strip():
            add("missing_content", "`system` is empty; drop the key or fill it")
        else:
            segs.append(("system", system))
    r = _messages(obj.get("messages"), t, add, segs)
    if r is None:
        return None
    roles, names, output = r
    return Extract(segs, len(roles) + ("system" in obj), names, output)


def check_converse(obj: dict, t: Target, add: Add) -> Extract | None:
    _keys(obj, t.top_keys, "the line", t, add)
    if obj.get("schemaVersion", "bedrock-conversation-2024") != "bedrock-conversation-2024":
        add("invalid_message", "schemaVersion must be 'bedrock-conversation-2024'")
    segs: list[tuple[str, str]] = []
    for block in obj.get("system") or []:
        if not isinstance(block, dict) or not isinstance(block.get("text"), str):
            add("invalid_message", '`system` must be a list of {"text": ...} blocks')
            break
        segs.append(("system", block["text"]))
    msgs = obj.get("messages")
    if not isinstance(msgs, list) or not msgs:
        add("missing_messages", "`messages` must be a non-empty list")
        return None
    roles, output = [], ""
    for i, m in enumerate(msgs, 1):
        if not isinstance(m, dict) or not isinstance(m.get("content"), list):
            add("invalid_message", f'message {i}: content must be a list of {{"text": ...}} blocks')
            continue
        _keys(m, t.msg_keys, f"message {i}", t, add)
        role = m.get("role")
        if role not in t.roles:
            add("unknown_role", f"message {i} has role {role!r}; use 'user' or 'assistant'")
        texts = [b.get("text") for b in m["content"] if isinstance(b, dict) and "text" in b]
        if not any(isinstance(x, str) and x.strip() for x in texts):
            add("missing_content", f"message {i} ({role}) has no text block")
        for x in texts:
            if isinstance(x, str):
                segs.append((role, x))
                if role == "assistant":
                    output = x
        roles.append(role)
    if "assistant" not in roles:
        add("no_assistant_message", "no assistant message: add the reply the model should learn")
    _alternation(roles, add)
    return Extract(segs, len(roles), 0, output)


def check_dpo(obj: dict, t: Target, add: Add) -> Extract | None:
    _keys(obj, t.top_keys, "the line", t, add)
    inp = obj.get("input")
    if not isinstance(inp, dict):
        add("missing_messages", "`input` must be an object with a `messages` list")
        return None
    segs: list[tuple[str, str]] = []
    r = _messages(inp.get("messages"), t, add, segs, need_assistant=False)
    if r is None:
        return None
    outs = []
    for key in ("preferred_output", "non_preferred_output"):
        val = obj.get(key)
        ok = isinstance(val, list) and len(val) == 1 and isinstance(val[0], dict)
        text = _text(val[0].get("content")) if ok else None
        if not ok or val[0].get("role") != "assistant":
            add("invalid_message", f"`{key}` must hold exactly one assistant message")
        elif not text or not text.strip():
            add("missing_content", f"`{key}` has no content")
        else:
            segs.append(("assistant", text))
        outs.append(text)
    if outs[0] is not None and outs[0] == outs[1]:
        add("invalid_message", "preferred and non-preferred outputs are identical")
    return Extract(segs, len(r[0]) + 2, r[1], outs[0] or "")


def check_prompt_completion(obj: dict, t: Target, add: Add) -> Extract | None:
    _keys(obj, t.top_keys, "the line", t, add)
    segs: list[tuple[str, str]] = []
    output = ""
    for key, role in (("prompt", "user"), ("completion", "assistant")):
        val = obj.get(key)
        if isinstance(val, str):
            if not val.strip():
                add("missing_content", f"`{key}` is empty")
            segs.append((role, val))
            output = val
        elif isinstance(val, list) and t.name.startswith("trl"):
            r = _messages(val, t, add, segs, need_assistant=key == "completion")
            if r is None:
                return None
            output = r[2] or output
        else:
            add("invalid_message", f"`{key}` must be a string")
    return Extract(segs, 2, 0, output)


def check_alpaca(obj: dict, t: Target, add: Add) -> Extract | None:
    _keys(obj, t.top_keys, "the line", t, add)
    segs: list[tuple[str, str]] = []
    for key, role, required in (
        ("system", "system", False),
        ("instruction", "user", True),
        ("input", "user", False),
        ("output", "assistant", True),
    ):
        val = obj.get(key)
        if val is None and not required:
            continue
        if not isinstance(val, str):
            add("invalid_message", f"`{key}` must be a string")
        elif required and not val.strip():
            add("missing_content", f"`{key}` is empty")
        elif val:
            segs.append((role, val))
    output = _text(obj.get("output")) or ""
    return Extract(segs, len(segs), 0, output)


CHECKERS = {
    "chat": check_chat,
    "haiku": check_chat,
    "converse": check_converse,
    "dpo": check_dpo,
    "prompt_completion": check_prompt_completion,
    "alpaca": check_alpaca,
}
