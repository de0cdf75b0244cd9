"""The report's stylesheet, inlined in every page (no external fonts or files)."""

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --bg: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { background: #0f2a44; color: #fff; padding: 22px 0 0; }
header h1 { margin: 0 0 4px; font-size: 26px; font-weight: 650; }
header .sub { margin: 0 0 14px; color: #c9d6e3; font-size: 14px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 10px 0 12px;
  border-top: 1px solid #2c4a68; }
nav a { color: #e6eef6; text-decoration: none; font-size: 14px; }
nav a:hover { text-decoration: underline; }
section { padding: 10px 0 18px; border-bottom: 1px solid var(--line); }
h2 { font-size: 21px; margin: 22px 0 12px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
a { color: var(--accent); overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px;
  border-bottom: 1px solid var(--line); }
thead th { background: var(--bg); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
table.headline, table.kv { width: auto; min-width: 60%; }
table.headline td:first-child, table.kv td:first-child, table.compare td:first-child {
  color: var(--muted); white-space: nowrap; padding-right: 24px; }
table.headline td:nth-child(2) { font-weight: 600; font-variant-numeric: tabular-nums; }
table.headline thead, table.kv thead { display: none; }
table.sources { table-layout: fixed; }
table.sources th:nth-child(1) { width: 24%; } table.sources th:nth-child(2) { width: 15%; }
table.sources th:nth-child(4) { width: 10%; }
table.sources td { overflow-wrap: anywhere; }
table.sources td:first-child { font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
  font-size: 12.5px; }
table.sources td:nth-child(3) { font-size: 13px; color: #333; }
.fg-chart { border: 1px solid var(--line); border-radius: 8px; padding: 6px 8px;
  margin: 14px 0 6px; background: #fff; }
.caption { color: var(--muted); font-size: 13px; margin: 2px 0 12px; }
ol.bottlenecks li { margin: 4px 0; }
.rent { color: var(--muted); font-size: 13px; white-space: nowrap; }
.years { font-weight: 600; white-space: nowrap; margin-right: 4px; }
details { margin: 8px 0; }
details > summary { cursor: pointer; font-weight: 600; }
details.group { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
details.about p { color: #333; max-width: 100ch; }
.count { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 8px; }
footer { color: var(--muted); font-size: 13px; padding: 18px 24px 40px; }
"""
