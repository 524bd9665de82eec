"""The Chroma embedding function for our index, registered under our own name so a collection
reopened later rebuilds this function, never Chroma's default (which would try to download a
model). Vectors come from knowledge.embeddings (ONNX MiniLM)."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from tunewise.knowledge.embeddings import MODEL_NAME, _load_model


@register_embedding_function
class MiniLMEmbedding(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the packaged MiniLM model."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
        return list(_load_model()(list(input)))

    @staticmethod
    def name() -> str:
        return "tunewise_minilm"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbedding:
        return MiniLMEmbedding()

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    def validate_config(self, config: dict[str, Any]) -> None:
        return None

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        return None
