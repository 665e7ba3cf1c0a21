// The explorer's pages: plain DOM (text is always set as text, never parsed as HTML), a hash
// router, the JSON API of src/serve/server.ts, charts through charts.js (ECharts), and pdf.js for
// the source view. Nothing is loaded from the network: every script comes from this server.
/* global BudgetCharts */
'use strict';

const main = document.getElementById('main');

// ── small helpers ───────────────────────────────────────────────────────────────────────────
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function api(path, init) {
  const r = await fetch(path, init);
  const body = await r.json().catch(() => ({ error: `${r.status} ${r.statusText}` }));
  if (!r.ok) throw new Error(body.error || `${r.status} ${r.statusText}`);
  return body;
}

/** A result {columns, rows} as objects. */
function objects(result) {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, k) => [c, row[k]])));
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  return q.toString();
}

function showError(where, err) {
  where.append(el('p', { class: 'error' }, String(err && err.message ? err.message : err)));
}

// Numbers grouped by thousands from 10,000 up (a year or a small count stays as printed: 2022).
const fmt = (v) => (v === null || v === undefined ? '' : typeof v === 'number'
  ? (Number.isInteger(v) ? (Math.abs(v) < 10000 ? String(v) : v.toLocaleString('en-US')) : v.toLocaleString('en-US', { maximumFractionDigits: 4 }))
  : typeof v === 'object' ? JSON.stringify(v) : String(v));
const placeOf = (r) => r.county || r.city || r.province || '(place unknown)';

/** Where a row is printed, in words, and whether the source view can show it. */
function locationOf(r) {
  if (r.page !== null && r.page !== undefined) return `p.${r.page}`;
  if (r.cell) return r.cell;
  if (r.block !== null && r.block !== undefined) return `block ${r.block}${r.table_row ? ` row ${r.table_row}` : ''}`;
  if (r.line !== null && r.line !== undefined) return `line ${r.line}`;
  return '';
}

function sourceHref(r, label) {
  return `#/source?${query({ doc: r.doc_id, page: r.page, bbox: r.bbox, line: r.line, block: r.block, table_row: r.table_row, cell: r.cell, label })}`;
}

function sourceButton(r, label) {
  const where = locationOf(r);
  if (!r.doc_id || !where) return '';
  return el('a', { class: 'src', href: sourceHref(r, label), title: 'show this row in its source document' }, `source ${where}`);
}

/**
 * A table of rows. columns: [{ key, label, numeric, cls, render(row) }]; rows are objects.
 */
function dataTable(rows, columns, attrs) {
  const head = el('tr', {}, columns.map((c) => el('th', {}, c.label || c.key)));
  const body = rows.map((r) => el('tr', {}, columns.map((c) => {
    const v = c.render ? c.render(r) : fmt(r[c.key]);
    return el('td', { class: [c.numeric ? 'n' : '', c.cls || ''].join(' ').trim() || null }, v);
  })));
  return el('div', { class: 'scroll' }, el('table', { class: 'data', ...(attrs || {}) }, el('thead', {}, head), el('tbody', {}, body)));
}

/** A table of any SQL result, columns as they come. */
function resultTable(result) {
  const rows = objects(result);
  const hasSource = result.columns.includes('doc_id') && result.columns.some((c) => ['page', 'line', 'block', 'cell'].includes(c));
  const cols = result.columns.map((c, k) => ({ key: c, numeric: /INT|DOUBLE|DECIMAL|FLOAT/.test(result.types[k] || '') }));
  if (hasSource) cols.push({ key: 'source', render: (r) => sourceButton(r) });
  return dataTable(rows, cols);
}

function exportLinks(dataset, params) {
  const q = query(params);
  return el('div', { class: 'exports' }, 'Export these rows: ',
    ['csv', 'xlsx', 'parquet'].map((f) => el('a', { href: `/api/export/${dataset}.${f}${q ? `?${q}` : ''}`, download: `${dataset}.${f}`, 'data-export': f }, f.toUpperCase())));
}

function truncatedNote(result) {
  return result.truncated ? el('p', { class: 'meta' }, `Showing ${result.rows.length.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} rows; the exports hold them all.`) : '';
}

