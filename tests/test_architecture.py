"""
How the package's modules import one another, read from their source (and checked once at run time).

An import at module level runs when the module is first imported, so a cycle of
them works only in some orders, and hides a layer mixed into another. These
tests build the graph of module-level imports between the modules of
`conflict_events` from the syntax tree (an import inside a function or under
``if TYPE_CHECKING:`` is not an edge) and look for cycles in it. The temporal
layer is held to more: no import inside a function or under ``TYPE_CHECKING``
at all (the way a cycle is usually dodged), and no import of another module's
private (underscored) name.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import conflict_events

SRC = Path(conflict_events.__file__).parent
ROOT = "conflict_events"
TEMPORAL = f"{ROOT}.temporal"

ImportNode = ast.Import | ast.ImportFrom


def _name_of(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {_name_of(path): path for path in sorted(SRC.rglob("*.py"))}


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"), filename=str(modules()[name]))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt]) -> Iterator[ImportNode]:
    """The imports that run when the module is imported: in its body, class bodies and blocks."""
    for node in body:
        if isinstance(node, ImportNode):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                yield from module_level_imports(node.body)
            yield from module_level_imports(node.orelse)
        elif isinstance(node, ast.Try | ast.TryStar):
            for block in (node.body, node.orelse, node.finalbody):
                yield from module_level_imports(block)
            for handler in node.handlers:
                yield from module_level_imports(handler.body)
        elif isinstance(node, ast.With | ast.For | ast.While | ast.ClassDef):
            yield from module_level_imports(node.body)


def deferred_imports(name: str) -> Iterator[ImportNode]:
    """Imports inside a function, or under ``if TYPE_CHECKING:``: both never run on import."""
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from (child for child in ast.walk(node) if isinstance(child, ImportNode))
        elif isinstance(node, ast.If) and _is_type_checking(node):
            for statement in node.body:
                yield from (child for child in ast.walk(statement) if isinstance(child, ImportNode))


def _base(name: str, node: ast.ImportFrom) -> str:
    """The module a ``from`` import names, relative ones resolved against *name*."""
    if not node.level:
        return node.module or ""
    package = name if modules()[name].name == "__init__.py" else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imported(name: str, node: ImportNode) -> Iterator[tuple[str, str | None]]:
    """(module, name taken from it or None) for each package module an import statement loads."""
    known = modules()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in known:
                yield alias.name, None
        return
    base = _base(name, node)
    for alias in node.names:
        if f"{base}.{alias.name}" in known:
            yield f"{base}.{alias.name}", None
        elif base in known:
            yield base, alias.name


def graph() -> dict[str, set[str]]:
    """Module -> the package modules its module-level imports load."""
    return {
        name: {
            target
            for node in module_level_imports(tree(name).body)
            for target, _ in imported(name, node)
            if target != name
        }
        for name in modules()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def _in_temporal(name: str) -> bool:
    return name == TEMPORAL or name.startswith(f"{TEMPORAL}.")


def temporal_modules() -> list[str]:
    return [name for name in modules() if _in_temporal(name)]


def private_imports(name: str, parsed: ast.Module) -> Iterator[str]:
    """Private names module *name* (parsed) takes from other package modules, or reads off them."""
    module_names: set[str] = set()
    for node in ast.walk(parsed):
        if not isinstance(node, ImportNode):
            continue
        for target, taken in imported(name, node):
            if target == name:
                continue
            if any(part.startswith("_") for part in target.split(".")):
                yield f"imports the private module {target}"
            if taken is not None and taken.startswith("_") and not taken.startswith("__"):
                yield f"imports {taken} from {target}"
            if taken is None:
                alias = next(a for a in node.names if target.endswith(a.name))
                module_names.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(parsed):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in module_names
        ):
            yield f"reads {node.value.id}.{node.attr}"


# -- the graph builder itself --------------------------------------------------------------


def test_cycles_are_found() -> None:
    """The cycle finder reports a cycle, and only the modules on it."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_module_level_imports_skip_functions_and_type_checking() -> None:
    """Imports in functions and under TYPE_CHECKING are deferred, the others run on import."""
    source = """
import a
if TYPE_CHECKING:
    import b
else:
    import c
try:
    import d
except ImportError:
    import e
class K:
    import f
def g():
    import h
"""
    body = ast.parse(source).body
    ran = [alias.name for node in module_level_imports(body) for alias in node.names]
    assert ran == ["a", "c", "d", "e", "f"]


