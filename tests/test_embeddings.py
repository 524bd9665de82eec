"""The ONNX embedding path: same vectors as sentence-transformers, no torch on the question path,
and a missing or damaged export is handled."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tunewise.knowledge import DOCS_DIR
from tunewise.knowledge.documents import chunk_document, load_folder
from tunewise.knowledge.embeddings import embed, model_path


def _section_texts() -> list[str]:
    docs, _ = load_folder(DOCS_DIR, require_front_matter=True)
    return [f"{c.title}. {c.section}. {c.text}" for d in docs for c in chunk_document(d)]


def test_onnx_matches_sentence_transformers_on_every_section() -> None:
    from sentence_transformers import SentenceTransformer

    texts = _section_texts()
    assert len(texts) > 50
    ours = np.asarray(embed(texts), dtype=np.float32)
    ref = SentenceTransformer(str(model_path()), device="cpu").encode(
        texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    cosine = (ours * ref).sum(axis=1)
    assert cosine.min() >= 0.999, f"lowest cosine {cosine.min():.5f}"
    # and the vectors are really normalised sentence embeddings, not a constant
    assert abs(float(np.linalg.norm(ours[0])) - 1.0) < 1e-4
    assert float((ours[0] * ours[1]).sum()) < 0.99


def test_batches_of_mixed_length_match_one_by_one() -> None:
    texts = ["short", "LoRA memory for a 7B model " * 40, "what is RAG?"]
    together = np.asarray(embed(texts))
    alone = np.asarray([embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


PROBE = (
    "import runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "finally:\n"
    "    heavy = sorted(m for m in ('torch', 'transformers', 'peft', 'trl', "
    "'sentence_transformers') if m in sys.modules)\n"
    "    sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "We have 2,000 labelled tickets and prompting plateaued. Fine-tune?"],
        ["search", "LoRA memory for a 7B model"],
    ],
    ids=["ask", "search"],
)
def test_question_path_does_not_import_torch(argv: list[str], cli_env: dict[str, str]) -> None:
    from tests.webserver import TUNEWISE

    subprocess.run([TUNEWISE, "index"], env=cli_env, check=True, capture_output=True)
    res = subprocess.run(
        [sys.executable, "-c", PROBE, TUNEWISE, *argv],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip(), res.stderr[-2000:]
    line = [x for x in res.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line == ["HEAVY="], line or res.stderr[-2000:]


def test_missing_export_is_made_once_and_damaged_one_is_redone(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh ONNX folder gets an export on first use; a stale stamp triggers a new one."""
    from tunewise.knowledge import embeddings, onnx_export

    monkeypatch.setenv("TUNEWISE_ONNX_DIR", str(tmp_path))
    target = embeddings.onnx_path()
    assert target.parent == tmp_path and not target.exists()
    embeddings._load_model.cache_clear()
    try:
        vec = embed(["hello"])[0]
        assert target.is_file() and onnx_export.is_current(target, model_path())
        target.with_suffix(".json").write_text('{"v": "old"}')
        assert not onnx_export.is_current(target, model_path())
        embeddings._load_model.cache_clear()
        assert np.allclose(embed(["hello"])[0], vec, atol=1e-6)
        assert onnx_export.is_current(target, model_path())
    finally:
        embeddings._load_model.cache_clear()
