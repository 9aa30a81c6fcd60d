"""Every action the access log records, by name, as the apps declare them.

Each app that writes the access log declares its actions in ``<app>/audit_actions.py``
(``READS`` and ``WRITES``); this module collects them from the installed apps, so the access log
knows no domain app by name. The data protection officer's search offers these without reading
the log: a DISTINCT over a large municipality's 3 million events took 2.8 s
(docs/performance.md). ``audit_record`` warns about a name missing here, and refuses it when
``HELHET_AUDIT_STRICT_ACTIONS`` is on, as it is in the test suite, so the declarations cannot
silently fall behind the code.
"""

from __future__ import annotations

import functools
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@functools.cache
def _declared() -> tuple[frozenset[str], frozenset[str]]:
    reads: set[str] = set()
    writes: set[str] = set()
    for config in apps.get_app_configs():
        name = f"{config.name}.audit_actions"
        if not config.name.startswith("helhet.") or find_spec(name) is None:
            continue
        module = import_module(name)
        reads |= module.READS
        writes |= module.WRITES
    return frozenset(reads), frozenset(writes)


def read_actions() -> frozenset[str]:
    """The actions that record a read of personal data."""
    return _declared()[0]


def all_actions() -> frozenset[str]:
    reads, writes = _declared()
    return reads | writes


def __getattr__(name: str):
    # ``ACTIONS`` and ``READS`` read like constants, collected once the apps are loaded.
    if name == "ACTIONS":
        return all_actions()
    if name in {"READS", "_READS"}:
        return read_actions()
    raise AttributeError(name)
