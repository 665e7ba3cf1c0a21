// Charts for the static report, drawn by the same code as the explorer's (web/explorer/charts.js,
// on Apache ECharts): the page carries the library, the chart code and each chart's data inline,
// so it opens offline and can be mailed as one file. Labels are wrapped, never cut.
import fs from 'node:fs';
import path from 'node:path';
import { vendorFile, WEB_DIR } from '../serve/paths.ts';

export interface BarDatum {
  label: string;
  /** One value per series (stacked left to right). */
  values: number[];
}

export interface BarChartOptions {
  title: string;
  series: string[];
  colors?: string[];
  unit?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A placeholder the page's script draws into: the chart's spec rides along as JSON. */
export function barChart(data: BarDatum[], options: BarChartOptions, name: string): string {
  const spec = {
    kind: 'bars', title: options.title, unit: options.unit ?? '', labels: data.map((d) => d.label),
    series: options.series.map((s, k) => ({ name: s, color: options.colors?.[k], values: data.map((d) => d.values[k] ?? 0) })),
  };
  return `<div class="chart" data-name="${escapeHtml(name)}" role="img" aria-label="${escapeHtml(options.title)}"><script type="application/json">${scriptJson(spec)}</script></div>`;
}

const inlineScript = (file: string) => `<script>${fs.readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script')}</script>`;

/** The scripts a report with charts needs, inline: ECharts, the shared chart code, and the call drawing each chart. */
export function chartScripts(): string {
  return [
    inlineScript(vendorFile('echarts.min.js')!),
    inlineScript(path.join(WEB_DIR, 'charts.js')),
    `<script>for (const el of document.querySelectorAll('.chart')) { const spec = JSON.parse(el.querySelector('script').textContent); BudgetCharts.render(el, spec); }</script>`,
  ].join('\n');
}
