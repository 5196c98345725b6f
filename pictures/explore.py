"""Pure: the page's explorer (frames -> HTML): region and PDU selectors, the chosen PDU's trend per
comparison key, its rank and percentile beside the national and regional distribution, and a
sortable table of what is shown with a CSV download and a link from each figure to its source
file and line. Data travel as JSON inside the page; plotly.js (inlined once by page.py) draws.
The choice is kept in the address (#region=CODE&pdu=CODE&sort=[-]column), so a view can be linked and
reopened; choosing a region also narrows the page's ratings heatmap to that region."""

from __future__ import annotations

import datetime as dt
import html
import json

import polars as pl

#: the columns of the explorer's table, in order: (key in the data, heading)
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("published_on", "published"),
    ("comparison_key", "comparison key"),
    ("standard", "standard"),
    ("theme", "theme"),
    ("pct_yes", "% yes"),
    ("national_rank", "national rank"),
    ("national_n", "of"),
    ("national_percentile", "national percentile"),
    ("national_median_pct", "national median %"),
    ("regional_rank", "regional rank"),
    ("regional_n", "of (region)"),
    ("regional_median_pct", "regional median %"),
    ("source", "source"),
)


def _json_value(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 2)
    return v


def explorer_data(explore: pl.DataFrame, pdus: pl.DataFrame) -> dict:
    """What the explorer's script needs: every row of the explore query (dates as ISO text,
    floats to 2 places) and the PDUs that have rows, with their region."""
    rows = [{k: _json_value(v) for k, v in r.items()} for r in explore.iter_rows(named=True)]
    for r in rows:
        if not r["in_benchmark"]:   # an older inspection: the distribution is of later ones, not its peers
            for k in ("national_median_pct", "regional_median_pct", "national_percentile", "regional_percentile"):
                r[k] = None
        r["standard"] = f"{r['standard_code']} {r['standard_name'] or ''}".strip()
        r["source"] = f"{r['source_file']}:{r['source_line']}"
    have = set(explore["pdu_code"].to_list())
    listed = (pdus.filter(pl.col("pdu_code").is_in(list(have)))
              .sort("region_name", "pdu_name", nulls_last=True))
    return {"rows": rows,
            "pdus": [{"code": c, "name": n, "region_code": rc, "region_name": rn}
                     for c, n, rc, rn in listed.select("pdu_code", "pdu_name", "region_code", "region_name").iter_rows()],
            "columns": [{"key": k, "label": label} for k, label in TABLE_COLUMNS]}


SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById('explore-data').textContent);
  const regionSel = document.getElementById('region-select');
  const pduSel = document.getElementById('pdu-select');
  const table = document.getElementById('table-explore');
  const download = document.getElementById('explore-csv');
  const byCode = {}; data.pdus.forEach(p => byCode[p.code] = p);
  let sortKey = null, sortDesc = false, shown = [];
  function fillPdus(region) {
    const keep = pduSel.value;
    pduSel.innerHTML = '';
    data.pdus.filter(p => !region || p.region_code === region).forEach(p => {
      const o = document.createElement('option'); o.value = p.code; o.textContent = p.name + ' (' + p.code + ')';
      pduSel.appendChild(o);
    });
    if ([...pduSel.options].some(o => o.value === keep)) pduSel.value = keep;
  }
  function latestRows(code) {
    const mine = data.rows.filter(r => r.pdu_code === code);
    const last = mine.reduce((m, r) => r.published_on > m ? r.published_on : m, '');
    return [mine, mine.filter(r => r.published_on === last)];
  }
  function span(rows) {   // the publication dates shown, padded by four months either side
    const days = rows.map(r => Date.parse(r.published_on));
    const pad = 122 * 86400000, lo = Math.min(...days) - pad, hi = Math.max(...days) + pad;
    return [new Date(lo).toISOString().slice(0, 10), new Date(hi).toISOString().slice(0, 10)];
  }
  function drawTrend(code, mine) {
    const traces = {};
    mine.forEach(r => {
      const k = r.comparison_key + ' · ' + r.theme;
      (traces[k] = traces[k] || {x: [], y: [], text: [], name: k, mode: 'lines+markers', type: 'scatter'});
      traces[k].x.push(r.published_on); traces[k].y.push(r.pct_yes); traces[k].text.push(r.standard + ' (' + r.framework_code + ')');
    });
    Plotly.react('figure-trend', Object.values(traces), {
      title: {text: 'Key questions of ' + byCode[code].name + ' over time, by comparison key'},
      yaxis: {range: [0, 100], title: {text: '% of inspected cases judged sufficient'}},
      xaxis: {title: {text: 'Publication'}, type: 'date', tickformat: '%b %Y', range: span(mine)},
      legend: {orientation: 'h', y: -0.25}, height: 520, template: 'plotly_white',
      margin: {l: 60, r: 10, t: 50, b: 40}}, {displaylogo: false, responsive: true});
  }
  function drawRank(code, latest) {
    const traces = [], region = byCode[code].region_code;
    latest.forEach(r => {
      const label = r.comparison_key + ' · ' + r.theme;
      const pop = data.rows.filter(o => o.in_benchmark && o.comparison_key === r.comparison_key && o.theme === r.theme);
      traces.push({type: 'box', x: pop.map(() => label), y: pop.map(o => o.pct_yes), name: 'England and Wales',
                   legendgroup: 'n', showlegend: traces.length === 0, marker: {color: '#6b7f99'}, offsetgroup: 'n'});
      const reg = pop.filter(o => o.region_code === region);
      traces.push({type: 'box', x: reg.map(() => label), y: reg.map(o => o.pct_yes), name: byCode[code].region_name,
                   legendgroup: 'r', showlegend: traces.length === 1, marker: {color: '#9fb3c8'}, offsetgroup: 'r'});
    });
    traces.push({type: 'scatter', mode: 'markers', x: latest.map(r => r.comparison_key + ' · ' + r.theme),
                 y: latest.map(r => r.pct_yes), name: byCode[code].name + ' (' + code + ')',
                 marker: {symbol: 'diamond', size: 14, color: '#d6336c'},
                 text: latest.map(r => r.in_benchmark ? 'rank ' + r.national_rank + ' of ' + r.national_n +
                       ', percentile ' + r.national_percentile : 'not in the benchmark'),
                 hovertemplate: '%{x}: %{y}%<br>%{text}<extra></extra>'});
    Plotly.react('figure-rank', traces, {
      title: {text: 'Latest inspection beside the national and regional distribution'},
      boxmode: 'group', yaxis: {range: [0, 100], title: {text: '% yes'}}, height: 500, template: 'plotly_white',
      margin: {l: 60, r: 10, t: 50, b: 140}}, {displaylogo: false, responsive: true});
  }
  function cell(r, key) {
    if (key === 'source') {
      const a = document.createElement('a'); a.href = r.source_file; a.textContent = r.source;
      a.title = 'line ' + r.source_line + ' of ' + r.source_file; return a;
    }
    const v = r[key]; return document.createTextNode(v === null || v === undefined ? '' : String(v));
  }
  function drawTable() {
    const rows = shown.slice();
    if (sortKey) rows.sort((a, b) => {
      const x = a[sortKey], y = b[sortKey];
      const c = (x === null) - (y === null) || (x < y ? -1 : x > y ? 1 : 0);
      return sortDesc ? -c : c;
    });
    const head = '<thead><tr>' + data.columns.map(c => '<th data-key="' + c.key + '">' + c.label +
      (c.key === sortKey ? (sortDesc ? ' ▼' : ' ▲') : '') + '</th>').join('') + '</tr></thead>';
    table.innerHTML = head + '<tbody></tbody>';
    const body = table.tBodies[0];
    rows.forEach(r => {
      const tr = document.createElement('tr'); tr.dataset.inspection = r.inspection_id;
      data.columns.forEach(c => { const td = document.createElement('td'); td.appendChild(cell(r, c.key)); tr.appendChild(td); });
      body.appendChild(tr);
    });
    table.querySelectorAll('th').forEach(th => th.addEventListener('click', () => {
      sortDesc = sortKey === th.dataset.key ? !sortDesc : false; sortKey = th.dataset.key; drawTable(); remember();
    }));
    const csv = [data.columns.map(c => c.label)].concat(rows.map(r => data.columns.map(c => r[c.key])))
      .map(line => line.map(v => v === null || v === undefined ? '' : '"' + String(v).replace(/"/g, '""') + '"').join(','))
      .join('\n');
    download.href = URL.createObjectURL(new Blob([csv + '\n'], {type: 'text/csv'}));
    download.download = pduSel.value + '-key-questions.csv';
  }
  let heatmap = null;   // the ratings heatmap's full data, kept to filter it by region
  function filterHeatmap() {
    const gd = document.getElementById('figure-ratings');
    if (!gd || !gd.data || !window.Plotly) return;
    if (!heatmap) heatmap = JSON.parse(JSON.stringify({trace: gd.data[0], layout: gd.layout}));
    const region = regionSel.value, regionName = region ? regionSel.options[regionSel.selectedIndex].text : null;
    const t = heatmap.trace, keep = t.y[0].map((r, i) => i).filter(i => !regionName || t.y[0][i] === regionName);
    const pick = a => keep.map(i => a[i]);
    const trace = Object.assign({}, t, {z: pick(t.z), text: pick(t.text), customdata: pick(t.customdata),
                                        y: [pick(t.y[0]), pick(t.y[1])]});
    const row = trace.y[1].indexOf(byCode[pduSel.value] ? byCode[pduSel.value].name : null);
    const layout = Object.assign({}, heatmap.layout, {height: 190 + 26 * Math.max(keep.length, 4),
      shapes: row < 0 ? [] : [{type: 'rect', xref: 'x domain', yref: 'y', x0: 0, x1: 1, y0: row - 0.5, y1: row + 0.5,
                                line: {color: '#d6336c', width: 3}, fillcolor: 'rgba(0,0,0,0)'}]});
    Plotly.react(gd, [trace], layout);
  }
  function draw() {
    const code = pduSel.value; if (!code) return;
    const [mine, latest] = latestRows(code);
    document.getElementById('explore-title').textContent = byCode[code].name + ' (' + code + '), ' + byCode[code].region_name;
    drawTrend(code, mine); drawRank(code, latest);
    shown = mine; drawTable(); remember();
    if (heatmap || regionSel.value) filterHeatmap();
  }
  function remember() {   // the view in the address: #region=CODE&pdu=CODE&sort=[-]column
    const hash = (regionSel.value ? '#region=' + regionSel.value + '&' : '#') + 'pdu=' + pduSel.value +
                 (sortKey ? '&sort=' + (sortDesc ? '-' : '') + sortKey : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }
  regionSel.addEventListener('change', () => { fillPdus(regionSel.value); draw(); });
  pduSel.addEventListener('change', draw);
  const wanted = ((location.hash.match(/pdu=([A-Za-z0-9]+)/) || [])[1] ||
                  document.getElementById('explore').dataset.initial || '').toUpperCase();
  const region = (location.hash.match(/region=([A-Za-z0-9]+)/) || [])[1];
  const sorted = (location.hash.match(/sort=(-?)([a-z_]+)/) || []);
  if (sorted[2] && data.columns.some(c => c.key === sorted[2])) { sortKey = sorted[2]; sortDesc = sorted[1] === '-'; }
  if (region && [...regionSel.options].some(o => o.value === region)) regionSel.value = region;
  fillPdus(regionSel.value);
  if (byCode[wanted] && (!regionSel.value || byCode[wanted].region_code === regionSel.value)) pduSel.value = wanted;
  draw();
  // the heatmap is drawn by a script further down the page: filter it once the page has loaded
  window.addEventListener('load', () => { if (regionSel.value) filterHeatmap(); });
})();
"""


def explorer_html(explore: pl.DataFrame, pdus: pl.DataFrame, highlight: str | None) -> str:
    """The explorer's markup, data and script; empty markup note when no key question is loaded."""
    if not explore.height:
        return '<p class="note">Nothing to explore: no key question of a PDU is loaded.</p>'
    data = explorer_data(explore, pdus)
    regions = sorted({(p["region_code"], p["region_name"]) for p in data["pdus"]}, key=lambda r: r[1] or "")
    options = "".join(f'<option value="{html.escape(c or "")}">{html.escape(n or "")}</option>' for c, n in regions)
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div id="explore" data-initial="{html.escape(highlight or "")}">'
        '<label>Region <select id="region-select"><option value="">All regions</option>'
        f'{options}</select></label> '
        '<label>PDU <select id="pdu-select"></select></label>'
        '<h3 id="explore-title"></h3>'
        '<div id="figure-trend"></div><div id="figure-rank"></div>'
        '<p><a id="explore-csv" href="#">Download this table as CSV</a> · click a heading to sort · '
        'source: the report file and line each figure was read from (paths as loaded, relative to the '
        "folder that holds raw/)</p>"
        '<table id="table-explore" class="sortable"></table>'
        f'<script type="application/json" id="explore-data">{payload}</script>'
        f"<script>{SCRIPT}</script></div>"
    )
