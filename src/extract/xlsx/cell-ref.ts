// A1-style cell references ↔ 0-based row/column numbers.

/** Sheets have at most 16,384 columns (XFD) and 1,048,576 rows (ECMA-376 limits). */
export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;

export interface CellPos {
  row: number;
  col: number;
}

/** `C35` → { row: 34, col: 2 }; null for anything else. */
export function parseRef(ref: string): CellPos | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  if (col < 1 || col > MAX_COLUMNS || row < 1 || row > MAX_ROWS) return null;
  return { row: row - 1, col: col - 1 };
}

/** `A1:C3` → its corners; a single reference is a one-cell range. */
export function parseRange(ref: string): { from: CellPos; to: CellPos } | null {
  const [a, b = a] = ref.split(':');
  const from = parseRef(a ?? '');
  const to = parseRef(b ?? '');
  if (!from || !to) return null;
  return {
    from: { row: Math.min(from.row, to.row), col: Math.min(from.col, to.col) },
    to: { row: Math.max(from.row, to.row), col: Math.max(from.col, to.col) },
  };
}

export function columnName(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function cellName(pos: CellPos): string {
  return `${columnName(pos.col)}${pos.row + 1}`;
}

/** `Sheet1!C35`; a sheet name with spaces or punctuation is quoted, as Excel writes it. */
export function sheetRef(sheet: string, ref: string): string {
  const name = /^[\p{L}\p{N}_.]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${ref}`;
}
