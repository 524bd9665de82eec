"""How much hand-written reading code is left (issue 25, must-show 4): lines of agent/reading/
and the regular-expression literals in it (r"..." strings, each alternative list counted once
per literal), against the figures the issue was filed with (3,263 lines, 766 pattern strings).

Usage: python -m bench.reading_size
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

READING = Path(__file__).resolve().parent.parent / "agent" / "reading"
ISSUE_LINES, ISSUE_PATTERNS = 3263, 766


def patterns(source: str) -> int:
    """The raw-string literals in a module's source: the way its regular expressions are written."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return sum(
        1
        for t in tokens
        if t.type == tokenize.STRING and t.string[:2].lower() in ("r'", 'r"', "rf", "fr")
    )


def main() -> None:
    total_lines = total_patterns = 0
    for path in sorted(READING.glob("*.py")):
        text = path.read_text()
        lines, found = len(text.splitlines()), patterns(text)
        total_lines += lines
        total_patterns += found
        print(f"{path.name:<18} {lines:>5} lines {found:>4} patterns")
    print(
        f"reading/: {total_lines} lines (x{total_lines / ISSUE_LINES:.2f} of the issue's "
        f"{ISSUE_LINES}; target x0.50), {total_patterns} patterns (x{total_patterns / ISSUE_PATTERNS:.2f} "
        f"of {ISSUE_PATTERNS}; target x0.30)"
    )


if __name__ == "__main__":
    main()
