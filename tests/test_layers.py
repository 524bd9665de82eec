"""The layers import one way: ui -> {agent, tools, knowledge} -> core, and agent -> {tools,
knowledge}; tools and knowledge import neither each other nor agent or ui; core imports
nothing of ours. Every import of our code goes through the `tunewise` namespace."""

from __future__ import annotations

import ast
import tomllib
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
    (tmp_path / "tools" / "x.py").write_text(
        "from tunewise.agent.runtime.prompts import SYSTEM_PROMPT\n"
    )
    (tmp_path / "core" / "y.py").write_text("def f():\n    import tunewise.ui.cli\n")
    (tmp_path / "knowledge" / "z.py").write_text("from tools.prices import Catalogue\n")
    found = layer_violations(tmp_path)
    assert len(found) == 3
    assert any("tools/x.py:1 (tools) imports tunewise.agent.runtime.prompts" in f for f in found)


# Third-party libraries that take a second or more to import: only these may be imported inside
# a function (so `tunewise validate` does not wait for torch or gradio), and our own modules
# only where they load one of them at import time.
HEAVY = {
    "torch",
    "transformers",
    "peft",
    "trl",
    "datasets",
    "accelerate",
    "gradio",
    "chromadb",
    "langgraph",
    "langchain_core",
    "langchain_openai",
    "langchain_anthropic",
    "langchain_aws",
    "sentence_transformers",
    "onnxruntime",
    "mcp",
    "boto3",
    "openai",
    "anthropic",
    "bitsandbytes",
}


def _module_files(root: Path) -> dict[str, Path]:
    out = {}
    for layer in LAYERS:
        for path in (root / layer).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(["tunewise", *parts])] = path
    return out


def _top_level_imports(path: Path, modules: dict[str, Path] | None = None) -> list[str]:
    """Module-level imports; with `modules`, `from pkg import sub` names only the submodule
    (the package is its parent, imported first anyway)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{a.name}" for a in node.names]
            if modules is None:
                names += [node.module, *subs]
            else:
                names += [n for n in subs if n in modules] or [node.module]
    return names


def heavy_modules(root: Path = ROOT) -> set[str]:
    """Our modules that load a heavy library when imported, directly or through ours."""
    files = _module_files(root)
    deps = {m: _top_level_imports(p) for m, p in files.items()}
    heavy = {m for m, ns in deps.items() if any(n.split(".")[0] in HEAVY for n in ns)}
    grew = True
    while grew:
        grew = False
        for m, ns in deps.items():
            if m not in heavy and any(n in heavy for n in ns):
                heavy.add(m)
                grew = True
    return heavy


def hidden_imports(root: Path = ROOT) -> list[str]:
    """Imports of our code inside a function, other than of a module that loads a heavy
    library: such an import hides a cycle or an order dependency."""
    heavy = heavy_modules(root)
    bad = []
    for path in _module_files(root).values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [
                        f"{node.module}.{a.name}"
                        if f"{node.module}.{a.name}" in heavy
                        else node.module
                        for a in node.names
                    ]
                else:
                    continue
                for name in names:
                    if name.startswith("tunewise") and name not in heavy:
                        bad.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    return sorted(set(bad))


def test_our_imports_sit_at_the_top_unless_they_load_a_heavy_library() -> None:
    assert hidden_imports() == []


def test_the_import_check_catches_a_hidden_import(tmp_path: Path) -> None:
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "agent" / "light.py").write_text("X = 1\n")
    (tmp_path / "agent" / "ui_side.py").write_text("import gradio\n")
    (tmp_path / "agent" / "web.py").write_text("from tunewise.agent.ui_side import Y\n")
    (tmp_path / "agent" / "user.py").write_text(
        "def f():\n    from tunewise.agent.light import X\n"
        "def g():\n    from tunewise.agent.web import Z\n"
    )
    assert hidden_imports(tmp_path) == ["agent/user.py:2 imports tunewise.agent.light"]


# agent/ in rooms, each importing only the rooms before it (and itself): what a fact and an
# act are; the learned readers; reading a message; deciding; answering; the tools the agent
# calls; running the turn (graph, model, assistant, servers).
ROOMS = ["schema", "learned", "reading", "decision", "answers", "toolkit", "runtime"]


def room_violations(root: Path = ROOT) -> list[str]:
    bad = []
    for path in sorted((root / "agent").rglob("*.py")):
        parts = path.relative_to(root / "agent").parts
        if len(parts) == 1:
            if parts[0] != "__init__.py":
                bad.append(f"agent/{parts[0]} sits outside a room")
            continue
        if parts[0] not in ROOMS:
            bad.append(f"agent/{parts[0]} is not a known room")
            continue
        allowed = set(ROOMS[: ROOMS.index(parts[0]) + 1])
        for line, name in _imports(path):
            bits = name.split(".")
            if bits[:2] == ["tunewise", "agent"] and (len(bits) < 3 or bits[2] not in allowed):
                bad.append(f"{path.relative_to(root)}:{line} ({parts[0]}) imports {name}")
    return bad


def test_agent_rooms_import_downward_only() -> None:
    assert room_violations() == []


def test_the_room_check_catches_an_upward_import(tmp_path: Path) -> None:
    (tmp_path / "agent" / "reading").mkdir(parents=True)
    (tmp_path / "agent" / "reading" / "x.py").write_text(
        "from tunewise.agent.runtime.graph import build_graph\n"
        "from tunewise.agent.learned.fitting import fit\n"
    )
    (tmp_path / "agent" / "loose.py").write_text("")
    found = room_violations(tmp_path)
    assert found == [
        "agent/loose.py sits outside a room",
        "agent/reading/x.py:1 (reading) imports tunewise.agent.runtime.graph",
    ]


def import_cycles(root: Path = ROOT) -> list[list[str]]:
    """Groups of our modules that import each other at the top level (Tarjan's algorithm)."""
    files = _module_files(root)
    deps = {
        m: sorted({n for n in _top_level_imports(p, files) if n in files and n != m})
        for m, p in files.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        for n in deps[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = []
            while True:
                n = stack.pop()
                group.append(n)
                if n == m:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for m in sorted(deps):
        if m not in index:
            visit(m)
    return cycles


def test_no_import_cycles() -> None:
    assert import_cycles() == []


def test_the_cycle_check_finds_one(tmp_path: Path) -> None:
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "agent" / "a.py").write_text("from tunewise.agent.b import X\n")
    (tmp_path / "agent" / "b.py").write_text("from tunewise.agent import a\n")
    assert import_cycles(tmp_path) == [["tunewise.agent.a", "tunewise.agent.b"]]


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
    (tmp_path / "agent" / "learned" / "data").mkdir(parents=True)
    (tmp_path / "agent" / "learned" / "data" / "x.jsonl").write_text(
        '{"text": "a", "split": "heldout"}\n'
    )
    (tmp_path / "agent" / "m.py").write_text("import bench.real_reading\n")
    assert len(packaged_test_rows(tmp_path)) == 2


def test_every_package_folder_is_in_the_wheel() -> None:
    """A new subpackage (agent/toolkit/tools/) works in the editable install but is missing
    from a built wheel unless pyproject.toml lists it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for top, name in (
        ("core", "core"),
        ("agent", "agent"),
        ("tools", "tools"),
        ("knowledge", "knowledge"),
        ("ui", "ui"),
    ):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top).parts
            found.add(".".join(("tunewise", name, *rel)))
    assert found - listed == set(), f"add to pyproject.toml packages: {sorted(found - listed)}"
