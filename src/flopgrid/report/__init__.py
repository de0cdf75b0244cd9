"""Plotly figures of a Result and the self-contained HTML report.

from flopgrid.report import write_report, write_comparison
write_report(result, "report.html")
result_plots = ResultPlots(result)   # or flopgrid.plots(result)
"""

from .figures import FIGURES, compare_headlines
from .html import comparison_html, report_html, write_comparison, write_report
from .plots import ResultPlots

__all__ = [
    "FIGURES",
    "ResultPlots",
    "compare_headlines",
    "comparison_html",
    "report_html",
    "write_comparison",
    "write_report",
]
