"""Every citation of a reference file resolves inside the installed package, and
`flopgrid data sources` prints title, publisher, year and link for what a value cites."""

from __future__ import annotations

import re

import pytest

from flopgrid.scenario import citations
from flopgrid.scenario.dataset import load_default
from flopgrid.scenario.provenance import iter_values


def _values():
    data, _ = load_default()
    return list(iter_values(data))


def test_every_cited_reference_file_is_packaged() -> None:
    cited = [(v.path, f) for v in _values() for f in citations.cited_files(v.source)]
    assert len(cited) > 50  # the dataset leans on figures.md (88 citations): the check has work
    missing = [(p, f) for p, f in cited if not (citations.reference_dir() / f).is_file()]
    assert not missing, missing[:10]


def test_a_citation_of_a_file_not_packaged_does_not_resolve() -> None:
    text = "as recorded in reference/nowhere.md"
    assert citations.cited_files(text) == ["nowhere.md"]
    assert citations.missing_files(text) == ["nowhere.md"]
    assert citations.resolve("power.x", text) == []


def test_figures_citations_resolve_to_the_packaged_section() -> None:
    figures = (citations.reference_dir() / "figures.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (.+)$", figures, flags=re.M))
    sections = citations.table()["files"]["figures.md"]["sections"]
    assert set(sections.values()) <= headings
    for v in _values():
        if "figures.md" not in v.source:
            continue
        refs = citations.resolve(v.path, v.source)
        packaged = [r for r in refs if r.link.startswith("flopgrid/data/reference/figures.md")]
        assert packaged, (v.path, v.source)


def test_publications_are_complete_and_named_in_the_dataset() -> None:
    pubs = citations.table()["publications"]
    texts = " ".join(v.source.lower() for v in _values())
    for key, pub in pubs.items():
        assert pub["title"] and pub["publisher"], key
        assert re.fullmatch(r"(19|20)\d\d", str(pub["year"])), key
        assert pub["link"].startswith(("https://", "flopgrid/data/reference/")), key
        assert any(p.lower() in texts for p in pub["cited_as"]), f"{key} is cited nowhere"


@pytest.mark.parametrize(
    ("text", "title", "publisher", "year", "citation"),
    [
        (
            "2026/2027 BRA ELCC Class Ratings (final), PJM Interconnection, 2025, "
            "https://www.pjm.com/x.pdf",
            "2026/2027 BRA ELCC Class Ratings (final)",
            "PJM Interconnection",
            2025,
            "2026/2027 BRA ELCC Class Ratings (final). PJM Interconnection, 2025.",
        ),
        (  # a publisher in lower case follows a comma: no sentence starts 'lopoc'
            "AWS region coordinates (aws_regions), lopoc/defcon31, 2023, repo lopoc/defcon31:a.py",
            "AWS region coordinates (aws_regions)",
            "lopoc/defcon31",
            2023,
            "AWS region coordinates (aws_regions), lopoc/defcon31, 2023.",
        ),
        (
            "a bottom-up estimate (see https://example.org/a)",
            "Link named in the source text",
            "example.org",
            "n.d.",
            "Link named in the source text, example.org, n.d.",
        ),
    ],
)
def test_a_reference_written_in_the_text_is_read(text, title, publisher, year, citation) -> None:
    (ref,) = citations.resolve("countries.US.lat", text)
    assert (ref.title, ref.publisher, ref.year) == (title, publisher, year)
    assert ref.link.startswith("https://")
    assert ref.citation() == citation


def test_no_citation_starts_a_sentence_in_lower_case() -> None:
    lower = set()
    for v in _values():
        for ref in citations.resolve(v.path, v.source):
            after_title = ref.citation()[len(ref.title.rstrip(".")) :]
            if re.match(r"\. [a-z]", after_title):  # 'by 2030. as reported by Veridicor'
                lower.add(ref.citation())
    assert not lower, sorted(lower)[:5]


def test_nrel_citation_names_title_publisher_year_and_link() -> None:
    text = "NREL Annual Technology Baseline via PyPSA technology-data: 1,689 USD/kW"
    lines = [r.line() for r in citations.resolve("power.onshore_wind.capex_usd_per_kw", text)]
    assert any("Annual Technology Baseline" in s and "NREL" in s and "2024" in s for s in lines)
    assert any("https://github.com/PyPSA/technology-data" in s for s in lines)