function chartBox(spec, name) {
  const box = el('div', { class: 'chart', 'data-name': name });
  // Rendered once the box is in the page (ECharts needs its width).
  requestAnimationFrame(() => BudgetCharts.render(box, spec));
  return box;
}

// ── pages ───────────────────────────────────────────────────────────────────────────────────
const STATUSES = ['ok', 'partial', 'failed', 'skipped', 'duplicate', 'removed'];

async function overviewPage(root) {
  root.append(el('h1', {}, 'Overview'));
  const [docs, failures] = await Promise.all([api('/api/data/documents'), api('/api/data/failures')]);
  const rows = objects(docs);
  const count = (s) => rows.filter((r) => r.status === s).length;
  root.append(el('div', { class: 'tiles' },
    el('div', { class: 'tile' }, el('b', {}, rows.length), el('span', {}, 'documents')),
    STATUSES.filter((s) => count(s) || s === 'ok' || s === 'failed').map((s) => el('div', { class: 'tile' }, el('b', {}, count(s)), el('span', {}, s))),
    el('div', { class: 'tile' }, el('b', {}, fmt(rows.reduce((a, r) => a + r.indicators, 0))), el('span', {}, 'indicators')),
    el('div', { class: 'tile' }, el('b', {}, fmt(rows.reduce((a, r) => a + r.projects, 0))), el('span', {}, 'projects'))));

  // Province → city → county rows, fiscal years as columns, each document a badge by status.
  root.append(el('h2', {}, 'Documents by place and year'));
  const years = [...new Set(rows.map((r) => r.fiscal_year ?? '?'))].sort();
  const key = (r) => [r.province || '(province unknown)', r.city || '', r.county || ''].join('\u0000');
  const places = [...new Set(rows.map(key))];
  const grid = el('table', { class: 'data grid', 'data-testid': 'place-grid' }, el('thead', {}, el('tr', {}, el('th', {}, 'province'), el('th', {}, 'city'), el('th', {}, 'county'), years.map((y) => el('th', {}, y === '?' ? 'year unknown' : String(y))))));
  const tbody = el('tbody');
  let lastProvince = null;
  for (const p of places) {
    const [province, city, county] = p.split('\u0000');
    const here = rows.filter((r) => key(r) === p);
    const badge = (r) => el('a', {
      class: `badge status-${r.status}`, href: `#/document/${r.doc_id}`, 'data-doc': r.doc_id,
      title: `${r.source_name} · ${r.status}${r.error ? `: ${r.error}` : ''} · ${r.indicators} indicators, ${r.budget_lines} budget lines${r.coverage !== null ? ` · cells read ${(r.coverage * 100).toFixed(1)} %` : ''}`,
    }, `${r.agency_name || r.source_name} ${r.coverage !== null ? `${Math.round(r.coverage * 100)}%` : r.status}`);
    const cells = years.map((y) => el('td', {}, here.filter((r) => (r.fiscal_year ?? '?') === y).map(badge)));
    tbody.append(el('tr', {}, el('td', {}, province === lastProvince ? '' : province), el('td', {}, city),
      el('td', {}, county || (city ? '(city level)' : '')), cells));
    lastProvince = province;
  }
  grid.append(tbody);
  root.append(el('div', { class: 'scroll' }, grid));

  root.append(el('h2', {}, 'Coverage and status per document'));
  root.append(dataTable(rows, [
    { key: 'source_name', label: 'document', render: (r) => el('a', { href: `#/document/${r.doc_id}` }, r.source_name) },
    { key: 'place', render: (r) => placeOf(r) }, { key: 'fiscal_year', label: 'year' }, { key: 'format' }, { key: 'status' },
    { key: 'coverage', label: 'cells read', numeric: true, render: (r) => (r.coverage === null ? '' : `${(r.coverage * 100).toFixed(1)} %`) },
    { key: 'projects', numeric: true }, { key: 'indicators', numeric: true }, { key: 'budget_lines', numeric: true },
    { key: 'errors', numeric: true }, { key: 'warnings', numeric: true }, { key: 'error', label: 'why' },
  ]));
  root.append(exportLinks('documents', {}));

  root.append(el('h2', {}, 'Failures'));
  const f = objects(failures);
  root.append(f.length ? dataTable(f, failures.columns.map((c) => ({ key: c, render: c === 'doc_id' ? (r) => (r.doc_id ? el('a', { href: `#/document/${r.doc_id}` }, r.doc_id) : '') : undefined }))) : el('p', { class: 'meta' }, 'No file failed.'));
}

