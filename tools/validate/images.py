"""Images in training rows: which base models train on them and what they cost in tokens.

OpenAI bills an image in a vision fine-tuning example as tokens, by the rule of its vision
guide for gpt-4o: 85 tokens at `detail: low`; otherwise the image is scaled to fit 2048 x
2048, then its short side to 768, and each 512-pixel tile costs 170 tokens on top of the 85.
The size is read from a base64 data URL's PNG or JPEG header; an image behind a web address
is counted as 1024 x 1024 (765 tokens), an estimate the report labels as such.
"""

from __future__ import annotations

import base64
import math
import struct

BASE, PER_TILE, TILE = 85, 170, 512
ASSUMED_SIDE = 1024


def _png_jpeg_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker, size = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return w, h
            i += 2 + size
    return None


def image_size(url: str) -> tuple[int, int] | None:
    """Width and height of a base64 data URL's PNG or JPEG; None for a web address."""
    if not url.startswith("data:") or "," not in url:
        return None
    head = url.split(",", 1)[1][:8192]
    try:
        data = base64.b64decode(head[: len(head) // 4 * 4], validate=False)
    except ValueError:
        return None
    return _png_jpeg_size(data)


def tiles_tokens(width: int, height: int) -> int:
    scale = min(1.0, 2048 / max(width, height))
    w, h = width * scale, height * scale
    scale = min(1.0, 768 / min(w, h))
    w, h = w * scale, h * scale
    return BASE + PER_TILE * math.ceil(w / TILE) * math.ceil(h / TILE)


def openai_image_tokens(part: object) -> tuple[int, bool]:
    """(tokens, exact) for one OpenAI `image_url` content part."""
    spec = part.get("image_url") if isinstance(part, dict) else None
    spec = {"url": spec} if isinstance(spec, str) else spec
    if not isinstance(spec, dict):
        return BASE, False
    if spec.get("detail") == "low":
        return BASE, True
    size = image_size(spec.get("url") or "")
    if size is None:
        return tiles_tokens(ASSUMED_SIDE, ASSUMED_SIDE), False
    return tiles_tokens(*size), True


def trains_on_images(vision_models: tuple[str, ...], model: str | None) -> bool:
    """Whether `model` (a resolved id) is one of the target's image-trained models (ids or
    id prefixes; "*" for any model the user picks)."""
    if "*" in vision_models:
        return True
    return bool(model) and any(model.startswith(v) for v in vision_models)
