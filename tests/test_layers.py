"""The layers import one way: ui -> {agent, tools, knowledge} -> core, and agent -> {tools,
knowledge}; tools and knowledge import neither each other nor agent or ui; core imports
nothing of ours. Every import of our code goes through the `tunewise` namespace."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["core", "agent", "tools", "knowledge", "ui"]
ALLOWED = {
    "core": {"core"},
    "tools": {"core", "tools"},
    "knowledge": {"core", "knowledge"},
    "agent": {"core", "tools", "knowledge", "agent"},
    "ui": {"core", "tools", "knowledge", "agent", "ui"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return out


def layer_violations(root: Path = ROOT) -> list[str]:
    bad = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            for line, name in _imports(path):
                parts = name.split(".")
                if parts[0] in LAYERS:
                    bad.append(f"{path.relative_to(root)}:{line} imports {name} outside tunewise.")
                    continue
                if parts[0] != "tunewise" or len(parts) < 2:
                    continue
                if parts[1] not in ALLOWED[layer]:
                    bad.append(f"{path.relative_to(root)}:{line} ({layer}) imports {name}")
    return bad


def test_no_layer_imports_upward() -> None:
    assert layer_violations() == []


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "tools" / "x.py").write_text("from tunewise.agent.prompts import SYSTEM_PROMPT\n")
    (tmp_path / "core" / "y.py").write_text("def f():\n    import tunewise.ui.cli\n")
    (tmp_path / "knowledge" / "z.py").write_text("from tools.prices import Catalogue\n")
    found = layer_violations(tmp_path)
    assert len(found) == 3
    assert any("tools/x.py:1 (tools) imports tunewise.agent.prompts" in f for f in found)
