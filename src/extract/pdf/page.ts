// One page → layout blocks (tables and text in reading order). The pdf.js page object is
// not kept: only these small blocks survive the page.
import type { PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { invert, type Matrix } from './geometry.ts';
import { buildLines, joinPieces, lineOf } from './lines.ts';
import { findRegions } from './regions.ts';
import { findAlignedTables } from './aligned.ts';
import { findRightAlignedTables } from './right-aligned.ts';
import { findUnruledTables } from './unruled.ts';
import type { PathScanner } from './path-scan.ts';
import { pageGraphics } from './rules.ts';
import { buildTable, median } from './tables.ts';
import type { LayoutBlock, LayoutText, PageLayout, Rule, TextLine, Word } from './types.ts';
import { itemWords } from './words.ts';

/** Share of the page height at the top and bottom where running headers and footers live. */
const MARGIN = 0.08;

/** Cut a line where words are far apart (a label at the left, `单位：万元` at the right). */
function segments(line: TextLine): TextLine[] {
  const out: Word[][] = [[]];
  let prev: Word | null = null;
  for (const w of line.words) {
    if (prev && w.x0 - prev.x1 > 3 * Math.max(prev.size, w.size)) out.push([]);
    out[out.length - 1]!.push(w);
    prev = w;
  }
  return out.length === 1 ? [line] : out.map(lineOf);
}

/** Lines outside tables → paragraphs and headings. */
function textBlocks(lines: TextLine[], page: number, height: number, bodySize: number, right: number): LayoutText[] {
  const blocks: LayoutText[] = [];
  const leftEdge = Math.min(right, ...lines.map((l) => l.box[0]));
  // Line spacing varies by exporter (Word's fixed 30-pt lines leave a 14-pt gap under 16-pt
  // text): a gap up to a little more than the page's usual one is still inside a paragraph.
  const gaps = lines.slice(1).map((l, i) => l.box[1] - lines[i]!.box[3]).filter((g) => g > 0);
  const usualGap = median(gaps);
  let cur: { lines: TextLine[]; block: LayoutText } | null = null;
  const margins = new Map<TextLine, 'top' | 'bottom' | undefined>();
  const kindOf = (size: number): LayoutText['kind'] =>
    size >= 1.45 * bodySize ? 'h1' : size >= 1.15 * bodySize ? 'h2' : 'p';
  // A line in the top or bottom band is a running header or footer only when it stands apart:
  // body text that starts high on the page (small margins) runs on into the next line.
  const close = (a: TextLine | undefined, b: TextLine | undefined) => !!a && !!b &&
    Math.abs(a.size - b.size) <= 0.1 * a.size && b.box[1] - a.box[3] >= 0 &&
    b.box[1] - a.box[3] < Math.min(1.5 * b.size, Math.max(0.8 * b.size, 1.25 * usualGap)) &&
    a.box[2] >= right - 2 * a.size && b.box[0] <= a.box[0] + 0.8 * b.size && b.box[0] >= a.box[0] - 4 * b.size;
  lines.forEach((line, i) => {
    const band = line.box[3] < MARGIN * height ? 'top' : line.box[1] > (1 - MARGIN) * height ? 'bottom' : undefined;
    margins.set(line, band === 'top' && close(line, lines[i + 1]) ? undefined : band === 'bottom' && close(lines[i - 1], line) ? undefined : band);
  });
  for (const line of lines) {
    const margin = margins.get(line);
    const kind = kindOf(line.size);
    if (cur && !margin && !cur.block.margin && kind === cur.block.kind) {
      const prev = cur.lines[cur.lines.length - 1]!;
      // The first line may be indented (2 em in Chinese text); later lines share one left edge.
      const first = cur.lines[0]!.box[0];
      const body = cur.lines[1]?.box[0];
      const gap = line.box[1] - prev.box[3];
      const sameSize = Math.abs(line.size - prev.size) <= 0.1 * prev.size;
      const wrapped = prev.box[2] >= right - 2 * prev.size;
      const noIndent = body === undefined
        ? line.box[0] <= first + 0.8 * line.size && line.box[0] >= first - 4 * line.size
        : Math.abs(line.box[0] - body) <= 0.8 * line.size;
      const sameRow = line.box[1] < prev.box[3] - 0.3 * line.size; // side by side: never one paragraph
      // Headings are centred: a long title wraps onto a second, shorter centred line.
      const wrappedTitle = kind !== 'p' && prev.box[2] - prev.box[0] >= 0.6 * (right - leftEdge);
      const maxGap = Math.min(1.5 * line.size, Math.max(0.8 * line.size, 1.25 * usualGap));
      if (!sameRow && sameSize && gap < maxGap && (kind === 'p' ? wrapped && noIndent : wrappedTitle)) {
        cur.lines.push(line);
        cur.block.text = joinPieces(cur.block.text, line.text, true);
        cur.block.box = [Math.min(cur.block.box[0], line.box[0]), cur.block.box[1], Math.max(cur.block.box[2], line.box[2]), line.box[3]];
        continue;
      }
    }
    const block: LayoutText = {
      kind, text: line.text, page, box: line.box, size: line.size, ...(margin ? { margin } : {}),
      indented: line.box[0] > leftEdge + 0.8 * line.size,
    };
    blocks.push(block);
    cur = { lines: [line], block };
  }
  for (const b of blocks) {
    b.open = b.kind === 'p' && b.box[2] >= right - 2 * b.size && !/[。；;：:！!？?]$/u.test(b.text);
  }
  return blocks;
}

export async function layoutPage(page: PDFPageProxy, pageNo: number, OPS: Record<string, number>, scanner?: PathScanner | null): Promise<PageLayout> {
  const viewport = page.getViewport({ scale: 1 });
  const vt = viewport.transform as Matrix;
  const content = await page.getTextContent();
  const words: Word[] = [];
  let chars = 0;
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const ws = itemWords(item as TextItem, vt);
    for (const w of ws) chars += w.text.length;
    words.push(...ws);
  }
  const graphics = await pageGraphics(page, OPS, vt, scanner);
  return layoutWords({
    page: pageNo, width: viewport.width, height: viewport.height, toUser: invert(vt), words, rules: graphics.rules, chars,
    hasImages: graphics.hasImages,
  });
}

