"""Layout rules a review misses: the doors parse and ask; rules and queries live behind them.

- The API never imports the web's forms: a rule lives in a service or selector, so both doors
  answer it the same (forms and serializers only parse).
- Views and API views do not query models directly (``Model.objects…``); they call selectors,
  services and the access policy. (An empty ``Model.objects.none()``, which DRF viewsets
  declare for the schema and the router, is no query.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import helhet

PACKAGE = Path(helhet.__file__).parent


def _doors() -> list[Path]:
    files = [*PACKAGE.glob("*/views.py"), *PACKAGE.glob("*/views/**/*.py")]
    return sorted(f for f in files if f.name != "__init__.py" or f.stat().st_size)


def _is_manager(node) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "objects"
        and isinstance(node.value, ast.Name)
        and node.value.id[:1].isupper()
    )


def _direct_queries(path: Path) -> int:
    """``Model.objects…`` in the file, except ``Model.objects.none()``: the empty queryset a
    DRF viewset declares for its schema and router never reaches the database."""
    tree = ast.parse(path.read_text(), filename=str(path))
    managers = sum(1 for node in ast.walk(tree) if _is_manager(node))
    empty = sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "none"
        and _is_manager(node.func.value)
        and not node.args
    )
    return managers - empty


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


def test_views_do_not_query_models_directly():
    found = {}
    for path in _doors():
        count = _direct_queries(path)
        if count:
            found[str(path.relative_to(PACKAGE))] = count
    assert found == {}, "move these queries into a selector (or the access policy)"