const INDICATOR_FILTERS = [['place', 'place'], ['year', 'year'], ['level1', '一级指标'], ['level2', '二级指标'], ['op', 'op'], ['unit', 'unit']];

async function indicatorsPage(root, params) {
  root.append(el('h1', {}, 'Indicators'));
  const facets = objects(await api('/api/data/indicator-facets'));
  const form = el('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const p = {};
    for (const [k] of INDICATOR_FILTERS) p[k] = form.elements[k].value;
    p.words = form.elements.words.value.trim();
    location.hash = `#/indicators?${query(p)}`;
  } });
  for (const [k, label] of INDICATOR_FILTERS) {
    const options = facets.filter((f) => f.facet === k && f.value !== null);
    form.append(el('label', {}, label, el('select', { name: k }, el('option', { value: '' }, '(all)'),
      options.map((o) => el('option', { value: o.value, selected: params.get(k) === String(o.value) }, `${o.value} (${o.n})`)))));
  }
  form.append(el('label', {}, '三级指标 words', el('input', { name: 'words', value: params.get('words') || '', placeholder: '满意度' })));
  form.append(el('button', { type: 'submit' }, 'Filter'));
  root.append(form);

  const filter = Object.fromEntries([...INDICATOR_FILTERS.map(([k]) => k), 'words'].map((k) => [k, params.get(k) || '']));
  const result = await api(`/api/data/indicators?${query(filter)}`);
  const rows = objects(result);
  root.append(el('p', { class: 'meta', 'data-testid': 'indicator-count' }, `${result.total.toLocaleString('en-US')} indicators`));
  root.append(exportLinks('indicators', filter));

  // Chart: one indicator's numeric targets across places (the level3 chosen, in its most common unit).
  const numeric = rows.filter((r) => r.value !== null && r.level3);
  if (numeric.length) {
    const byLevel3 = new Map();
    for (const r of numeric) byLevel3.set(r.level3, (byLevel3.get(r.level3) || 0) + 1);
    const choices = [...byLevel3.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const chosen = params.get('chart') && byLevel3.has(params.get('chart')) ? params.get('chart') : choices[0][0];
    const picker = el('select', { name: 'chart', onchange: () => { const p = new URLSearchParams(params); p.set('chart', picker.value); location.hash = `#/indicators?${p}`; } },
      choices.map(([name, n]) => el('option', { value: name, selected: name === chosen }, `${name} (${n})`)));
    const these = numeric.filter((r) => r.level3 === chosen);
    const units = new Map();
    for (const r of these) units.set(r.unit || '', (units.get(r.unit || '') || 0) + 1);
    const unit = [...units.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const shown = these.filter((r) => (r.unit || '') === unit);
    const categories = [...new Set(shown.map((r) => `${placeOf(r)} ${r.fiscal_year ?? ''}`.trim()))];
    root.append(el('h2', {}, 'Targets across places'), el('label', { class: 'meta' }, 'indicator (三级指标): ', picker),
      el('p', { class: 'meta' }, `${shown.length} targets in ${unit || 'no unit'}${shown.length < these.length ? ` (${these.length - shown.length} in other units not shown)` : ''}; each dot is one project's target`));
    root.append(chartBox({
      kind: 'dots', title: `${chosen}: targets by place`, unit, categories,
      points: shown.map((r) => [r.value, categories.indexOf(`${placeOf(r)} ${r.fiscal_year ?? ''}`.trim()), `${r.project_name || ''} · ${r.value_raw}`]),
    }, 'indicator-targets'));
  }

  root.append(el('h2', {}, 'Rows'), truncatedNote(result));
  root.append(dataTable(rows, [
    { key: 'place', render: placeOf }, { key: 'fiscal_year', label: 'year' }, { key: 'project_name', label: 'project' },
    { key: 'level1' }, { key: 'level2' }, { key: 'level3' },
    { key: 'value_raw', label: 'printed' },
    { key: 'op', cls: 'norm', label: 'op' }, { key: 'value', label: 'value', numeric: true, cls: 'norm', render: (r) => (r.op === 'range' ? `${fmt(r.value)}–${fmt(r.value_max)}` : fmt(r.value)) }, { key: 'unit', cls: 'norm' },
    { key: 'source', render: (r) => sourceButton(r, `${r.level3 || ''} ${r.value_raw || ''}`.trim()) },
  ], { 'data-testid': 'indicator-table' }));
}

// 三公经费: 因公出国（境）费, 公务用车购置及运行（维护）费 and 公务接待费 (the three items the 财政部
// disclosure rules name); the table's own sub-rows and 小计 are listed below the chart.
const THREE_PUBLIC = [/^因公出国/, /^公务用车购置及运/, /^公务接待/];

async function budgetsPage(root, params) {
  root.append(el('h1', {}, 'Budgets'));
  const filter = { place: params.get('place') || '', year: params.get('year') || '' };
  const [classes, three] = await Promise.all([api(`/api/data/spending-by-class?${query(filter)}`), api(`/api/data/three-public?${query(filter)}`)]);
  const c = objects(classes);
  const label = (r) => `${r.place || '(place unknown)'} ${r.fiscal_year ?? ''}`.trim();

  root.append(el('h2', {}, 'Spending by function class (支出总表, 类) and place, 万元'));
  if (!c.length) root.append(el('p', { class: 'meta' }, 'No 支出总表 rows in this database.'));
  else {
    const labels = [...new Set(c.map(label))];
    const classNames = [...new Set(c.map((r) => `${r.class_code} ${r.class_name}`))];
    root.append(chartBox({ kind: 'bars', title: 'Spending by function class', unit: '万元', labels,
      series: classNames.map((cn) => ({ name: cn, values: labels.map((l) => c.filter((r) => label(r) === l && `${r.class_code} ${r.class_name}` === cn).reduce((a, r) => a + (r.total_wan || 0), 0)) })) }, 'spending-by-class'));
    root.append(el('h2', {}, 'Basic vs project spending (基本支出 / 项目支出), 万元'));
    root.append(chartBox({ kind: 'bars', title: 'Basic and project spending', unit: '万元', labels, series: [
      { name: '基本支出', values: labels.map((l) => c.filter((r) => label(r) === l).reduce((a, r) => a + (r.basic_wan || 0), 0)) },
      { name: '项目支出', values: labels.map((l) => c.filter((r) => label(r) === l).reduce((a, r) => a + (r.project_wan || 0), 0)) },
    ] }, 'basic-vs-project'));
    root.append(dataTable(c, [{ key: 'place' }, { key: 'fiscal_year', label: 'year' }, { key: 'class_code' }, { key: 'class_name' },
      { key: 'total_wan', numeric: true }, { key: 'basic_wan', numeric: true }, { key: 'project_wan', numeric: true }, { key: 'documents', numeric: true }]));
    root.append(exportLinks('spending-by-class', filter));
  }

  root.append(el('h2', {}, '三公经费 over years, 万元'));
  const t = objects(three);
  if (!t.length) root.append(el('p', { class: 'meta' }, 'No 三公经费表 rows in this database.'));
  else {
    const labels = [...new Set(t.map(label))].sort((a, b) => a.localeCompare(b));
    root.append(chartBox({ kind: 'bars', title: '三公经费', unit: '万元', labels, series: THREE_PUBLIC.map((re) => {
      const name = (t.find((r) => re.test(r.name || '')) || {}).name || re.source.slice(1);
      return { name, values: labels.map((l) => t.filter((r) => label(r) === l && re.test(r.name || '')).reduce((a, r) => a + (r.total_wan || 0), 0)) };
    }) }, 'three-public'));
    root.append(dataTable(t, [{ key: 'place' }, { key: 'fiscal_year', label: 'year' }, { key: 'name' }, { key: 'total_wan', numeric: true }, { key: 'documents', numeric: true }]));
    root.append(exportLinks('three-public', filter));
  }
}

async function documentPage(root, docId) {
  if (!docId) {
    root.append(el('h1', {}, 'Document'), el('p', {}, 'Choose a document:'));
    const docs = objects(await api('/api/data/documents'));
    root.append(el('ul', {}, docs.map((d) => el('li', {}, el('a', { href: `#/document/${d.doc_id}` }, d.source_name), ` · ${placeOf(d)} ${d.fiscal_year ?? ''} · ${d.status}`))));
    return;
  }
  const q = `doc=${encodeURIComponent(docId)}`;
  const [doc, projects, indicators, tables, lines, messages] = await Promise.all(['document', 'document-projects', 'indicators', 'document-budget-tables', 'document-budget-lines', 'document-messages']
    .map((d) => api(`/api/data/${d}?${q}`)));
  const d = objects(doc)[0];
  if (!d) throw new Error(`no document ${docId}`);
  root.append(el('h1', {}, d.title || d.source_name), el('p', { class: 'meta' }, `${d.source_name} · ${d.format || 'format unknown'} · ${[d.province, d.city, d.county].filter(Boolean).join(' ')} · ${d.fiscal_year ?? 'year unknown'} · ${d.agency_name || ''} · status ${d.status}${d.error ? ` (${d.error})` : ''}`));
  root.append(dataTable([d], ['doc_id', 'source_path', 'sha256', 'pages', 'cells_total', 'cells_read', 'coverage', 'pipeline_version', 'loaded_at', 'status_reason'].map((k) => ({ key: k }))));

  root.append(el('h2', {}, `Projects (${projects.total})`));
  root.append(dataTable(objects(projects), [{ key: 'project_seq', label: '#' }, { key: 'project_name' }, { key: 'kind' }, { key: 'budget_raw', label: 'budget printed' },
    { key: 'budget_wan', label: '万元', numeric: true, cls: 'norm' }, { key: 'indicators', numeric: true }, { key: 'source', render: (r) => sourceButton(r, r.project_name) }]));
  root.append(el('h2', {}, `Indicators (${indicators.total})`), exportLinks('indicators', { doc: docId }));
  root.append(dataTable(objects(indicators), [{ key: 'project_seq', label: 'project' }, { key: 'level1' }, { key: 'level2' }, { key: 'level3' }, { key: 'value_raw', label: 'printed' },
    { key: 'op', cls: 'norm' }, { key: 'value', numeric: true, cls: 'norm' }, { key: 'unit', cls: 'norm' }, { key: 'source', render: (r) => sourceButton(r, `${r.level3 || ''} ${r.value_raw || ''}`.trim()) }]));
  root.append(el('h2', {}, `Budget tables (${tables.total})`));
  root.append(dataTable(objects(tables), tables.columns.map((k) => ({ key: k }))));
  root.append(el('h2', {}, `Budget lines (${lines.total})`), truncatedNote(lines));
  root.append(dataTable(objects(lines), [{ key: 'table_name' }, { key: 'line_seq', label: '#' }, { key: 'code' }, { key: 'name_raw', label: 'name' },
    { key: 'total_wan', numeric: true }, { key: 'basic_wan', numeric: true }, { key: 'project_wan', numeric: true }, { key: 'source', render: (r) => sourceButton(r, r.name_raw) }]));
  root.append(el('h2', {}, `Messages (${messages.total})`));
  root.append(dataTable(objects(messages), [{ key: 'severity' }, { key: 'rule' }, { key: 'text' }, { key: 'location' }, { key: 'source', render: (r) => sourceButton(r, r.text) }]));
}

async function sqlPage(root, params) {
  root.append(el('h1', {}, 'SQL (read-only)'));
  const box = el('textarea', { id: 'sql', spellcheck: 'false' }, params.get('q') || 'SELECT place, fiscal_year, level3, value_raw, op, value, unit\nFROM indicator_facts\nLIMIT 100');
  const paramBox = el('div', { class: 'filters', id: 'sql-params' });
  const out = el('div', { id: 'sql-result' });
  let chosen = null; // the named query whose SQL is in the box, unchanged
  let last = null;
  // A named query left as loaded runs by its name, with its parameters from the inputs.
  const body = () => {
    if (chosen && box.value === chosen.sql) {
      const values = Object.fromEntries(chosen.params.map((p) => [p.name, paramBox.querySelector(`[name="${p.name}"]`).value]));
      return { sql: chosen.name, params: values };
    }
    return { sql: box.value };
  };
  const run = async () => {
    out.replaceChildren(el('p', { class: 'meta' }, 'Running…'));
    try {
      const request = body();
      const r = await api('/api/sql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      last = request;
      out.replaceChildren(el('p', { class: 'meta', 'data-testid': 'sql-count' }, `${r.total} rows`), truncatedNote(r), resultTable(r));
    } catch (err) {
      out.replaceChildren();
      showError(out, err);
    }
  };
  const download = async (format) => {
    const r = await fetch(`/api/sql/export.${format}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(last ?? body()) });
    if (!r.ok) return showError(out, (await r.json()).error);
    const url = URL.createObjectURL(await r.blob());
    el('a', { href: url, download: `${(last ?? body()).sql.length < 60 && !/\s/.test((last ?? body()).sql) ? (last ?? body()).sql : 'query'}.${format}` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const load = (q) => {
    chosen = q;
    box.value = q.sql;
    paramBox.replaceChildren(...q.params.map((p) => el('label', { title: p.description }, p.name, el('input', { name: p.name, value: p.default }))));
    run();
  };
  const named = await api('/api/queries');
  root.append(el('p', { class: 'meta' }, 'Named queries, one click away:'),
    el('div', { class: 'named' }, named.map((q) => el('button', { type: 'button', title: q.description, 'data-query': q.name, onclick: () => load(q) }, q.name))));
  root.append(box, paramBox, el('div', {}, el('button', { type: 'button', id: 'run', onclick: run }, 'Run'), ' ',
    el('span', { class: 'exports' }, 'Export: ', ['csv', 'xlsx', 'parquet'].map((f) => el('button', { type: 'button', 'data-export': f, onclick: () => download(f) }, f.toUpperCase())))), out);
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
}

// ── source view ─────────────────────────────────────────────────────────────────────────────
let pdfjs = null;
async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = await import('/vendor/pdf.min.mjs');
    pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdf.worker.min.mjs';
  }
  return pdfjs;
}

async function sourcePage(root, params) {
  const docId = params.get('doc');
  const info = await api(`/api/source/${encodeURIComponent(docId)}`);
  root.append(el('h1', {}, 'Source'), el('p', { class: 'meta' }, el('a', { href: `#/document/${docId}` }, info.source_name), ` · ${info.format}${params.get('label') ? ` · ${params.get('label')}` : ''}`));
  if (!info.available) {
    root.append(el('p', { class: 'notice', 'data-testid': 'source-missing' }, `The original file cannot be shown: ${info.reason}. No page image is stored in the database, so only the stored row is available (document page).`));
    return;
  }
  if (info.format === 'pdf') return pdfSource(root, params, docId, info);
  const q = query({ line: params.get('line'), block: params.get('block'), table_row: params.get('table_row'), cell: params.get('cell') });
  const ctx = await api(`/api/context/${encodeURIComponent(docId)}?${q}`);
  if (!ctx.available) return root.append(el('p', { class: 'notice' }, `The original file cannot be read: ${ctx.reason}`));
  root.append(el('p', { class: 'meta' }, `Read again from ${info.source_path}; looked for ${ctx.located}.`));
  if (!ctx.found) return root.append(el('p', { class: 'notice' }, `No block at ${ctx.located} in the file as it reads now.`));
  const box = el('div', { class: 'context', 'data-testid': 'source-context' });
  for (const b of ctx.blocks) {
    const wrap = el('div', { class: `block${b.hit ? ' hit' : ''}` }, el('div', { class: 'meta' }, b.where));
    if (b.kind !== 'table') wrap.append(el(b.kind === 'heading' ? 'h3' : 'p', {}, b.text));
    else {
      if (b.rowsAbove) wrap.append(el('p', { class: 'meta' }, `… ${b.rowsAbove} rows above`));
      wrap.append(el('table', { class: 'data' }, el('tbody', {}, b.rows.map((r) => el('tr', { class: r.hit ? 'hit' : null, title: r.where },
        r.cells.map((c) => el(c.header ? 'th' : 'td', { rowspan: c.rowSpan, colspan: c.colSpan }, c.text)))))));
      if (b.rowsBelow) wrap.append(el('p', { class: 'meta' }, `… ${b.rowsBelow} rows below`));
    }
    box.append(wrap);
  }
  root.append(box);
  const hit = box.querySelector('tr.hit') || box.querySelector('.block.hit');
  if (hit) hit.scrollIntoView({ block: 'center' });
}

async function pdfSource(root, params, docId, info) {
  const pageNo = Number(params.get('page'));
  const bbox = params.get('bbox') ? JSON.parse(params.get('bbox')) : null;
  const lib = await loadPdfjs();
  const pdf = await lib.getDocument({
    url: `/api/file/${encodeURIComponent(docId)}`, cMapUrl: '/vendor/cmaps/', cMapPacked: true,
    standardFontDataUrl: '/vendor/standard_fonts/', isEvalSupported: false,
  }).promise;
  const page = await pdf.getPage(pageNo);
  const scale = Math.min(2, Math.max(1, (main.clientWidth - 40) / page.getViewport({ scale: 1 }).width));
  const viewport = page.getViewport({ scale });
  const canvas = el('canvas', { width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
  const frame = el('div', { class: 'pdfpage', 'data-testid': 'pdf-page', 'data-scale': scale }, canvas);
  root.append(el('p', { class: 'meta' }, `Page ${pageNo} of ${pdf.numPages}, rendered by pdf.js from the original file ${info.source_path}${bbox ? '; the row\'s box is outlined in red' : ' (no box recorded for this row)'}.`), frame);
  await page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
  if (!bbox) return;
  // The stored box is in PDF user space (y up); the viewport maps it to the canvas, whatever the page's origin or rotation.
  const [x0, y0, x1, y1] = viewport.convertToViewportRectangle(bbox);
  const left = Math.min(x0, x1), top = Math.min(y0, y1);
  const mark = el('div', { class: 'highlight', 'data-testid': 'highlight', 'data-bbox': JSON.stringify(bbox),
    style: `left:${left}px;top:${top}px;width:${Math.abs(x1 - x0)}px;height:${Math.abs(y1 - y0)}px` });
  frame.append(mark);
  // The words pdf.js finds inside the box, so the reader sees what the row says on the page.
  const text = await page.getTextContent();
  const inside = text.items.filter((it) => {
    if (!it.str || !it.str.trim()) return false;
    // The item's middle, along its own direction (text on a rotated page runs up or down).
    const [a, b, c, d, e, f] = it.transform;
    const ra = Math.hypot(a, b) || 1, rc = Math.hypot(c, d) || 1;
    const x = e + (a / ra) * (it.width || 0) / 2 + (c / rc) * (it.height || 0) / 2;
    const y = f + (b / ra) * (it.width || 0) / 2 + (d / rc) * (it.height || 0) / 2;
    return x >= bbox[0] - 1 && x <= bbox[2] + 1 && y >= bbox[1] - 1 && y <= bbox[3] + 1;
  }).map((it) => it.str).join('');
  root.append(el('p', { class: 'meta', 'data-testid': 'box-text' }, `Text in the box: ${inside || '(none)'}`));
  mark.scrollIntoView({ block: 'center' });
}

// ── router ──────────────────────────────────────────────────────────────────────────────────
const PAGES = { overview: overviewPage, indicators: indicatorsPage, budgets: budgetsPage, document: documentPage, sql: sqlPage, source: sourcePage };

// body[data-ready] is 'yes' once the page of body[data-shown] (the hash it was drawn for) is
// drawn: a click changes location.hash before 'hashchange' fires, so ready alone would still
// speak for the page before. Only the latest navigation marks itself drawn.
let navigation = 0;
async function route() {
  const mine = ++navigation;
  const drawing = location.hash;
  const hash = location.hash.replace(/^#\/?/, '') || 'overview';
  const [pathPart, queryPart] = hash.split('?');
  const [name, arg] = pathPart.split('/');
  const params = new URLSearchParams(queryPart || '');
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.page === name);
  const page = PAGES[name] || overviewPage;
  const root = el('div', { 'data-page': name });
  main.replaceChildren(root);
  document.body.dataset.ready = 'loading';
  try {
    await page(root, name === 'document' ? decodeURIComponent(arg || '') : params);
  } catch (err) {
    showError(root, err);
  }
  if (mine !== navigation) return;
  document.body.dataset.shown = drawing;
  document.body.dataset.ready = 'yes';
}

window.addEventListener('hashchange', route);
api('/api/info').then((info) => { document.getElementById('db').textContent = `${info.database} · budget-ingest ${info.version}`; }).catch(() => undefined);
route();
