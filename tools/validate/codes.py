"""Stable issue codes of the validator, their default severity and what they mean.

Codes never change meaning; new checks get new codes. A target may raise or lower a code's
severity (see `formats.Target.severity`), e.g. role order is an error for Bedrock, whose
training API rejects it, but a warning for OpenAI, which accepts it.
"""

from __future__ import annotations

from typing import Literal

Severity = Literal["error", "warning"]

CODES: dict[str, tuple[Severity, str]] = {
    "invalid_json": ("error", "the line is not valid JSON"),
    "not_an_object": ("error", "the line is JSON but not an object"),
    "unknown_format": ("error", "the object has none of the known dataset shapes"),
    "mixed_format": ("error", "the line has a different dataset shape from the rest of the file"),
    "missing_messages": ("error", "no non-empty `messages` list (or the format's main fields)"),
    "invalid_message": ("error", "a message or field has the wrong type or value"),
    "unknown_key": ("error", "a key the target format does not accept"),
    "unknown_role": ("error", "a role the target format does not accept"),
    "missing_content": ("error", "empty, whitespace-only or missing content"),
    "no_assistant_message": ("error", "nothing for the model to learn: no assistant turn"),
    "role_order": ("error", "roles out of the order the target requires"),
    "too_long": ("error", "the example exceeds the target's token limit"),
    "duplicate": ("warning", "the same example appears earlier in the file"),
    "near_duplicate": ("warning", "an almost identical example appears earlier (MinHash)"),
    "conflicting_output": ("warning", "the same input has a different output elsewhere"),
    "pii": ("warning", "personal data or a secret (email, phone, card, API key, private key)"),
    "blank_line": ("error", "an empty line inside the file"),
    "too_few_examples": ("error", "fewer examples than the target needs or than is useful"),
    "too_many_examples": ("error", "more examples than the target accepts"),
    "encoding": ("error", "not UTF-8, or a byte-order mark"),
    "length_outlier": ("warning", "an assistant reply far longer than the rest"),
    "file_too_large": ("error", "the file is larger than the provider accepts"),
    "unreadable_file": ("error", "the file cannot be checked (missing, empty, binary, an array)"),
    "other_format": ("error", "the file is in another known format; the message names the command"),
    "unsupported_image": ("error", "images in a row for a base model that does not train on them"),
}


def describe_codes() -> list[dict[str, str]]:
    return [{"code": c, "severity": s, "meaning": m} for c, (s, m) in CODES.items()]
