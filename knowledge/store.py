"""Opening Chroma: a local PersistentClient, or a server through HttpClient when a URL is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from tunewise.core import stores
from tunewise.knowledge.errors import ChromaUnavailableError


def open_client(*, path: Path | None = None, url: str | None = None) -> Any:
    """Return a Chroma client with telemetry off; raise ChromaUnavailableError with a fix."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise ChromaUnavailableError(
                f"TUNEWISE_CHROMA_URL={url!r} is not a URL; use e.g. http://127.0.0.1:8000"
            )
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=port,
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        except ValueError as exc:  # chromadb reports a refused connection as ValueError
            raise ChromaUnavailableError(
                f"cannot reach the Chroma server at {url} ({exc}); start it (`chroma run --path DIR`) "
                "or unset TUNEWISE_CHROMA_URL to use the local index"
            ) from exc
    if path is None:
        raise ChromaUnavailableError(
            "no Chroma path or URL configured; set TUNEWISE_DATA_DIR or TUNEWISE_CHROMA_URL"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ChromaUnavailableError(
            f"cannot create the index folder {path}: {exc.strerror}; set TUNEWISE_DATA_DIR to a writable folder"
        ) from exc
    db = path / "chroma.sqlite3"
    stores.check(db, "index")
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001 - chromadb raises its own types on a bad database
        if isinstance(exc, OSError):
            raise
        raise stores.damaged(stores.STORES["index"], db, str(exc).splitlines()[0]) from None
