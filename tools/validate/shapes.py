"""Per-line structure checks, one function per dataset shape.

Each checker takes a parsed object, the target and an `add(code, message)` callback, and
returns an `Extract` (the texts to count, scan and de-duplicate) or None when the line is
too broken to say more. They report every problem on the line, not just the first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import orjson

from tunewise.tools.validate.targets import SHAREGPT_FROM, Target

Add = Callable[..., None]  # add(code, message, severity=None, fixable=False)


class Extract(NamedTuple):
    segments: list[tuple[str, str]]  # (role, text) of every text the model sees
    n_messages: int
    n_names: int
    output: str  # the final assistant text (what is learned)
    images: list[object] = []  # each image part as written (see images.py)


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


def _tool_calls(calls: object, i: int, t: Target, segs: list[tuple[str, str]], add: Add) -> bool:
    """OpenAI: function.arguments is a JSON string holding an object. TRL's documented shape
    also allows the arguments as an object. Arguments encoded twice (a JSON string of a JSON
    string) pass OpenAI's upload but teach the model to emit escaped JSON."""
    if not isinstance(calls, list) or not calls:
        add("invalid_message", f"message {i}: tool_calls must be a non-empty list")
        return False
    for c in calls:
        fn = c.get("function") if isinstance(c, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
            add("invalid_message", f"message {i}: each tool call needs function.name")
            return False
        args = fn.get("arguments")
        if isinstance(args, dict) and t.name.startswith("trl"):
            segs.append(("assistant", orjson.dumps(args).decode()))
            continue
        if not isinstance(args, str):
            add("invalid_message", f"message {i}: function.arguments must be a JSON string")
            return False
        try:
            parsed = orjson.loads(args)
        except orjson.JSONDecodeError:
            add(
                "invalid_message",
                f"message {i}: function.arguments of {fn['name']!r} is not valid JSON",
            )
            return False
        if isinstance(parsed, str):
            add(
                "invalid_message",
                f"message {i}: function.arguments of {fn['name']!r} is JSON-encoded twice (a "
                "string holding JSON); store the object once: json.dumps(args), not "
                "json.dumps(json.dumps(args)). --fix decodes it once",
                fixable=True,
            )
            return False
        segs.append(("assistant", args))
    return True


def _tool_defs(obj: dict, segs: list[tuple[str, str]], add: Add) -> None:
    """Tool definitions are sent with every example: they count toward its tokens and cost
    (as shared text, like a system prompt, so they do not make rows near-duplicates)."""
    for key in ("tools", "functions"):
        defs = obj.get(key)
        if defs is None:
            continue
        if not isinstance(defs, list) or not all(isinstance(d, dict) for d in defs):
            add("invalid_message", f"`{key}` must be a list of tool definitions (objects)")
            continue
        segs.append(("system", orjson.dumps(defs).decode()))


IMAGE_PARTS = ("image_url", "image", "input_image")


def _messages(
    msgs: object,
    t: Target,
    add: Add,
    segs: list,
    *,
    need_assistant: bool = True,
    images: list | None = None,
):
    """Check a chat `messages` list; return (roles, names, last assistant text). Image parts
    are appended to `images`."""
    images = [] if images is None else images
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
            pics = [p for p in content if isinstance(p, dict) and p.get("type") in IMAGE_PARTS]
            if role == "assistant" and pics:
                add("invalid_message", f"message {i}: images go in user messages, not replies")
            images.extend(pics)
            if not pics and not any(isinstance(x, str) and x.strip() for x in texts):
                add("missing_content", f"message {i} ({role}) has no text part")
            segs.extend((role, x) for x in texts if isinstance(x, str))
        elif content is None and role == "assistant" and calls:
            pass
        elif content is None:
            add("missing_content", f"message {i} ({role}) has no content")
        else:
            add("invalid_message", f"message {i}: content must be a string")
        if "tool_calls" in m and "tool_calls" in t.msg_keys:
            had_calls = _tool_calls(m["tool_calls"], i, t, segs, add) or had_calls
        # TRL's documented tool message names the tool instead of a call id
        named = t.name.startswith("trl") and isinstance(m.get("name"), str)
        if role == "tool" and not isinstance(m.get("tool_call_id"), str) and not named:
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
    images: list[object] = []
    _tool_defs(obj, segs, add)
    _label(obj, add)
    if isinstance(obj.get("images"), list):
        images.extend(obj["images"])
    if "system" in obj:
        system = obj["system"]
        if not isinstance(system, str):
            add("invalid_message", "`system` must be a string")
        elif not system.strip():
            add("missing_content", "`system` is empty; drop the key or fill it")
        else:
            segs.append(("system", system))
    r = _messages(obj.get("messages"), t, add, segs, images=images)
    if r is None:
        return None
    roles, names, output = r
    return Extract(segs, len(roles) + ("system" in obj), names, output, images)


def _label(obj: dict, add: Add) -> None:
    """An unpaired-preference (KTO) row's label says whether its reply is a good one."""
    if "label" in obj and not isinstance(obj["label"], bool):
        add("invalid_message", "`label` must be true or false (is the reply a good one?)")


# Nova rejects a job whose text uses these reserved words anywhere (AWS, "Preparing data for
# fine-tuning Understanding models").
NOVA_RESERVED = ("User:", "Bot:", "Assistant:", "System:", "<image>", "<video>", "[EOS]")


# Converse tool blocks: (key, the role whose message holds it, its payload field, the
# payload's type, where it goes in words).
TOOL_BLOCKS = (
    ("toolUse", "assistant", "input", dict, "an assistant message, with an object `input`"),
    ("toolResult", "user", "content", list, "a user message, with a `content` list"),
)


def _converse_blocks(
    m: dict, i: int, role: str, segs: list, add: Add, images: list
) -> tuple[bool, str]:
    """Text of one Converse message's content blocks: text, reasoning, tool use and results;
    (has text, the last assistant text). Image blocks are appended to `images`."""
    has_text, output = False, ""
    for b in m["content"]:
        if not isinstance(b, dict):
            add("invalid_message", f"message {i}: each content block must be an object")
            continue
        if isinstance(b.get("text"), str):
            has_text = has_text or bool(b["text"].strip())
            segs.append((role, b["text"]))
            output = b["text"] if role == "assistant" else output
        elif "reasoningContent" in b:
            text = ((b["reasoningContent"] or {}).get("reasoningText") or {}).get("text")
            if isinstance(text, str):
                has_text = True
                segs.append((role, text))
        elif tool := next((t for t in TOOL_BLOCKS if t[0] in b), None):
            key, owner, field, kind, shape = tool
            block = b[key] if isinstance(b[key], dict) else {}
            if role != owner or not isinstance(block.get(field), kind):
                add("invalid_message", f"message {i}: {key} goes in {shape}")
            else:
                has_text = True
                segs.append((role, orjson.dumps(block[field]).decode()))
        elif "image" in b:
            images.append(b["image"])
            has_text = True
        elif not ({"video", "document"} & b.keys()):
            add("invalid_message", f"message {i}: unknown content block {sorted(b)}")
    return has_text, output


def check_converse(obj: dict, t: Target, add: Add) -> Extract | None:
    """Bedrock Converse records (Nova, Llama 3.x). `schemaVersion` may be any string (AWS:
    "schemaVersion can be any string value"); tool definitions live in `toolConfig`."""
    _keys(obj, t.top_keys, "the line", t, add)
    if "schemaVersion" in obj and not isinstance(obj["schemaVersion"], str):
        add("invalid_message", "schemaVersion must be a string, e.g. 'bedrock-conversation-2024'")
    segs: list[tuple[str, str]] = []
    if "toolConfig" in obj:
        tools = (
            (obj["toolConfig"] or {}).get("tools") if isinstance(obj["toolConfig"], dict) else None
        )
        if not isinstance(tools, list) or not tools:
            add("invalid_message", "`toolConfig` must hold a non-empty `tools` list")
        else:
            segs.append(("system", orjson.dumps(obj["toolConfig"]).decode()))
    for block in obj.get("system") or []:
        if not isinstance(block, dict) or not isinstance(block.get("text"), str):
            add("invalid_message", '`system` must be a list of {"text": ...} blocks')
            break
        segs.append(("system", block["text"]))
    msgs = obj.get("messages")
    if not isinstance(msgs, list) or not msgs:
        add("missing_messages", "`messages` must be a non-empty list")
        return None
    roles, output, images = [], "", []
    for i, m in enumerate(msgs, 1):
        if not isinstance(m, dict) or not isinstance(m.get("content"), list):
            add("invalid_message", f'message {i}: content must be a list of {{"text": ...}} blocks')
            continue
        _keys(m, t.msg_keys, f"message {i}", t, add)
        role = m.get("role")
        if role not in t.roles:
            add("unknown_role", f"message {i} has role {role!r}; use 'user' or 'assistant'")
        has_text, last = _converse_blocks(m, i, role, segs, add, images)
        if not has_text:
            add("missing_content", f"message {i} ({role}) has no text block")
        output = last or output
        roles.append(role)
    if t.needs_assistant and "assistant" not in roles:
        add("no_assistant_message", "no assistant message: add the reply the model should learn")
    if t.name == "bedrock_nova":
        for word in NOVA_RESERVED:
            if any(word in text for _, text in segs):
                add(
                    "invalid_message",
                    f"contains {word!r}, a word Nova reserves (the job fails on it); reword it",
                )
                break
    if t.needs_assistant:
        _alternation(roles, add)
    elif roles[:1] != ["user"]:
        add("role_order", "the first message must be the user's prompt")
    return Extract(segs, len(roles), 0, output or _last_user(segs), images)


def _last_user(segs: list[tuple[str, str]]) -> str:
    """A prompt-only row (distillation) is identified by its prompt."""
    return next((text for role, text in reversed(segs) if role == "user"), "")


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
    _label(obj, add)
    segs: list[tuple[str, str]] = []
    _tool_defs(obj, segs, add)
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


def _pref_side(val: object, key: str, t: Target, add: Add, segs: list) -> str | None:
    """One side of a TRL preference row: a string, or a list of messages (conversational)."""
    if isinstance(val, str):
        if not val.strip():
            add("missing_content", f"`{key}` is empty")
            return None
        segs.append(("assistant" if key != "prompt" else "user", val))
        return val
    if isinstance(val, list):
        r = _messages(val, t, add, segs, need_assistant=key != "prompt")
        return r[2] if r else None
    add("invalid_message", f"`{key}` must be a string or a list of messages")
    return None


def check_preference(obj: dict, t: Target, add: Add) -> Extract | None:
    """TRL preference rows: `chosen` and `rejected`, with an explicit `prompt` or an implicit
    one (the shared start of two conversations)."""
    _keys(obj, t.top_keys, "the line", t, add)
    segs: list[tuple[str, str]] = []
    _tool_defs(obj, segs, add)
    if "prompt" in obj:
        _pref_side(obj["prompt"], "prompt", t, add, segs)
    chosen = _pref_side(obj.get("chosen"), "chosen", t, add, segs)
    rejected = _pref_side(obj.get("rejected"), "rejected", t, add, segs)
    if chosen is not None and chosen == rejected:
        add("invalid_message", "`chosen` and `rejected` are identical; nothing to prefer")
    return Extract(segs, 3 if "prompt" in obj else 2, 0, chosen or "")


def check_text(obj: dict, t: Target, add: Add) -> Extract | None:
    """TRL language-modelling rows: one `text` string (continued pre-training style)."""
    _keys(obj, t.top_keys, "the line", t, add)
    text = obj.get("text")
    if not isinstance(text, str):
        add("invalid_message", "`text` must be a string")
        return None
    if not text.strip():
        add("missing_content", "`text` is empty")
        return None
    return Extract([("assistant", text)], 1, 0, text)


def _sharegpt_call(value: str, i: int, add: Add) -> bool:
    """A function_call turn holds {"name": ..., "arguments": {...}} as JSON text."""
    try:
        call = orjson.loads(value)
    except orjson.JSONDecodeError:
        add("invalid_message", f"turn {i}: a function_call value must be JSON with name/arguments")
        return False
    calls = call if isinstance(call, list) else [call]
    for c in calls:
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            add("invalid_message", f"turn {i}: a function_call needs a `name`")
            return False
        if isinstance(c.get("arguments"), str):
            add(
                "invalid_message",
                f"turn {i}: the arguments of {c['name']!r} are a string holding JSON; store "
                "them as an object. --fix decodes them",
                fixable=True,
            )
            return False
    return True


def _sharegpt_tools(obj: dict, segs: list, add: Add) -> None:
    tools = obj.get("tools")
    if tools is None or tools == "":
        return
    if isinstance(tools, str):
        try:
            tools = orjson.loads(tools)
        except orjson.JSONDecodeError:
            add("invalid_message", "`tools` must be a JSON list of tool definitions")
            return
    if not isinstance(tools, list):
        add("invalid_message", "`tools` must be a JSON list of tool definitions")
    elif tools:
        segs.append(("system", orjson.dumps(tools).decode()))


def check_sharegpt(obj: dict, t: Target, add: Add) -> Extract | None:
    """ShareGPT rows (FastChat, LLaMA-Factory): `conversations` of {from, value} turns, the
    user side (human, observation) and the model side (gpt, function_call) taking turns."""
    _keys(obj, t.top_keys, "the line", t, add)
    segs: list[tuple[str, str]] = []
    _sharegpt_tools(obj, segs, add)
    if isinstance(obj.get("system"), str) and obj["system"].strip():
        segs.append(("system", obj["system"]))
    turns = obj["conversations"]
    if not turns:
        add("missing_messages", "`conversations` is empty; add the human and gpt turns")
        return None
    sides, output = [], ""
    for i, turn in enumerate(turns, 1):
        if not isinstance(turn, dict) or not isinstance(turn.get("value"), str):
            add("invalid_message", f'turn {i} must be {{"from": ..., "value": "text"}}')
            continue
        who = turn.get("from")
        role = SHAREGPT_FROM.get(who) if isinstance(who, str) else None
        if role is None:
            add(
                "unknown_role",
                f"turn {i} is from {who!r}; use human, gpt, system, function_call or observation",
            )
            continue
        value = turn["value"]
        if not value.strip():
            add("missing_content", f"turn {i} ({who}) is empty")
            continue
        if who == "function_call" and not _sharegpt_call(value, i, add):
            continue
        if role == "system":
            if sides:
                add("role_order", f"turn {i}: a system turn must come first")
            segs.append(("system", value))
            continue
        segs.append(("user" if role == "tool" else role, value))
        if role == "assistant":
            output = value
        sides.append((i, who, "model" if role == "assistant" else "user"))
    pref = [k for k in ("chosen", "rejected") if k in obj]
    for key in pref:
        side = obj[key]
        if not isinstance(side, dict) or not isinstance(side.get("value"), str):
            add("invalid_message", f'`{key}` must be one {{"from": "gpt", "value"}} turn')
        else:
            segs.append(("assistant", side["value"]))
            output = output if key == "rejected" else side["value"]
    for k, (i, who, side) in enumerate(sides):
        want = "user" if k % 2 == 0 else "model"
        if side != want:
            add(
                "role_order",
                f"turn {i} ({who}) is out of place: human and observation turns come first and "
                "then alternate with gpt and function_call turns",
            )
            break
        if who == "observation" and (k == 0 or sides[k - 1][1] != "function_call"):
            add("role_order", f"turn {i}: an observation must follow a function_call")
            break
    if sides and not pref and sides[-1][2] != "model":
        add("role_order", "the last turn must be from gpt (or a function_call); it is learned")
    if not pref and not output:
        add("no_assistant_message", "no gpt turn: add the reply the model should learn")
    images = obj["images"] if isinstance(obj.get("images"), list) else []
    return Extract(segs, len(sides) + (1 if obj.get("system") else 0), 0, output, images)


CHECKERS = {
    "chat": check_chat,
    "haiku": check_chat,
    "converse": check_converse,
    "dpo": check_dpo,
    "prompt_completion": check_prompt_completion,
    "alpaca": check_alpaca,
    "preference": check_preference,
    "text": check_text,
    "sharegpt": check_sharegpt,
}
