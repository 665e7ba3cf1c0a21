// Query results as text: an aligned table for the terminal, CSV (RFC 4180) or JSON.
import type { QueryResult } from './run.ts';

/** A value as JSON can carry it: safe bigints become numbers, others strings; dates ISO. */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plainValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}

function cellText(v: unknown): string {
  const p = plainValue(v);
  if (p === null || p === undefined) return '';
  if (typeof p === 'object') return JSON.stringify(p);
  return String(p);
}

export function toJson(result: QueryResult): string {
  const objects = result.rows.map((row) => Object.fromEntries(result.columns.map((c, k) => [c, plainValue(row[k]) ?? null])));
  // JSON.stringify escapes C0 controls; DEL, C1 and the bidi overrides it leaves raw get \\u
  // escapes too (same value when parsed), so the JSON is safe to print on a terminal.
  return `${JSON.stringify(objects, null, 2).replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(result: QueryResult): string {
  const lines = [result.columns.map(csvField).join(',')];
  for (const row of result.rows) lines.push(row.map((v) => csvField(cellText(v))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

// Characters a terminal would act on instead of showing: C0/C1 controls (ESC starts colour,
// cursor and title sequences), DEL, and the bidirectional overrides that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from documents (cells, file names, reasons) made safe to print on a terminal: tabs and
 * line breaks become one space, other control characters are shown escaped (`\x1b`, `\u202e`).
 */
export function forTerminal(s: string): string {
  return s.replace(/[\t\n\r\v\f]+/g, ' ').replace(CONTROL, (ch) => {
    const cp = ch.charCodeAt(0);
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

/** Terminal columns a character takes: CJK and full-width forms take two. */
function charWidth(cp: number): number {
  if (cp < 0x1100) return 1;
  if (
    (cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff)
    || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/** An aligned text table; long cells are cut at `maxWidth` columns (the CSV/JSON keep them whole). */
export function toTable(result: QueryResult, maxWidth = 40): string {
  const cells = result.rows.map((row) => row.map((v) => truncate(forTerminal(cellText(v)).replace(/\s+/g, ' '), maxWidth)));
  const columns = result.columns.map(forTerminal);
  // A loop, not Math.max(...cells): spreading 100,000s of rows overflows the call stack.
  const widths = columns.map((c) => displayWidth(c));
  for (const r of cells) r.forEach((cell, k) => { widths[k] = Math.max(widths[k]!, displayWidth(cell)); });
  const right = result.types.map((t) => NUMERIC.test(t));
  const pad = (s: string, k: number) => {
    const gap = ' '.repeat(widths[k]! - displayWidth(s));
    return right[k] ? gap + s : s + gap;
  };
  const line = (parts: string[]) => parts.map((s, k) => pad(s, k)).join(' │ ').trimEnd();
  const out = [line(columns), widths.map((w) => '─'.repeat(w)).join('─┼─')];
  for (const r of cells) out.push(line(r));
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}
