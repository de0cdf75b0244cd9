"""What each dataset value rests on: every leaf value and the source that covers it.

A mapping may carry ``sources`` (field path -> source text) and ``confidence``
(field path -> high|medium|low). A value is covered by the nearest enclosing
mapping whose ``sources`` names its path relative to that mapping, or a prefix of
it (``wafers_per_year`` covers ``wafers_per_year.by_year.2026``).
"""

from __future__ import annotations

from dataclasses import dataclass

#: descriptive fields that are labels, not quantities, and need no source
LABELS = frozenset(
    {
        "sources",
        "confidence",
        "vendor",
        "family",
        "foundry",
        "projection",
        "name",
        "hub_city",
        "kind",
        "title",
        "description",
        "flopgrid",
        "extends",
        "iea_region",
    }
)


@dataclass(frozen=True)
class SourcedValue:
    path: str
    value: object
    source: str
    confidence: str


def _covering(rel: tuple, table: dict) -> tuple[str | None, str | None]:
    for n in range(len(rel), 0, -1):
        key = ".".join(str(p) for p in rel[:n])
        if key in table:
            return key, table[key]
    return None, None


def iter_values(data: dict, path: tuple = (), owners: tuple = ()):
    """Yield a :class:`SourcedValue` for every leaf (source '' when uncovered)."""
    if isinstance(data, dict) and isinstance(data.get("sources"), dict):
        owners = (*owners, (path, data.get("sources", {}), data.get("confidence", {}) or {}))
    if isinstance(data, dict):
        for key, value in data.items():
            if key in LABELS:
                continue
            yield from iter_values(value, (*path, key), owners)
        return
    source, level = "", "medium"
    for owner_path, sources, confidence in reversed(owners):
        rel = path[len(owner_path) :]
        key, text = _covering(rel, sources)
        if key is not None:
            source = text or ""
            _, lvl = _covering(rel, confidence)
            level = lvl or "medium"
            break
    yield SourcedValue(".".join(str(p) for p in path), data, source, level)
