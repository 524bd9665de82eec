"""A scripted HTTP server on 127.0.0.1 speaking enough of OpenAI's Chat Completions API for tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def completion(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", **message},
                "finish_reason": finish,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def stream_chunks(done: dict[str, Any]) -> list[dict[str, Any]]:
    """A chat.completion turned into the chunks OpenAI streams: the role, the content word by
    word, each tool call, the finish reason, then usage."""
    msg, base = done["choices"][0]["message"], {k: done[k] for k in ("id", "created", "model")}

    def chunk(delta: dict, finish: str | None = None) -> dict:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return {**base, "object": "chat.completion.chunk", "choices": [choice]}

    out = [chunk({"role": "assistant", "content": ""})]
    words = (msg.get("content") or "").split(" ")
    out += [chunk({"content": w if i == 0 else " " + w}) for i, w in enumerate(words) if w]
    for i, call in enumerate(msg.get("tool_calls") or []):
        out.append(chunk({"tool_calls": [{"index": i, **call}]}))
    out.append(chunk({}, done["choices"][0]["finish_reason"]))
    out.append({**base, "object": "chat.completion.chunk", "choices": [], "usage": done["usage"]})
    return out


def anthropic_events(msg: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """An Anthropic message turned into the server-sent events its API streams."""
    head = {**msg, "content": [], "stop_reason": None, "stop_sequence": None}
    out = [("message_start", {"type": "message_start", "message": head})]
    for i, block in enumerate(msg["content"]):
        if block["type"] == "text":
            out.append(
                (
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": i,
                        "content_block": {"type": "text", "text": ""},
                    },
                )
            )
            words = block["text"].split(" ")
            for n, w in enumerate(words):
                delta = {"type": "text_delta", "text": w if n == 0 else " " + w}
                out.append(
                    (
                        "content_block_delta",
                        {"type": "content_block_delta", "index": i, "delta": delta},
                    )
                )
        else:
            start = {**block, "input": {}}
            out.append(
                (
                    "content_block_start",
                    {"type": "content_block_start", "index": i, "content_block": start},
                )
            )
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
            out.append(
                ("content_block_delta", {"type": "content_block_delta", "index": i, "delta": delta})
            )
        out.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
    out.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": msg["stop_reason"], "stop_sequence": None},
                "usage": {"output_tokens": msg["usage"]["output_tokens"]},
            },
        )
    )
    out.append(("message_stop", {"type": "message_stop"}))
    return out


class LoopbackServer:
    """Calls `script(request_json)` for each POST and returns its dict as the JSON response;
    a `(status, dict)` tuple answers with that HTTP status (e.g. 429 for a rate limit)."""

    def __init__(self, script: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                answer = script(body)
                status, answer = answer if isinstance(answer, tuple) else (200, answer)
                events = None
                if body.get("stream") and answer.get("object") == "chat.completion":
                    events = "".join(f"data: {json.dumps(c)}\n\n" for c in stream_chunks(answer))
                    events += "data: [DONE]\n\n"
                elif body.get("stream") and answer.get("type") == "message":
                    events = "".join(
                        f"event: {name}\ndata: {json.dumps(data)}\n\n"
                        for name, data in anthropic_events(answer)
                    )
                if events is not None:
                    payload = events.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()


def orphan_tool_error(body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """OpenAI's answer to a tool message that does not follow an assistant message calling it
    (the real API returns 400 with this wording); None when the messages are well formed."""
    open_calls: set[str] = set()
    for m in body.get("messages", []):
        if m.get("role") == "assistant":
            open_calls = {c["id"] for c in m.get("tool_calls") or []}
        elif m.get("role") == "tool" and m.get("tool_call_id") in open_calls:
            continue
        elif m.get("role") == "tool":
            message = (
                "Invalid parameter: messages with role 'tool' must be a response to a "
                "preceeding message with 'tool_calls'."
            )
            return 400, {
                "error": {
                    "message": message,
                    "type": "invalid_request_error",
                    "param": "messages",
                    "code": None,
                }
            }
        else:
            open_calls = set()
    return None
