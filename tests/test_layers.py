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


def packaged_test_rows(root: Path = ROOT) -> list[str]:
    """Rows of a held-out half (split 'heldout') in a data file inside the package, and any
    import of bench/ from it: held-out rows live in bench/data, never beside the readers."""
    import json

    bad = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                row = json.loads(line) if line.strip() else {}
                if isinstance(row, dict) and row.get("split") == "heldout":
                    bad.append(f"{path.relative_to(root)}:{n} is a held-out row")
        for path in sorted((root / layer).rglob("*.py")):
            bad += [
                f"{path.relative_to(root)}:{line} imports {name}"
                for line, name in _imports(path)
                if name.split(".")[0] == "bench"
            ]
    return bad


def test_the_package_carries_no_held_out_rows_and_needs_no_bench() -> None:
    assert packaged_test_rows() == []


def test_the_held_out_check_catches_a_packaged_row(tmp_path: Path) -> None:
    (tmp_path / "agent" / "data").mkdir(parents=True)
    (tmp_path / "agent" / "data" / "x.jsonl").write_text('{"text": "a", "split": "heldout"}\n')
    (tmp_path / "agent" / "m.py").write_text("import bench.real_reading\n")
    assert len(packaged_test_rows(tmp_path)) == 2
