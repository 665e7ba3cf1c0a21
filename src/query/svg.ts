// Horizontal (optionally stacked) bar charts as inline SVG strings: the report must render with
// no network at view time, so no chart library or CDN, just elements our code writes.
import { displayWidth } from './format.ts';

export interface BarDatum {
  label: string;
  /** One value per series (stacked left to right). */
  values: number[];
}

export interface BarChartOptions {
  /** Accessible name of the chart. */
  title: string;
  series: string[];
  colors?: string[];
  width?: number;
}

const DEFAULT_COLORS = ['#3b6ea5', '#e39b3a', '#8aa65b', '#b5533c', '#7d6aa8', '#5a9aa8'];
const FONT = 13;
const BAR = 18;
const GAP = 8;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Approximate text width in pixels: CJK glyphs are about one em, Latin about 0.6 em. */
function textWidth(s: string): number {
  return displayWidth(s) * FONT * 0.55;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function barChart(data: BarDatum[], options: BarChartOptions): string {
  const colors = options.colors ?? DEFAULT_COLORS;
  const width = options.width ?? 760;
  const labelWidth = Math.min(320, Math.max(60, ...data.map((d) => textWidth(d.label))) + 12);
  const totals = data.map((d) => d.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const valueWidth = Math.max(40, ...totals.map((t) => textWidth(formatNumber(t)))) + 10;
  const plot = width - labelWidth - valueWidth;
  const legend = options.series.length > 1 ? 24 : 0;
  const height = legend + data.length * (BAR + GAP) + GAP;
  const out: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}" font-size="${FONT}">`,
  ];
  if (legend) {
    let x = labelWidth;
    options.series.forEach((s, k) => {
      out.push(`<rect class="legend" x="${x}" y="5" width="12" height="12" fill="${colors[k % colors.length]}"/>`);
      out.push(`<text x="${x + 16}" y="15">${escapeXml(s)}</text>`);
      x += 16 + textWidth(s) + 18;
    });
  }
  data.forEach((d, row) => {
    const y = legend + GAP + row * (BAR + GAP);
    const total = totals[row]!;
    out.push(`<g class="row" data-label="${escapeXml(d.label)}" data-total="${total}">`);
    out.push(`<text class="label" x="${labelWidth - 8}" y="${y + BAR - 5}" text-anchor="end">${escapeXml(d.label)}</text>`);
    let x = labelWidth;
    d.values.forEach((v, k) => {
      if (v <= 0) return;
      const w = Math.max(1, (v / max) * plot);
      const series = options.series[k] ?? '';
      out.push(
        `<rect class="bar" data-series="${escapeXml(series)}" data-value="${v}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${colors[k % colors.length]}">`
        + `<title>${escapeXml(`${d.label} · ${series}: ${formatNumber(v)}`)}</title></rect>`,
      );
      x += w;
    });
    out.push(`<text class="value" x="${(x + 6).toFixed(1)}" y="${y + BAR - 5}">${formatNumber(total)}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