def test_the_graph_sees_the_temporal_layer() -> None:
    """The graph holds the known edges, so an empty answer below means something."""
    edges = graph()
    assert f"{TEMPORAL}.calendar" in edges[f"{TEMPORAL}.edtf_grammar"]
    assert f"{TEMPORAL}.edtf_grammar" in edges[f"{TEMPORAL}.fuzzy"]
    assert f"{TEMPORAL}.fuzzy" in edges[f"{TEMPORAL}.span"]
    assert f"{TEMPORAL}.span" in edges[f"{TEMPORAL}.edtf"]


# -- the package and its temporal layer --------------------------------------------------


def test_no_cycle_in_the_package() -> None:
    """No cycle of module-level imports joins modules of conflict_events."""
    assert cycles(graph()) == []


def test_no_cycle_runs_through_the_temporal_layer() -> None:
    """No cycle of module-level imports holds a module of conflict_events.temporal."""
    through = [cycle for cycle in cycles(graph()) if any(map(_in_temporal, cycle))]
    assert through == []


def test_temporal_imports_nothing_late() -> None:
    """No temporal module imports inside a function or under TYPE_CHECKING (how cycles hide)."""
    late = {name: [node.lineno for node in deferred_imports(name)] for name in temporal_modules()}
    assert {name: lines for name, lines in late.items() if lines} == {}


def test_temporal_takes_no_private_name() -> None:
    """No temporal module imports, or reads off a module, another module's private name."""
    taken = {name: list(private_imports(name, tree(name))) for name in temporal_modules()}
    assert {name: found for name, found in taken.items() if found} == {}


def test_private_names_are_found() -> None:
    """The private-name check sees an imported private name and one read off a module."""
    source = (
        "from conflict_events.temporal.fuzzy import _secret, FuzzyDate\n"
        "from conflict_events.temporal import span as spans\n"
        "spans._hidden(spans.Span, _own, span.__name__)\n"
    )
    found = sorted(private_imports(f"{TEMPORAL}.resolve", ast.parse(source)))
    assert found == [
        "imports _secret from conflict_events.temporal.fuzzy",
        "reads spans._hidden",
    ]


_SPY = r"""
import builtins, importlib, importlib.util, json, sys

prefix, names = sys.argv[1], sys.argv[2:]
real = builtins.__import__
found = []


def half_run(name):
    spec = getattr(sys.modules.get(name), "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


def submodule(name, item):
    if item == "*" or not hasattr(sys.modules.get(name), "__path__"):
        return False
    return importlib.util.find_spec(f"{name}.{item}") is not None


def spy(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "")
    if level == 0 and (importer == prefix or importer.startswith(prefix + ".")):
        targets = [] if fromlist else [name]
        for item in fromlist or ():
            sub = f"{name}.{item}"
            if sub in sys.modules:
                targets.append(sub)
            elif not submodule(name, item):
                # A name taken from the module itself, which must have run.
                targets.append(name)
        found.extend([importer, t] for t in targets if t != importer and half_run(t))
    return real(name, globals, locals, fromlist, level)


builtins.__import__ = spy
for name in names:
    importlib.import_module(name)
print(json.dumps(found))
"""


def half_run_imports(prefix: str, names: list[str], path: str | None = None) -> list[list[str]]:
    """
    (importer, module) pairs where a module under *prefix* imported a module still running.

    Imports *names* in a fresh interpreter (with *path* first on ``sys.path``).
    A module that is still being initialised when another one imports it is
    what a cycle does at run time, whichever of its modules is imported first;
    a package importing its own submodules is not one.
    """
    result = subprocess.run(
        [sys.executable, "-c", _SPY, prefix, *names],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": path} if path else None,
    )
    return [list(pair) for pair in json.loads(result.stdout)]


def test_half_run_imports_are_found(tmp_path: Path) -> None:
    """The run-time check sees a cycle, and not a package importing its submodule."""
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("from cyclic import a\n", encoding="utf-8")
    (package / "a.py").write_text("import cyclic.b\n", encoding="utf-8")
    (package / "b.py").write_text("from cyclic.a import __name__ as _\n", encoding="utf-8")
    assert half_run_imports("cyclic", ["cyclic"], str(tmp_path)) == [["cyclic.b", "cyclic.a"]]


def test_no_temporal_module_imports_a_half_run_one() -> None:
    """In a fresh interpreter, no temporal module's import finds the module it names half run."""
    assert half_run_imports(TEMPORAL, temporal_modules()) == []
