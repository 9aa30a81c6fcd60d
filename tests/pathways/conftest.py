"""The absence signals' school, with its two pupils (tests/signals/conftest.py)."""

from tests.signals.conftest import school  # noqa: F401
