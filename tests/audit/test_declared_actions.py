"""Each app declares the access-log actions it writes; the access log collects them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import helhet
from helhet.audit.actions import all_actions, read_actions

PACKAGE = Path(helhet.__file__).parent
# Actions written through a template: plan changes are f"plan.{change}" (plans/services/common),
# concern decisions f"concern.decide.{status}".
_TEMPLATES = {"plan.": "plans/services", "concern.decide.": "cases/services"}


def _source_strings() -> set[str]:
    strings = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "audit_actions.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return strings


def test_every_declared_action_is_written_somewhere():
    strings = _source_strings()
    unused = set()
    for action in all_actions():
        if action in strings:
            continue
        templated = any(
            action.startswith(prefix) and (action.removeprefix(prefix) in strings)
            for prefix in _TEMPLATES
        )
        if not templated:
            unused.add(action)
    assert unused == set(), "declared in audit_actions.py but written nowhere"


def test_reads_are_a_part_of_all_actions_and_every_app_declares_its_own():
    assert read_actions() <= all_actions()
    declaring = {p.parent.name for p in PACKAGE.glob("*/audit_actions.py")}
    assert {"cases", "people", "consent", "plans", "reminders", "api", "audit"} <= declaring


def test_the_access_log_imports_no_domain_app_for_its_action_list():
    source = (PACKAGE / "audit" / "actions.py").read_text()
    assert not re.search(r"^from helhet\.(?!audit)", source, flags=re.M)
