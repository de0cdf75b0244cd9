"""What a claim check reads (:class:`Context`) and returns (:class:`Finding`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Context:
    """What checks read: the dataset, the published references and planned seed scenarios."""

    data: dict
    references: dict
    use_model: bool = True
    _plans: dict = field(default_factory=dict)

    def summary(self, scenario: str) -> dict | None:
        """summary.json of a planned seed scenario (planned once), or None without the model."""
        if not self.use_model:
            return None
        if scenario not in self._plans:
            from ..plan import plan

            self._plans[scenario] = plan(scenario).summary
        return self._plans[scenario]

    def ref(self, name: str) -> dict:
        return self.references[name]


@dataclass
class Finding:
    id: str
    claim: str
    claim_source: str
    implied: str  # the implied quantity in words, with its value
    value: float
    unit: str
    reference: str  # what the range rests on
    reference_range: tuple[float, float]
    verdict: str
    explanation: str
    sources: list[str]
    numbers: dict

    def as_dict(self) -> dict:
        return asdict(self) | {"reference_range": list(self.reference_range)}


def finding(claim: dict, **kw) -> Finding:
    """A Finding about ``claim`` (its id, text and source filled in)."""
    return Finding(id=claim["id"], claim=claim["claim"], claim_source=claim["source"], **kw)


def ref_text(ctx: Context, names: list[str]) -> tuple[str, list[str]]:
    """'label value unit; ...' and the sources of the named published references."""
    parts, sources = [], []
    for name in names:
        r = ctx.ref(name)
        value = r.get("value", r.get("range"))
        shown = f"{value[0]:g}-{value[1]:g}" if isinstance(value, list) else f"{value:g}"
        parts.append(f"{r['label']} {shown} {r['unit']}")
        sources.append(f"{r['label']}: {r['source']}")
    return "; ".join(parts), sources
