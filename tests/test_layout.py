"""The package's layout holds: every module imports, there is no import cycle, imports run
one way (show -> analyse -> annotate -> load), and every module reads in a sitting.

The import graph is read from the source files with ``ast``: every ``import`` and ``from
... import`` of the package, at module level or inside a function (an import inside a
function is how a cycle hides). ``from package import name`` is an edge to the submodule
``package.name`` when there is one, else to ``package`` (its ``__init__``).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import networkx as nx

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "newsanalysis"

#: Rank of each stage: a module imports modules of its own rank or lower only. The shared
#: modules (rank 0: schemas, annotations, resources, the version) import no stage.
RANKS = {"load": 1, "annotate": 2, "analyse": 3, "show": 4, "reports": 5, "cli": 6}
#: The package's ``__init__`` gathers the public verbs from every stage.
FACADE = "newsanalysis"
MAX_LINES = 500


def _module_files() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _module_files()


def _owner(dotted: str) -> str:
    """The module that ``dotted`` names or lives in."""
    while dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted


def _imports(module: str, path: Path) -> set[str]:
    out = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {_owner(a.name) for a in node.names if a.name.split(".")[0] == FACADE}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package this module is in (or above)
                base = module.split(".")[: (None if is_package else -1)]
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != FACADE:
                continue
            for alias in node.names:
                name = f"{source}.{alias.name}"
                out.add(name if name in MODULES else _owner(source))
    out.discard(module)
    return out


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module, path in MODULES.items():
        graph.add_edges_from((module, target) for target in _imports(module, path))
    return graph


def _shown(graph: nx.DiGraph) -> str:
    return "\n".join(f"  {m} -> {', '.join(sorted(graph.successors(m))) or '-'}" for m in sorted(graph))


def _rank(module: str) -> int | None:
    """The stage rank of a module; 0 for the shared modules, None for the facade."""
    if module == FACADE:
        return None
    return RANKS.get(module.split(".")[1], 0)


def test_every_module_of_the_package_imports():
    failures = {}
    for module in MODULES:
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - every failure, not only the first
            failures[module] = f"{type(exc).__name__}: {exc}"
    assert failures == {}


def test_the_graph_reads_the_imports_of_a_module():
    graph = import_graph()
    # show/networks.py: from newsanalysis.analyse.networks import ...; from newsanalysis.show import short_label
    assert {"newsanalysis.analyse.networks", "newsanalysis.show"} <= set(graph.successors("newsanalysis.show.networks"))
    # cli.py imports inside its functions: from newsanalysis import reports (a submodule)
    assert "newsanalysis.reports" in set(graph.successors("newsanalysis.cli"))


def test_there_is_no_import_cycle():
    graph = import_graph()
    cycles = [" -> ".join([*c, c[0]]) for c in nx.simple_cycles(graph)]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles) + "\n\nthe import graph:\n" + _shown(graph)


def test_imports_run_one_way_from_show_to_analyse_to_annotate_to_load():
    graph = import_graph()
    upward = []
    for module, target in graph.edges:
        if target == FACADE and module != "newsanalysis.cli":
            upward.append(f"{module} -> {target} (the package's __init__ imports every stage)")
        elif _rank(module) is not None and _rank(target) is not None and _rank(target) > _rank(module):
            upward.append(f"{module} -> {target}")
    assert upward == [], ("imports against the stages (show -> analyse -> annotate -> load; "
                          "schemas, annotations, resources shared):\n" + "\n".join(sorted(upward))
                          + "\n\nthe import graph:\n" + _shown(graph))


def _long_modules() -> dict[str, int]:
    lengths = {p.relative_to(PACKAGE_DIR).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
               for p in MODULES.values()}
    return {rel: n for rel, n in sorted(lengths.items()) if n > MAX_LINES}


def test_no_module_is_over_500_lines():
    assert _long_modules() == {}
