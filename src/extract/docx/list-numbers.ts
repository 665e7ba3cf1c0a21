// Writes automatic list numbers (一、 1. (1) ①) into the paragraphs they belong to, as
// printed. mammoth keeps only the list structure and drops the numbers, yet headings such as
// "一、部门职责" or goals "1.完成培训" are often numbered by Word rather than typed.
// Numbering comes from the paragraph's w:numPr or its style's (through w:basedOn), the level
// definitions from numbering.xml; counters are kept per list, in document order.
import { MAX_LIST_LEVEL, MAX_LIST_START } from '../limits.ts';
import { formatNumber } from './number-formats.ts';
import { paragraphStyleId, readParagraphStyles } from './paragraph-styles.ts';
import {
  childElements, createW, firstChild, setXmlSpacePreserve, wAttr, wName, type XmlElement,
} from './word-xml.ts';

interface Level {
  start: number;
  fmt: string;
  text: string;
  /** w:isLgl: earlier levels shown as decimal. */
  legal: boolean;
  suffix: string;
}

interface NumDef {
  abstractId: string;
  levels: Map<number, Level>;
  /** w:startOverride per level. */
  starts: Map<number, number>;
}

const attr = (el: XmlElement | undefined, name = 'w:val') => wAttr(el, name);

// Levels and start numbers are bounded by what Word can hold (limits.ts): a damaged value must
// not become a billion-slot counter array or a number spelled with millions of letters.
function levelOf(v: string | null | undefined): number {
  const n = Number(v ?? 0);
  return Number.isInteger(n) && n >= 0 && n <= MAX_LIST_LEVEL ? n : 0;
}

function startOf(v: string | null | undefined): number {
  const n = Number(v ?? 1);
  return Number.isInteger(n) ? Math.min(Math.max(n, 0), MAX_LIST_START) : 1;
}

function readLevels(el: XmlElement, into: Map<number, Level>): void {
  for (const lvl of childElements(el)) {
    if (wName(lvl) !== 'w:lvl') continue;
    const ilvl = levelOf(attr(lvl, 'w:ilvl'));
    const suff = attr(firstChild(lvl, 'w:suff'));
    into.set(ilvl, {
      start: startOf(attr(firstChild(lvl, 'w:start'))),
      fmt: attr(firstChild(lvl, 'w:numFmt')) ?? 'decimal',
      text: attr(firstChild(lvl, 'w:lvlText')) ?? '',
      legal: !!firstChild(lvl, 'w:isLgl'),
      suffix: suff === 'nothing' ? '' : ' ',
    });
  }
}

function readNumbering(numbering: Document): Map<string, NumDef> {
  const abstracts = new Map<string, Map<number, Level>>();
  const root = numbering.documentElement;
  const defs = new Map<string, NumDef>();
  if (!root) return defs;
  for (const el of childElements(root)) {
    if (wName(el) !== 'w:abstractNum') continue;
    const levels = new Map<number, Level>();
    readLevels(el, levels);
    abstracts.set(attr(el, 'w:abstractNumId') ?? '', levels);
  }
  for (const el of childElements(root)) {
    if (wName(el) !== 'w:num') continue;
    const abstractId = attr(firstChild(el, 'w:abstractNumId')) ?? '';
    const levels = new Map(abstracts.get(abstractId) ?? []);
    const starts = new Map<number, number>();
    for (const o of childElements(el)) {
      if (wName(o) !== 'w:lvlOverride') continue;
      const ilvl = levelOf(attr(o, 'w:ilvl'));
      const start = attr(firstChild(o, 'w:startOverride'));
      if (start !== null) starts.set(ilvl, startOf(start));
      const lvl = firstChild(o, 'w:lvl');
      if (lvl) readLevels(o, levels);
    }
    defs.set(attr(el, 'w:numId') ?? '', { abstractId, levels, starts });
  }
  return defs;
}

interface NumRef { numId: string | null; ilvl: number | null }

function numPrOf(pPr: XmlElement | undefined): NumRef | null {
  const numPr = pPr && firstChild(pPr, 'w:numPr');
  if (!numPr) return null;
  const ilvl = attr(firstChild(numPr, 'w:ilvl'));
  return { numId: attr(firstChild(numPr, 'w:numId')), ilvl: ilvl === null ? null : levelOf(ilvl) };
}

/** Numbering a paragraph style carries: the nearest w:numId in its chain, and the nearest w:ilvl. */
function styleNumbering(chain: XmlElement[]): NumRef | null {
  const refs = chain.map(numPrOf).filter((r): r is NumRef => r !== null);
  const numId = refs.find((r) => r.numId)?.numId ?? null;
  if (!numId) return null;
  return { numId, ilvl: refs.find((r) => r.ilvl !== null)?.ilvl ?? null };
}

function isDeletedMark(pPr: XmlElement | undefined): boolean {
  const rPr = pPr && firstChild(pPr, 'w:rPr');
  return !!rPr && !!firstChild(rPr, 'w:del');
}

/**
 * Prefix numbered paragraphs with their number and remove their numbering (so mammoth reads
 * them as plain paragraphs). Bullets are not text and are dropped. Returns how many were numbered.
 */
export function writeListNumbers(doc: Document, paragraphs: XmlElement[], numbering: Document | null, styles: Document | null): number {
  if (!numbering) return 0;
  const defs = readNumbering(numbering);
  const styleChain = readParagraphStyles(styles);
  // counters[abstractId][ilvl]
  const counters = new Map<string, number[]>();
  let count = 0;
  for (const p of paragraphs) {
    const pPr = firstChild(p, 'w:pPr');
    const own = numPrOf(pPr);
    const fromStyle = styleNumbering(styleChain(paragraphStyleId(pPr)));
    const numId = own?.numId ?? fromStyle?.numId ?? null;
    const ilvl = own?.ilvl ?? fromStyle?.ilvl ?? 0;
    if (!numId || numId === '0' || isDeletedMark(pPr)) continue;
    const def = defs.get(numId);
    const level = def?.levels.get(ilvl);
    if (!def || !level) continue;
    // A list instance that overrides its start numbers counts on its own; others share the
    // counters of their abstract list (as Word continues them).
    const key = def.starts.size > 0 ? `num:${numId}` : `abs:${def.abstractId}`;
    let c = counters.get(key);
    if (!c) counters.set(key, (c = []));
    const startOf = (l: number) => def.starts.get(l) ?? def.levels.get(l)?.start ?? 1;
    c[ilvl] = c[ilvl] === undefined ? startOf(ilvl) : c[ilvl]! + 1;
    c.length = ilvl + 1; // deeper levels restart
    if (level.fmt === 'bullet') continue;
    const prefix = level.text.replace(/%([1-9])/g, (_, k: string) => {
      const l = Number(k) - 1;
      const value = c![l] ?? startOf(l);
      const fmt = level.legal && l < ilvl ? 'decimal' : def.levels.get(l)?.fmt ?? 'decimal';
      return formatNumber(value, fmt);
    });
    if (!prefix) continue;
    const run = createW(doc, 'w:r');
    const t = createW(doc, 'w:t');
    setXmlSpacePreserve(t);
    t.appendChild(doc.createTextNode(prefix + level.suffix));
    run.appendChild(t);
    p.insertBefore(run, pPr ? pPr.nextSibling : p.firstChild);
    count++;
  }
  // Take the numbering off so mammoth does not also make lists (the numbers are text now).
  for (const p of paragraphs) {
    const pPr = firstChild(p, 'w:pPr');
    const numPr = pPr && firstChild(pPr, 'w:numPr');
    if (numPr) pPr.removeChild(numPr);
  }
  return count;
}
