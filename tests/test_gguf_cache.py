"""A GGUF base is de-quantised once and kept as a model folder (tools/train/gguf_cache.py):
the folder gives the same weights, tokens and generations as the GGUF itself."""

from __future__ import annotations

import pytest

from tunewise.tools.train import entry, gguf_cache
from tunewise.tools.train.spec import smollm2_gguf


@pytest.mark.timeout(600)
def test_the_converted_smollm2_matches_the_gguf(tmp_path, monkeypatch):
    import torch

    monkeypatch.setattr(gguf_cache, "share_dir", lambda: tmp_path)
    gguf = smollm2_gguf()
    assert gguf_cache.cached(gguf) is None
    first, tok1 = entry.load_model("smollm2")  # from the GGUF; keeps the folder
    folder = gguf_cache.cached(gguf)
    assert folder is not None and folder.parent == tmp_path
    assert not list(tmp_path.glob("*.partial-*"))
    second, tok2 = entry.load_model("smollm2")  # from the folder
    assert second.name_or_path == str(folder) and first.name_or_path != str(folder)

    a, b = first.state_dict(), second.state_dict()
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    text = "Classify the feedback: the invoice page keeps failing."
    assert tok1(text)["input_ids"] == tok2(text)["input_ids"]
    msgs = [{"role": "user", "content": text}]
    ids = tok1.apply_chat_template(msgs, add_generation_prompt=True, return_tensors="pt")
    ids = ids if isinstance(ids, torch.Tensor) else ids["input_ids"]
    assert tok2.apply_chat_template(msgs, add_generation_prompt=True, tokenize=False) == (
        tok1.apply_chat_template(msgs, add_generation_prompt=True, tokenize=False)
    )
    with torch.no_grad():
        out1 = first.generate(ids, max_new_tokens=8, do_sample=False)
        out2 = second.generate(ids, max_new_tokens=8, do_sample=False)
    assert torch.equal(out1, out2)

    # A base over the size cap is not kept (a 7B GGUF would be 28 GB in float32).
    other = tmp_path / "other"
    monkeypatch.setattr(gguf_cache, "share_dir", lambda: other)
    cap = gguf_cache.MAX_BYTES
    monkeypatch.setattr(gguf_cache, "MAX_BYTES", 1)
    gguf_cache.keep(gguf, first, tok1)
    assert gguf_cache.cached(gguf) is None and not any(other.iterdir())
    monkeypatch.setattr(gguf_cache, "MAX_BYTES", cap)
    monkeypatch.setattr(gguf_cache, "share_dir", lambda: tmp_path)

    # A damaged folder is not used (the first load above shows a missing one sends the load to
    # the GGUF), and the next conversion replaces it.
    (folder / "stamp.json").write_text("{not json")
    assert gguf_cache.cached(gguf) is None
    gguf_cache.keep(gguf, first, tok1)
    assert gguf_cache.cached(gguf) == folder
