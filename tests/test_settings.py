"""Settings come from TUNEWISE_ variables; the offline environment is applied without clobbering."""

from pathlib import Path

from tunewise.core.settings import Settings, apply_offline_env


def test_env_prefix(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("TUNEWISE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TUNEWISE_LLM", "openai:gpt-4o-mini")
    monkeypatch.setenv("TUNEWISE_CHROMA_URL", "http://127.0.0.1:8000")
    s = Settings()
    assert s.data_dir == tmp_path and s.llm == "openai:gpt-4o-mini"
    assert s.chroma_url == "http://127.0.0.1:8000"
    assert s.chroma_dir == tmp_path / "chroma"


def test_defaults(monkeypatch):
    for var in ("TUNEWISE_DATA_DIR", "TUNEWISE_LLM", "TUNEWISE_CHROMA_URL"):
        monkeypatch.delenv(var, raising=False)
    s = Settings()
    assert s.llm == "offline" and s.chroma_url is None
    assert s.data_dir == Path.home() / ".tunewise"


def test_offline_env_respects_user_values(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("HF_HOME", "/custom/hf")
    monkeypatch.delenv("GRADIO_ANALYTICS_ENABLED", raising=False)
    apply_offline_env(Settings(data_dir=tmp_path))
    import os

    assert os.environ["HF_HOME"] == "/custom/hf"
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
