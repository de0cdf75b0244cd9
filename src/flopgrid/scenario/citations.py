"""Citations a user can follow from the installed package.

A dataset source text names its source in words ("NREL Annual Technology Baseline via
PyPSA technology-data: 1,689 USD/kW (as recorded in reference/figures.md)"). This module
turns a text into the references it rests on, each with title, publisher, year and link:
publications named by a phrase of ``data/reference/sources.yaml``, links and repositories
written in the text, and reference files (``reference/figures.md``) packaged under
``flopgrid/data/reference/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .dataset import data_dir

#: a reference file named in a source text: "reference/figures.md", or "figures.md" bare
_FILE = re.compile(r"\breference/([A-Za-z0-9_.-]+[A-Za-z0-9])|\b(figures\.md)\b")
_URL = re.compile(r"https?://[^\s,;)\]]+")
_REPO = re.compile(r"\brepo ([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)")
#: files of the packaged dataset itself that a source text may name
_DATASET_FILES = frozenset({"countries.csv", "country_risk.csv"})


@dataclass(frozen=True)
class Reference:
    """One followable source: what it is, who published it, when, and where to find it."""

    title: str
    publisher: str
    year: int | str
    link: str
    note: str = ""

    def citation(self) -> str:
        """Title, publisher and year (and a note on the link), without the link: 'Title.
        Publisher, 2025.'; a publisher written in lower case (a host name 'github.com', 'as
        reported by Veridicor') follows the title after a comma, never a full stop."""
        note = f" ({self.note})" if self.note else ""
        year = str(self.year).rstrip(".")
        joint = ", " if self.publisher[:1].islower() else ". "
        return f"{self.title.rstrip('.')}{joint}{self.publisher}, {year}.{note}"

    def line(self) -> str:
        return f"{self.citation()} {self.link}"


def reference_dir() -> Path:
    """The packaged reference folder: figures.md and the sources table."""
    return data_dir() / "reference"


@cache
def table() -> dict:
    """``sources.yaml``: ``files`` (packaged reference files) and ``publications``."""
    return yaml.safe_load((reference_dir() / "sources.yaml").read_text(encoding="utf-8"))


def cited_files(text: str) -> list[str]:
    """The reference files a source text cites (names only, in order, once each)."""
    names = [m.group(1) or m.group(2) for m in _FILE.finditer(text)]
    return list(dict.fromkeys(n for n in names if n not in _DATASET_FILES))


def missing_files(text: str) -> list[str]:
    """Cited reference files that are not in the installed package."""
    return [n for n in cited_files(text) if not (reference_dir() / n).is_file()]


def resolve(path: str, text: str) -> list[Reference]:
    """The references behind the source ``text`` of the dataset value at ``path``."""
    refs: list[Reference] = []
    lowered = text.lower()
    for pub in table()["publications"].values():
        if any(p.lower() in lowered for p in pub["cited_as"]):
            refs.append(
                Reference(
                    pub["title"], pub["publisher"], pub["year"], pub["link"], pub.get("note", "")
                )
            )
    links = [*_URL.findall(text), *(f"https://github.com/{r}" for r in _REPO.findall(text))]
    for link in dict.fromkeys(u.rstrip(":.") for u in links):
        if not any(r.link.rstrip("/") == link.rstrip("/") for r in refs):
            refs.append(_written(text, link))
    files = table()["files"]
    for name in cited_files(text):
        if name in files and (reference_dir() / name).is_file():
            f = files[name]
            section = f.get("sections", {}).get(path.split(".")[0])
            where = f"flopgrid/data/reference/{name}" + (
                f", section '{section}'" if section else ""
            )
            refs.append(Reference(f["title"], f["publisher"], f["year"], where, "packaged"))
    return refs


#: "Title, Publisher, Year, " (and "repo ") just before a link: the dataset's own format
_FORMAL = re.compile(
    r"(?:^|;\s*)(?P<title>[^;]+?), (?P<publisher>[^,;()]+), "
    r"(?P<year>(?:19|20)\d\d)(?: data)?,\s*(?:repo\s+)?$"
)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _written(text: str, link: str) -> Reference:
    """A reference written out in the text as 'Title, Publisher, Year, link' (the format
    of docs/dataset-format.md); a link in other words is given with its host."""
    body = re.sub(r"^\[[^\]]*\]\s*", "", text)
    repo = link.removeprefix("https://github.com/")
    head = body.split(f"repo {repo}")[0] if f"repo {repo}" in body else body.split(link)[0]
    m = _FORMAL.search(head.rstrip())
    if m and _balanced(m["title"]):  # not the tail of a clause of prose
        return Reference(m["title"].strip(), m["publisher"].strip(), int(m["year"]), link)
    host = re.sub(r"^https?://(www\.)?", "", link).split("/")[0]
    return Reference("Link named in the source text", host, "n.d.", link)
