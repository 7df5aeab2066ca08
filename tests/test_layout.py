"""The house rules of the layout, read from the source (every import, function-level ones too).

Rooms: ``models``, ``spiders``, each stage folder of ``pipeline/`` (``crawl``, ``extract``,
``enrich``, ``output``, ``runs``, ``maintain``, ``demo``) and each module at the door
(``pipeline.api``, ``pipeline.cli``, ``pipeline.config``, ``pipeline.errors``,
``pipeline.spider``, ``pipeline.urls``). ``pipeline/__init__.py`` is the package facade: it
holds ``__version__`` and forwards ``extract_article``/``enrich_text``/``load`` to
``pipeline.api`` on first use, so its own lazy import is not a dependency of the modules
that read ``__version__`` from it. Likewise the spider registry (``pipeline.spider``) imports
the ``spiders`` package only to discover its modules, as it loads entry-point spiders: that
discovery is not a dependency of the contract the spiders import.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "spiders", "models")
STAGES = ("crawl", "extract", "enrich", "output")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


SOURCES = _sources()


def _type_only(tree: ast.Module) -> set[ast.AST]:
    """The import statements under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(n for stmt in node.body for n in ast.walk(stmt))
    return found


def _imports(module: str, path: Path, *, runtime: bool = False) -> set[str]:
    """Every module ``path`` imports (absolute names), wherever the import statement is;
    with ``runtime``, not those under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skip = _type_only(tree) if runtime else set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if node in skip:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in SOURCES else base)
    return names


IMPORTS = {module: _imports(module, path) for module, path in SOURCES.items()}


def room(module: str) -> str | None:
    """The room of one of our modules; None for third-party modules."""
    parts = module.split(".")
    if parts[0] in ("models", "spiders"):
        return parts[0]
    if parts[0] != "pipeline":
        return None
    if len(parts) == 1:
        return "pipeline"
    return f"pipeline.{parts[1]}"


def _room_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imported in IMPORTS.items():
        if module == "pipeline":
            continue  # the facade's lazy forward to pipeline.api (see the docstring)
        for name in imported:
            target = room(name)
            if target is None or target == room(module):
                continue
            if (module, target) == ("pipeline.spider", "spiders"):
                continue  # registry discovery (see the docstring)
            graph[room(module)].add(target)
    return graph


def _third_party_users(prefixes: tuple[str, ...]) -> set[str]:
    return {
        module
        for module, imported in IMPORTS.items()
        if any(name == p or name.startswith(p + ".") for name in imported for p in prefixes)
    }


def test_the_rooms_exist():
    rooms = {room(m) for m in SOURCES}
    for stage in (*STAGES, "runs", "maintain", "demo"):
        assert f"pipeline.{stage}" in rooms
    assert "pipeline.runs.crawl" in SOURCES
    assert "pipeline.crawl.filters" in SOURCES


def test_no_cycle_between_rooms():
    graph = _room_graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail("import cycle between rooms: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_config_imports_no_stage():
    ours = {name for name in IMPORTS["pipeline.config"] if room(name)}
    assert ours <= {"pipeline.errors"}, ours


def test_only_fetch_speaks_http():
    assert _third_party_users(("httpx", "httpcore")) == {"pipeline.crawl.fetch"}


def test_only_enrich_speaks_nlp():
    users = _third_party_users(("spacy", "natasha", "slovnet"))
    assert users, "enrich/ imports spaCy"
    outside = sorted(m for m in users if room(m) != "pipeline.enrich")
    assert not outside, outside


def test_layers_point_one_way():
    """models import no engine; spiders only the Spider contract; stages import no way to run,
    no maintenance tool, no demo, no API and no CLI; nothing imports the CLI."""
    graph = _room_graph()
    assert graph.get("models", set()) == set()
    assert graph.get("spiders", set()) <= {"pipeline.spider"}
    upper = {"pipeline.runs", "pipeline.maintain", "pipeline.demo", "pipeline.api", "pipeline.cli"}
    for stage in STAGES:
        assert not graph.get(f"pipeline.{stage}", set()) & upper, stage
    assert not [r for r, targets in graph.items() if "pipeline.cli" in targets]
    assert not graph.get("pipeline.runs", set()) & {"pipeline.maintain", "pipeline.demo"}


def test_the_fault_server_is_not_shipped():
    shipped = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES.values())
    assert "serve_fault_hosts" not in shipped
    assert (ROOT / "tests" / "faults.py").is_file()


def test_no_cycle_between_modules():
    """Not even through imports inside functions (the two documented exceptions aside; an
    import for annotations only, under ``if TYPE_CHECKING:``, is not run)."""
    runtime = {m: _imports(m, path, runtime=True) for m, path in SOURCES.items()}
    graph = {
        module: {
            name
            for name in imported
            if name in SOURCES
            and name != module
            and module != "pipeline"
            and (module, room(name)) != ("pipeline.spider", "spiders")
        }
        for module, imported in runtime.items()
    }
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
