"""
Every regular expression of the project runs in time linear in its subject.

The patterns are collected twice: at run time, every `re.Pattern` reachable from
a module of `conflict_events` (module globals, class attributes and the lists,
tuples and dicts they hold), and in the source, every call ``re.<function>(...)``
whose pattern can be evaluated in its module. Each is then checked on its parse
tree (`re._parser`), without timing anything, against the shapes that make
CPython's backtracking engine super-linear:

* **nested repeats**: a repeat of more than one whose body itself repeats more
  than once, with one of the two unbounded (``(a+)+``, ``(?:\\d{1,3})*``);
* **ambiguous repeats**: an unbounded repeat whose body can match empty
  (``(a?)*``) or starts with alternatives that share a first character and are
  not a prefix-free set of literals (``(?:\\w|\\d)+``);
* **overlapping runs**: an unbounded repeat followed, on some path through the
  pattern, by another one whose characters overlap its own, with every
  character matched in between also matchable by both (``\\d*\\d*``,
  ``.+? and .+``, ``[a-z0-9]*\\d[a-z0-9]*``). A character in between that one
  of the two runs cannot match pins where the first run ends, so the second
  one runs once per pinned place;
* **rescanned runs under search**: for a pattern used with ``search``, ``sub``,
  ``split``, ``findall`` or ``finditer`` (or whose use is unknown) and not
  anchored at the start, the search tries every start, as if the pattern began
  with ``.*?``; an unbounded repeat it can reach before any character that
  pins it, followed by something that can still fail, rescans its run from
  every start inside it (``\\s*,``).

Possessive repeats and atomic groups never backtrack and are exempt. A pattern
outside the temporal layer that fails is marked ``xfail(strict=True)`` with the
reason, until its module is fixed.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse
from types import ModuleType
from typing import Any

import pytest

import conflict_events

PACKAGE = Path(conflict_events.__file__).parent
ANCHORED_METHODS = frozenset({"match", "fullmatch"})
SEARCH_METHODS = frozenset({"search", "sub", "subn", "split", "findall", "finditer"})
METHODS = ANCHORED_METHODS | SEARCH_METHODS
#: Where a re.compile call's pattern is a local name, where the compiled pattern
#: ends up and the name it is used through: (module, local name) -> (container, item name).
DYNAMIC = {
    ("conflict_events.temporal.resolve", "pattern"): ("_TABLE", "pattern"),
}
#: Patterns outside the temporal layer known to fail, with the reason: (module, pattern) -> reason.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


# -- collection -----------------------------------------------------------------------


@dataclass
class Found:
    """One pattern, where it was found and how the project uses it."""

    pattern: re.Pattern[str]
    where: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    modes: set[str] = field(default_factory=set)  # "anchored", "search"; empty: unknown


def _modules() -> list[ModuleType]:
    names = [conflict_events.__name__]
    names += [
        info.name
        for info in pkgutil.walk_packages(conflict_events.__path__, f"{conflict_events.__name__}.")
    ]
    # __main__ runs the command line when imported; it holds no pattern (checked below).
    return [
        importlib.import_module(name) for name in sorted(names) if not name.endswith("__main__")
    ]


def _source(module: ModuleType) -> str:
    return Path(module.__file__ or "").read_text(encoding="utf-8")


def _reachable(value: object, path: str, depth: int, seen: set[int]) -> Iterator[tuple[str, Any]]:
    """Every (path, pattern) reachable from *value* through containers and classes."""
    if id(value) in seen or depth > 4:
        return
    seen.add(id(value))
    if isinstance(value, re.Pattern):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _reachable(item, f"{path}[{key!r}]", depth + 1, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _reachable(item, f"{path}[{index}]", depth + 1, seen)
    elif isinstance(value, type):
        for name, item in vars(value).items():
            yield from _reachable(item, f"{path}.{name}", depth + 1, seen)


def _method_uses(modules: list[ModuleType]) -> dict[str, set[str]]:
    """For every name a regex method is called on (``X.fullmatch(``), the methods called."""
    uses: dict[str, set[str]] = {}
    for module in modules:
        for node in ast.walk(ast.parse(_source(module))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in METHODS
            ):
                owner = node.func.value
                name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
                if name and name != "re":
                    uses.setdefault(name, set()).add(node.func.attr)
    return uses


def _modes(methods: set[str]) -> set[str]:
    return {"anchored" if method in ANCHORED_METHODS else "search" for method in methods}


# Position of the flags argument of each function of `re`.
_FLAGS_AT = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "split": 3, "findall": 2,
             "finditer": 2, "sub": 4, "subn": 4}  # fmt: skip


def _evaluate(node: ast.expr, module: ModuleType) -> Any:
    # `re` too, for a module that imports it inside a function.
    namespace = {"re": re, **vars(module)}
    return eval(compile(ast.Expression(node), "<pattern>", "eval"), namespace)  # noqa: S307


def _source_calls(module: ModuleType) -> Iterator[tuple[str, int, ast.Call, str]]:
    for node in ast.walk(ast.parse(_source(module))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _FLAGS_AT
            and node.args
        ):
            yield node.func.attr, node.lineno, node, module.__name__


def collect() -> tuple[dict[tuple[str, int], Found], list[str]]:
    """Every pattern of the project, keyed by (pattern, flags), and the unexplained sites."""
    modules = _modules()
    uses = _method_uses(modules)
    found: dict[tuple[str, int], Found] = {}
    unexplained: list[str] = []

    def add(pattern: re.Pattern[str], where: str, module: str, modes: set[str]) -> None:
        entry = found.setdefault((pattern.pattern, pattern.flags), Found(pattern))
        entry.where.add(where)
        entry.modules.add(module)
        entry.modes |= modes

    for module in modules:
        seen: set[int] = set()
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ != module.__name__:
                continue
            for path, pattern in _reachable(value, name, 0, seen):
                used_as = path.split("[")[0].split(".")[-1]
                for (home, _), (container, item) in DYNAMIC.items():
                    if home == module.__name__ and path.startswith(f"{container}["):
                        used_as = item
                add(
                    pattern,
                    f"{module.__name__}.{path}",
                    module.__name__,
                    _modes(uses.get(used_as, set())),
                )
        for function, line, call, home in _source_calls(module):
            site = f"{home}:{line}"
            try:
                text = _evaluate(call.args[0], module)
                at = _FLAGS_AT[function]
                flags_node = next((k.value for k in call.keywords if k.arg == "flags"), None)
                if flags_node is None and len(call.args) > at:
                    flags_node = call.args[at]
                flags = _evaluate(flags_node, module) if flags_node is not None else 0
            except NameError:
                local = call.args[0].id if isinstance(call.args[0], ast.Name) else ""
                if (home, local) not in DYNAMIC:
                    unexplained.append(site)
                continue
            modes = set() if function == "compile" else _modes({function})
            add(re.compile(text, flags), site, home, modes)
    return found, unexplained


FOUND, UNEXPLAINED = collect()


# -- structure ------------------------------------------------------------------------

_SAMPLES = string.printable + "\x00\x85\xa0é٣ßİ\u2013\u2019\u3000\U0001d7d8"
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}  # fmt: skip
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


class Analysis:
    """The structural checks of one pattern; `problems` says what makes it super-linear."""

    def __init__(self, pattern: re.Pattern[str], *, search: bool) -> None:
        self.flags = pattern.flags
        self.tree = list(sre_parse.parse(pattern.pattern, pattern.flags))
        literals = {chr(av) for op, av in self._nodes(self.tree) if op == sre.LITERAL}
        self.alphabet = frozenset(_SAMPLES) | literals
        self.problems: list[str] = []
        self._walk(self.tree, ())
        if search and not self._anchored_at_start():
            self._check_search()

    # characters -------------------------------------------------------------------

    def _nodes(self, seq: Any) -> Iterator[tuple[Any, Any]]:
        for op, av in seq:
            yield op, av
            for child in self._children(op, av):
                yield from self._nodes(child)

    @staticmethod
    def _children(op: Any, av: Any) -> list[Any]:
        if op in _REPEATS:
            return [av[2]]
        if op is sre.SUBPATTERN:
            return [av[3]]
        if op is sre.ATOMIC_GROUP:
            return [av]
        if op is sre.BRANCH:
            return list(av[1])
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return [av[1]]
        if op is sre.GROUPREF_EXISTS:
            return [branch for branch in av[1:] if branch is not None]
        return []

    def _in(self, items: Any, char: str) -> bool:
        negate = bool(items) and items[0][0] is sre.NEGATE
        hit = False
        for op, av in items[1:] if negate else items:
            if op is sre.LITERAL:
                hit = hit or chr(av) == char
            elif op is sre.RANGE:
                hit = hit or av[0] <= ord(char) <= av[1]
            elif op is sre.CATEGORY:
                ascii_only = re.ASCII if self.flags & re.ASCII else 0
                hit = hit or re.fullmatch(_CATEGORIES.get(av, r"\w"), char, ascii_only) is not None
        return hit != negate

    def _atom(self, op: Any, av: Any) -> frozenset[str] | None:
        """The characters an atom matches, or None when *op* is not an atom."""
        variants = (
            (lambda c: {c, c.lower(), c.upper()}) if self.flags & re.IGNORECASE else (lambda c: {c})
        )
        if op is sre.LITERAL:
            test = lambda c: chr(av) in variants(c)  # noqa: E731
        elif op is sre.NOT_LITERAL:
            test = lambda c: chr(av) not in variants(c)  # noqa: E731
        elif op is sre.ANY:
            test = lambda c: c != "\n" or bool(self.flags & re.DOTALL)  # noqa: E731
        elif op is sre.IN:
            test = lambda c: any(self._in(av, v) for v in variants(c))  # noqa: E731
        else:
            return None
        return frozenset(c for c in self.alphabet if test(c))

    def chars(self, seq: Any) -> frozenset[str]:
        """Every character *seq* can consume."""
        result: set[str] = set()
        for op, av in seq:
            atom = self._atom(op, av)
            if atom is not None:
                result |= atom
            elif op is sre.GROUPREF:
                result |= self.alphabet
            elif op not in _ZERO_WIDTH:
                for child in self._children(op, av):
                    result |= self.chars(child)
        return frozenset(result)

    def nullable(self, seq: Any) -> bool:
        """True when *seq* can match the empty string."""
        for op, av in seq:
            if op in _ZERO_WIDTH or op is sre.GROUPREF:
                continue
            if self._atom(op, av) is not None:
                return False
            if op in _REPEATS:
                if av[0] > 0 and not self.nullable(av[2]):
                    return False
            elif op is sre.BRANCH:
                if not any(self.nullable(branch) for branch in av[1]):
                    return False
            elif op is sre.GROUPREF_EXISTS:
                if not all(b is None or self.nullable(b) for b in av[1:]):
                    return False
            elif not all(self.nullable(child) for child in self._children(op, av)):
                return False
        return True

    def _literals(self, seq: Any) -> set[str] | None:
        """The finite set of strings *seq* matches when it is literals only (assertions ignored)."""
        strings = {""}
        for op, av in seq:
            if op in _ZERO_WIDTH:
                continue
            if op is sre.LITERAL and not self.flags & re.IGNORECASE:
                options = {chr(av)}
            elif op is sre.SUBPATTERN:
                options = self._literals(av[3])
            elif op is sre.BRANCH:
                parts = [self._literals(branch) for branch in av[1]]
                options = None if any(p is None for p in parts) else set().union(*parts)  # type: ignore[arg-type]
            else:
                return None
            if options is None:
                return None
            strings = {head + tail for head in strings for tail in options}
        return strings

    def _first(self, seq: Any) -> frozenset[str]:
        """The characters *seq* can start with."""
        result: set[str] = set()
        for op, av in seq:
            if op in _ZERO_WIDTH:
                continue
            atom = self._atom(op, av)
            if atom is not None:
                return frozenset(result | atom)
            if op is sre.BRANCH:
                for branch in av[1]:
                    result |= self._first(branch)
            else:
                for child in self._children(op, av):
                    result |= self._first(child)
            if not self.nullable([(op, av)]):
                return frozenset(result)
        return frozenset(result)

    # checks -----------------------------------------------------------------------

    @staticmethod
    def _unbounded(op: Any, av: Any) -> bool:
        return op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] == sre.MAXREPEAT

    def _repeats_within(self, seq: Any) -> Iterator[tuple[Any, Any]]:
        for op, av in self._nodes(seq):
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] > 1 and av[0] != av[1]:
                yield op, av  # a fixed count ({3}) is a sequence, not a choice

    def _walk(self, seq: Any, cont: tuple[Any, ...]) -> None:
        """Check every repeat of *seq*, whose continuation is *cont* (lists of nodes)."""
        items = list(seq)
        for index, (op, av) in enumerate(items):
            after = (items[index + 1 :], *cont)
            if op is sre.POSSESSIVE_REPEAT or op is sre.ATOMIC_GROUP:
                continue  # no backtracking into them
            if op in _REPEATS:
                body = av[2]
                if av[1] > 1:
                    for inner_op, inner in self._repeats_within(body):
                        if self._unbounded(op, av) or self._unbounded(inner_op, inner):
                            self.problems.append("a repeat whose body repeats (nested quantifiers)")
                if self._unbounded(op, av):
                    self._check_body(body)
                    self._check_runs(self.chars(body), after)
                self._walk(body, after)
            elif op is sre.SUBPATTERN:
                self._walk(av[3], after)
            elif op is sre.BRANCH:
                for branch in av[1]:
                    self._walk(branch, after)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                self._walk(av[1], ())
            elif op is sre.GROUPREF_EXISTS:
                for branch in av[1:]:
                    if branch is not None:
                        self._walk(branch, after)

    def _check_body(self, body: Any) -> None:
        """An unbounded repeat's body must split a run into iterations one way only."""
        if self.nullable(body):
            self.problems.append("an unbounded repeat whose body can match empty")
            return
        if len(body) == 1 and self._atom(*body[0]) is not None:
            return
        words = self._literals(body)
        if words is not None:
            if any(a != b and b.startswith(a) for a in words for b in words):
                self.problems.append("an unbounded repeat over words one of which starts another")
            return
        first = self._first(body)
        for op, av in self._nodes(body):
            repeat = op in (sre.MAX_REPEAT, sre.MIN_REPEAT)  # a possessive one does not choose
            varying = op is sre.BRANCH or (repeat and av[0] != av[1])
            if varying and first & self.chars([(op, av)]):
                self.problems.append("an unbounded repeat whose body varies in what it starts with")
                return

    def _paths(self, cont: tuple[Any, ...], budget: list[int]) -> Iterator[list[tuple[str, Any]]]:
        """
        The sequences of steps along *cont*, up to and including the first unbounded repeat.

        A step is ("atom", chars, None) or ("repeat", chars, what follows the
        repeat); optional parts and alternatives fork the path.
        """
        budget[0] -= 1
        if budget[0] < 0:
            yield [("repeat", self.alphabet, ())]  # too many paths: assume the worst
            return
        if not cont:
            yield []
            return
        head, rest = list(cont[0]), cont[1:]
        if not head:
            yield from self._paths(rest, budget)
            return
        (op, av), tail = head[0], (head[1:], *rest)
        atom = self._atom(op, av)
        if atom is not None:
            for path in self._paths(tail, budget):
                yield [("atom", atom, None), *path]
        elif op in _ZERO_WIDTH or op is sre.GROUPREF:
            yield from self._paths(tail, budget)
        elif op in _REPEATS and (self._unbounded(op, av) or op is sre.POSSESSIVE_REPEAT):
            yield [("repeat", self.chars(av[2]), tail)]
        elif op in _REPEATS:
            if av[0] == 0:
                yield from self._paths(tail, budget)
            if av[1] > 0:
                yield from self._paths((av[2], *tail), budget)
        elif op is sre.SUBPATTERN:
            yield from self._paths((av[3], *tail), budget)
        elif op is sre.ATOMIC_GROUP:
            yield from self._paths((av, *tail), budget)
        elif op is sre.BRANCH:
            for branch in av[1]:
                yield from self._paths((branch, *tail), budget)
        elif op is sre.GROUPREF_EXISTS:
            for branch in av[1:]:
                yield from self._paths(((branch or []), *tail), budget)

    def _check_runs(self, run: frozenset[str], cont: tuple[Any, ...]) -> None:
        """Flag a later unbounded repeat that overlaps *run* with nothing pinning the two apart."""
        for path in self._paths(cont, [10_000]):
            between = [chars for kind, chars, _ in path if kind == "atom"]
            if any(not chars & run for chars in between):
                continue  # a character the first run cannot match ends it in one place
            if path and path[-1][0] == "repeat":
                second = path[-1][1]
                if second & run and all(chars & second for chars in between):
                    self.problems.append("two unbounded repeats that overlap with no separator")
                    return

    def _anchored_at_start(self) -> bool:
        for op, av in self.tree:
            if op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
                return True
            if op not in _ZERO_WIDTH:
                return False
        return False

    def _check_search(self) -> None:
        """A search starts everywhere: a reachable run that can then fail is rescanned."""
        for path in self._paths((self.tree,), [10_000]):
            if not path or path[-1][0] != "repeat":
                continue
            _, run, after = path[-1]
            between = [chars for _, chars, _ in path[:-1]]
            if any(not chars & run for chars in between):
                continue  # a start inside the run cannot match what comes before it
            if not self.nullable([node for part in after for node in part]):
                self.problems.append("under search, a run that is rescanned from every start in it")
                return


def _analyse(found: Found) -> list[str]:
    search = not found.modes or "search" in found.modes
    return Analysis(found.pattern, search=search).problems


def _params() -> list[Any]:
    params = []
    for (text, _flags), found in sorted(FOUND.items()):
        marks = []
        for module in found.modules:
            reason = KNOWN_FAILURES.get((module, text))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
        params.append(pytest.param(found, id=f"{min(found.where)}:{text[:40]}", marks=marks))
    return params


# -- tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("found", _params())
def test_pattern_runs_in_linear_time(found: Found) -> None:
    """No nested repeats, ambiguous repeats, overlapping runs or runs rescanned under search."""
    problems = _analyse(found)
    assert not problems, f"{found.pattern.pattern!r} ({', '.join(sorted(found.where))}): {problems}"


def test_every_compile_site_is_collected() -> None:
    """A re.<function> call whose pattern is a local name is listed in DYNAMIC, with its container."""
    assert UNEXPLAINED == []
    for (module, _), (container, _) in DYNAMIC.items():
        assert any(f"{module}.{container}[" in where for f in FOUND.values() for where in f.where)


def test_main_holds_no_pattern() -> None:
    """The one module not imported, __main__, calls no function of re."""
    assert "re." not in (PACKAGE / "__main__.py").read_text(encoding="utf-8")


def test_collection_finds_the_known_patterns() -> None:
    """The collection reaches module globals, rule tables and inline calls."""
    texts = {text for text, _ in FOUND}
    assert len(FOUND) >= 20
    assert r"(?P<written>[a-z ,./-]*\d[a-z0-9 ,./-]*)" in texts  # resolve._TABLE
    assert r"[A-Za-z_][A-Za-z0-9_]*" in texts  # formats.documents._IDENTIFIER
    assert r"\s+" in texts  # an inline re.sub in resolve._normalise
    written = next(f for (text, _), f in FOUND.items() if text.startswith("(?P<written>"))
    assert written.modes == {"anchored"}


@pytest.mark.parametrize(
    ("pattern", "search"),
    [
        (r"(a+)+", False),
        (r"(?:\d{1,3})*x", False),
        (r"(?:a?)*b", False),
        (r"(?:a|aa)+b", False),
        (r"(?:in|i)+x", False),
        (r"(?:a[ab]?)*c", False),
        (r"\d*\d*x", False),
        (r"\d+[0-9]+$", False),
        (r"[a-z0-9 ,./-]*\d[a-z0-9 ,./-]*", False),
        (r"between (?P<a>.+?) and (?P<rest>.+)", False),
        (r"(?:between (?P<a>.+?) and|from (?P<b>.+?) (?:to|till)) (?P<rest>.+)", False),
        (r"x(?:y|\s*)\s+z", False),
        (r"\s*(?:\||,|\bor\b)\s*", True),
        (r"\d+x", True),
    ],
)
def test_super_linear_shapes_are_found(pattern: str, search: bool) -> None:
    """Each classic super-linear shape is refused."""
    assert Analysis(re.compile(pattern), search=search).problems


@pytest.mark.parametrize(
    ("pattern", "search"),
    [
        (r"[a-z ,./-]*\d[a-z0-9 ,./-]*", False),
        (r"(?P<word>between|from) (?P<pair>.+)", False),
        (r"(?:(?:in|on|during|as of|at(?! least| most)) )*", False),
        (r"line (\d+): (.*)", False),
        (r"\d+-\d+", False),
        (r"[\s_-]+", True),
        (r"\||,|\bor\b", True),
        (r"^\s*,", True),
        (r"(?:\d++)+x", False),
        (r"\d{1,3}(?:,\d{3})*", False),
        (r"(?:\w|\d)+!", False),
        (r"(?:ab?)*c", False),
    ],
)
def test_linear_shapes_pass(pattern: str, search: bool) -> None:
    """Patterns whose runs are pinned apart, or that never backtrack, pass."""
    assert Analysis(re.compile(pattern), search=search).problems == []
