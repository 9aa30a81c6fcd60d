"""Layout rules a review misses: the doors parse and ask; rules and queries live behind them.

- The API never imports the web's forms: a rule lives in a service or selector, so both doors
  answer it the same (forms and serializers only parse).
- Views and API views do not query models directly (``Model.objects…``); they call selectors,
  services and the access policy. The views that still do are listed with their number of
  direct queries, so the list can only shrink.
"""

from __future__ import annotations

import ast
from pathlib import Path

import helhet

PACKAGE = Path(helhet.__file__).parent

# Direct model queries still in the doors (file -> count), to move into selectors.
STILL_QUERYING = {
    "api/views/directory.py": 2,
    "api/views/people.py": 1,
    "api/views/plans/common.py": 1,
    "api/views/plans/evaluations.py": 2,
    "api/views/plans/goals.py": 3,
    "api/views/plans/meetings.py": 2,
    "api/views/relay/handovers.py": 1,
    "api/views/relay/steering.py": 1,
    "api/views/tasks.py": 2,
    "accounts/views.py": 1,
}


def _doors() -> list[Path]:
    files = [*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/views/**/*.py")]
    return sorted(f for f in files if f.name != "__init__.py" or f.stat().st_size)


def _direct_queries(path: Path) -> int:
    tree = ast.parse(path.read_text(), filename=str(path))
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id[:1].isupper()
    )


def test_the_api_never_imports_the_webs_forms():
    offenders = []
    for path in sorted((PACKAGE / "api").rglob("*.py")):
        if path.name == "web.py":  # the tokens page: a web page that lives with the API app
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders += [
                f"{path.relative_to(PACKAGE)}: {name}"
                for name in names
                if name.startswith("helhet.") and (".forms" in name or name.endswith("forms"))
            ]
    assert offenders == []


def test_views_do_not_query_models_directly_beyond_the_known_list():
    found = {}
    for path in _doors():
        count = _direct_queries(path)
        if count:
            found[str(path.relative_to(PACKAGE))] = count
    grown = {name: count for name, count in found.items() if count > STILL_QUERYING.get(name, 0)}
    assert grown == {}, "move these queries into a selector (or the access policy)"
    # A view that stopped querying leaves the list, so it cannot start again unnoticed.
    assert {name: found.get(name, 0) for name in STILL_QUERYING} == STILL_QUERYING
