"""The page every report is drawn on: one self-contained HTML file (plotly.js, the
style sheet and the world outline embedded), with tables and charts in the same style."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from .. import __version__
from .geo import geo_assets_script
from .style import CSS

_CONFIG = {"displaylogo": False, "responsive": True}
_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")


def text(s: object) -> str:
    """Escape text and turn its URLs into links."""
    out, last = [], 0
    s = str(s)
    for m in _URL.finditer(s):
        out.append(escape(s[last : m.start()]))
        url = escape(m.group(0))
        out.append(f'<a href="{url}" rel="noopener">{url}</a>')
        last = m.end()
    out.append(escape(s[last:]))
    return "".join(out)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], cls: str = "") -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def chart(name: str, fig: go.Figure, caption: str = "") -> str:
    div = fig.to_html(
        full_html=False, include_plotlyjs=False, div_id=f"fg-{name}-plot", config=_CONFIG
    )
    cap = f'<p class="caption">{escape(caption)}</p>' if caption else ""
    return f'<div class="fg-chart" id="fg-{name}" data-figure="{name}">{div}</div>{cap}'


def page(title: str, nav: list[tuple[str, str]], body: str, subtitle: str = "") -> str:
    links = "".join(f'<a href="#{i}">{escape(t)}</a>' for i, t in nav)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="flopgrid {escape(__version__)}">
<title>{escape(title)}</title>
<style>{CSS}</style>
{geo_assets_script()}
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<header><div class="wrap"><h1>{escape(title)}</h1><p class="sub">{subtitle}</p>
<nav>{links}</nav></div></header>
<main class="wrap">{body}</main>
<footer class="wrap">Written by flopgrid {escape(__version__)}. Money in USD, power in GW,
energy in TWh, emissions in Mt CO2e, compute in h100e (H100-equivalents).</footer>
</body></html>
"""


def write_atomic(path: Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
