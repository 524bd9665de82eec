"""Typed errors of the knowledge package; each message says how to fix the problem."""


class KnowledgeError(Exception):
    """Base class: a problem a user can fix, reported as one line at the edges."""


class DocError(KnowledgeError):
    """A document cannot be used (unreadable, binary, missing front matter)."""


class NoIndexError(KnowledgeError):
    """Search was asked for before any index was built."""


class ChromaUnavailableError(KnowledgeError):
    """The Chroma server or directory cannot be reached or opened."""


class QueryError(KnowledgeError):
    """The query itself is unusable (empty, far too long)."""