/**
 * Words and ruling lines of a page (display space) → its layout blocks. The text layer and
 * OCR (src/ocr/page.ts, which finds words and rules on the page image) both end here.
 */
export function layoutWords(input: Omit<PageLayout, 'blocks'> & { words: Word[]; rules: Rule[] }): PageLayout {
  const { page: pageNo, words, rules } = input;
  const viewport = { width: input.width, height: input.height };
  const blocks: LayoutBlock[] = [];
  const used = new Set<Word>();
  for (const region of findRegions(rules, viewport.width, viewport.height)) {
    const built = buildTable(region, words.filter((w) => !used.has(w)), pageNo);
    if (!built) continue;
    for (const w of built.used) used.add(w);
    // A grid with no text at all is decoration, or a table drawn as an image (page warned about).
    if (built.table.rows.some((r) => r.some((c) => c.text !== ''))) blocks.push(built.table);
  }
  const free = words.filter((w) => !used.has(w));
  const rightAligned = findRightAlignedTables(buildLines(free), pageNo);
  const aligned = findAlignedTables(rightAligned.rest, pageNo);
  const { tables: borderless, rest } = findUnruledTables(aligned.rest, pageNo);
  blocks.push(...rightAligned.tables, ...aligned.tables, ...borderless);
  const lines = rest.flatMap(segments);
  const bodySize = median(words.map((w) => w.size)) || 10;
  const right = Math.max(0, ...lines.map((l) => l.box[2]));
  blocks.push(...textBlocks(lines, pageNo, viewport.height, bodySize, right));
  blocks.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  return {
    page: pageNo, width: input.width, height: input.height, toUser: input.toUser, blocks, chars: input.chars,
    hasImages: input.hasImages, ...(input.ocr ? { ocr: input.ocr } : {}),
  };
}
