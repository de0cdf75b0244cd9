"""The compare report's headline panel: titles that do not run into each other or into
the ticks above them, and axes that hold every bar and its value label (checked on the
figure's layout, as a browser would place it, rather than on a screenshot)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flopgrid.report.compare import HEADLINE_METRICS, compare_headlines

#: the narrowest plot the report page gives a chart [px] (a 1,000 px wide window)
PLOT_WIDTH = 1000
#: a line of text at font size f takes about 1.3 f px, a character about 0.6 f px
LINE, CHAR = 1.3, 0.6


def _run(i: int, scale: float) -> SimpleNamespace:
    totals = {
        "capex_usd": 145e9 * scale,
        "peak_accelerators": 870_000 * scale,
        "peak_facility_power_gw": 4.3 * scale,
        "energy_twh": 1_450 * scale,
        "emissions_mt": 98 * scale,
        "new_fabs": 0,  # all zero: an axis of nothing still has a range
        "unserved_h100e_years": 161_000 * (i % 3),
    }
    summary = {"objective_usd": 95e9 * scale, "totals": totals}
    meta = {"scenario": "abu-dhabi-5gw", "overrides": [f"discount_rate=0.0{i}"]}
    return SimpleNamespace(summary=summary, meta=meta)


@pytest.fixture(params=[2, 3, 8, 10], ids=lambda n: f"{n}-runs")
def runs(request) -> list[SimpleNamespace]:
    return [_run(i, 1 + 0.37 * i) for i in range(request.param)]


def _plot_px(fig) -> tuple[float, float]:
    m = fig.layout.margin
    return fig.layout.height - m.t - m.b, PLOT_WIDTH - m.l - m.r


def test_titles_leave_room_for_each_other_and_for_ticks(runs) -> None:
    fig = compare_headlines(runs)
    high, wide = _plot_px(fig)
    titles = [a for a in fig.layout.annotations if a.yref == "paper"]
    assert len(titles) == len(HEADLINE_METRICS)
    size = fig.layout.annotations[0].font.size
    rows = sorted({round(a.y, 6) for a in titles}, reverse=True)
    assert len(rows) == 2
    lines = max(a.text.count("<br>") + 1 for a in titles)
    title_px = lines * LINE * size
    # tick labels and their offset, turned upright if crowded ("#10" then stands 3 high)
    tick_size = fig.layout.xaxis.tickfont.size
    tick_px = max(LINE, len(f"#{len(runs)}") * CHAR) * tick_size + 6
    upper_axis_bottom = fig.layout.yaxis.domain[0]  # row 1, column 1
    # the lower titles end below the upper row's tick labels
    assert (upper_axis_bottom - rows[1]) * high >= title_px + tick_px
    # the upper titles end below the figure's title (in the top margin)
    title_font = fig.layout.title.font.size
    assert rows[0] * high + title_px <= high + fig.layout.margin.t - LINE * title_font - 10
    # side by side, no title line is wider than its column and the gap beside it
    pitch = (fig.layout.xaxis.domain[1] - fig.layout.xaxis.domain[0] + 0.07) * wide
    for a in titles:
        for line in a.text.split("<br>"):
            assert len(line) * CHAR * size <= pitch, line


def test_axes_hold_every_bar_and_its_label(runs) -> None:
    fig = compare_headlines(runs)
    high, _ = _plot_px(fig)
    n = len(runs)
    assert len(fig.data) == n * len(HEADLINE_METRICS)
    assert sum(bool(t.showlegend) for t in fig.data) == n  # one legend entry a run
    for k, (_, _, get, div) in enumerate(HEADLINE_METRICS.values()):
        bars = fig.data[k * n : (k + 1) * n]
        axis = fig.layout[bars[0].yaxis.replace("y", "yaxis")]
        low, top = axis.range
        axis_px = (axis.domain[1] - axis.domain[0]) * high
        per_px = (top - low) / axis_px
        for run, bar in zip(runs, bars, strict=True):
            value = bar.y[0]
            assert value == pytest.approx(get(run.summary) / div)  # the bar is the figure
            assert bar.textposition == "outside" and bar.cliponaxis is False
            size = max(bar.textfont.size, fig.layout.uniformtext.minsize or 0)
            upright = bar.textangle in (0, None)  # else written upwards: as tall as it is long
            label_px = LINE * size if upright else len(bar.text[0]) * CHAR * size
            assert low <= min(value, 0.0)
            assert value + label_px * per_px <= top, (bar.name, value, bar.text[0], top)
