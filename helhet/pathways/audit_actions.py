"""The access-log actions of pathways."""

from __future__ import annotations

READS = frozenset({"pathway.read"})
WRITES = frozenset(
    {"pathway.start", "pathway.step_done", "pathway.stop", "pathway_template.import"}
)
