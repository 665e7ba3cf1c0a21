// The light pass for ruling lines: a page's content streams (and the Form XObjects they paint)
// read for path, state and image operators only, giving the part of pdf.js's operator list
// that rules.ts reads (save/restore, transform, constructPath, form begin/end, image paints),
// in pdf.js's own shapes: paths as Float32Array DrawOPS, rectangles as pdf.js expands them,
// one path buffer shared across q/Q, unbalanced q's closed at the end of each stream.
// getOperatorList, which also decodes every image and translates every glyph, cost about 70 %
// of getTextContent on the real PDFs; this pass a few percent. Anything it does not model
// exactly (inline images, soft masks, annotations with appearances, malformed operators)
// throws Unsupported and that page goes through getOperatorList.
import { type Dict, Lexer, Name, PdfFile, STRING, Stream, Unsupported } from './pdf-file.ts';

type OpsTable = Record<string, number>;

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

/** pdf.js's content operators (EvaluatorPreprocessor.opMap): argument count, variable or not. */
const OPERATORS: Record<string, [numArgs: number, variableArgs: boolean] | null> = {
  w: [1, false], J: [1, false], j: [1, false], M: [1, false], d: [2, false], ri: [1, false], i: [1, false],
  gs: [1, false], q: [0, false], Q: [0, false], cm: [6, false],
  m: [2, false], l: [2, false], c: [6, false], v: [4, false], y: [4, false], h: [0, false], re: [4, false],
  S: [0, false], s: [0, false], f: [0, false], F: [0, false], 'f*': [0, false], B: [0, false], 'B*': [0, false],
  b: [0, false], 'b*': [0, false], n: [0, false], W: [0, false], 'W*': [0, false],
  BT: [0, false], ET: [0, false], Tc: [1, false], Tw: [1, false], Tz: [1, false], TL: [1, false], Tf: [2, false],
  Tr: [1, false], Ts: [1, false], Td: [2, false], TD: [2, false], Tm: [6, false], 'T*': [0, false],
  Tj: [1, false], TJ: [1, false], "'": [1, false], '"': [3, false], d0: [2, false], d1: [6, false],
  CS: [1, false], cs: [1, false], SC: [4, true], SCN: [33, true], sc: [4, true], scn: [33, true],
  G: [1, false], g: [1, false], RG: [3, false], rg: [3, false], K: [4, false], k: [4, false],
  sh: [1, false], BI: [0, false], ID: [0, false], EI: [1, false], Do: [1, false],
  MP: [1, false], DP: [2, false], BMC: [1, false], BDC: [2, false], EMC: [0, false], BX: [0, false], EX: [0, false],
  // Prefixes pdf.js's lexer knows, so that it splits `fQ` into `f` `Q` as pdf.js does.
  BM: null, BD: null, true: null, fa: null, fal: null, fals: null, false: null, nu: null, nul: null, null: null,
};
const KNOWN = new Map(Object.entries(OPERATORS));
/** The operators (not the prefixes) by their 1–3 bytes packed little-endian in a number. */
const BY_BYTES = new Map<number, string>();
for (const [op, spec] of KNOWN) {
  if (spec && op.length <= 3) BY_BYTES.set([...op].reduce((k, ch, i) => k | (ch.charCodeAt(0) << (8 * i)), 0), op);
}

/** Operators of one page's list beyond which the light pass gives up (a real page has thousands). */
const MAX_OPS = 2_000_000;
/** Content bytes one page may have scanned (forms counted each time they are painted). */
const MAX_BYTES = 64 * 2 ** 20;

/** DrawOPS of pdf.js paths. */
const MOVE = 0, LINE = 1, CURVE = 2, CLOSE = 4;

/** Placeholders for arguments whose content the pass never needs. */
const ARRAY = Symbol('array');
const DICT = Symbol('dict');
/** A name operand, decoded only when an operator needs it (Do, gs): most are font or colour names. */
class NameAt {
  constructor(readonly buf: Uint8Array, readonly at: number) {}
  get name(): string {
    return new Lexer(this.buf, this.at).name();
  }
}
type Arg = number | boolean | null | NameAt | typeof STRING | typeof ARRAY | typeof DICT;

const SPECIAL = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) SPECIAL[c] = 1;
for (const c of '()<>[]{}/%') SPECIAL[c.charCodeAt(0)] = 1;

/** The content-stream scanner of one document. */
export class PathScanner {
  private readonly file: PdfFile;
  private readonly pages: { dict: Dict; resources: Dict | null }[];
  private readonly formBytes = new Map<Stream, Uint8Array>();
  private scanned = 0;

  /** Throws Unsupported when the file's structure is beyond this reader. */
  constructor(bytes: Uint8Array, private readonly OPS: OpsTable) {
    this.file = new PdfFile(bytes);
    this.pages = this.file.pages();
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** The path part of page `index`'s (0-based) operator list; throws Unsupported. */
  operatorList(index: number): OperatorList {
    const page = this.pages[index];
    if (!page) throw new Unsupported(`no page ${index + 1}`);
    const f = this.file;
    const annots = f.get(page.dict, 'Annots');
    if (Array.isArray(annots)) {
      for (const a of annots) {
        const d = f.resolve(a);
        if (!(d instanceof Map)) continue;
        const sub = f.get(d, 'Subtype');
        // pdf.js paints appearance streams (and makes some up): only plain links have none.
        if (!(sub instanceof Name && sub.name === 'Link') || d.has('AP')) throw new Unsupported('annotation with an appearance');
      }
    }
    const contents = f.get(page.dict, 'Contents');
    const streams: Stream[] = [];
    if (contents instanceof Stream) streams.push(contents);
    else if (Array.isArray(contents)) for (const c of contents) { const s = f.resolve(c); if (s instanceof Stream) streams.push(s); }
    const parts = streams.map((s) => f.streamBytes(s));
    const total = parts.reduce((n, p) => n + p.length, 0);
    // pdf.js reads the pieces as one stream, nothing in between.
    const bytes = parts.length === 1 ? parts[0]! : new Uint8Array(total);
    if (parts.length !== 1) { let at = 0; for (const p of parts) { bytes.set(p, at); at += p.length; } }
    const out: OperatorList = { fnArray: [], argsArray: [] };
    this.scanned = 0;
    this.run(bytes, page.resources, out, [], 0, 0);
    return out;
  }

  private run(bytes: Uint8Array, resources: Dict | null, out: OperatorList, forms: Stream[], x0: number, y0: number): void {
    const OPS = this.OPS;
    this.scanned += bytes.length;
    if (this.scanned > MAX_BYTES || out.fnArray.length > MAX_OPS) throw new Unsupported('too much content on one page');
    const lx = new Lexer(bytes);
    const b = bytes;
    const end = bytes.length;
    const args: Arg[] = [];
    let path: number[] = [];
    let cx = x0, cy = y0;
    const points: number[] = [];
    let depth = 0;
    const emit = (fn: number, a: unknown) => {
      // Forms painting forms painting forms can multiply without end: past this, pdf.js decides.
      if (out.fnArray.push(fn) > MAX_OPS) throw new Unsupported('too many operators');
      out.argsArray.push(a);
    };
    const num = (i: number): number => {
      const v = args[i];
      if (typeof v !== 'number') throw new Unsupported('operand is not a number');
      return v;
    };
    for (;;) {
      lx.skipSpace();
      if (lx.pos >= end) break;
      const c = b[lx.pos]!;
      // Operands.
      if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) { args.push(lx.number()); }
      else if (c === 0x2f) {
        args.push(new NameAt(b, lx.pos));
        lx.pos++;
        while (lx.pos < end && SPECIAL[b[lx.pos]!] !== 1) lx.pos++;
      }
      else if (c === 0x28) { lx.skipString(); args.push(STRING); }
      else if (c === 0x3c) {
        if (b[lx.pos + 1] === 0x3c) { skipComposite(lx); args.push(DICT); } else { lx.skipHex(); args.push(STRING); }
      } else if (c === 0x5b) { skipComposite(lx); args.push(ARRAY); }
      else if (SPECIAL[c] === 1) throw new Unsupported(`unexpected ${String.fromCharCode(c)} in content`);
      else {
        // An operator, split the way pdf.js's lexer splits run-together ones.
        if (c < 0x20 || c > 0x7f) throw new Unsupported('non-ASCII operator');
        // Fast path: a whole token that is an operator is what pdf.js reads too (the table
        // holds every prefix its lexer needs to get there).
        const start = lx.pos;
        let stop = start + 1;
        while (stop < end && SPECIAL[b[stop]!] !== 1) stop++;
        const fast = stop - start <= 3 ? BY_BYTES.get(b[start]! | (stop - start > 1 ? b[start + 1]! << 8 : 0) | (stop - start > 2 ? b[start + 2]! << 16 : 0)) : undefined;
        let str: string;
        if (fast !== undefined) {
          str = fast;
          lx.pos = stop;
        } else {
          str = String.fromCharCode(c);
          let known = KNOWN.has(str);
          lx.pos++;
          while (lx.pos < end && SPECIAL[b[lx.pos]!] !== 1) {
            const next = str + String.fromCharCode(b[lx.pos]!);
            if (known && !KNOWN.has(next)) break;
            if (str.length > 128) throw new Unsupported('operator too long');
            str = next;
            known = KNOWN.has(str);
            lx.pos++;
          }
        }
        if (str === 'true') { args.push(true); continue; }
        if (str === 'false') { args.push(false); continue; }
        if (str === 'null') { args.push(null); continue; }
        const spec = OPERATORS[str];
        if (!spec) throw new Unsupported(`operator ${str}`);
        if (spec[1] ? args.length > spec[0] : args.length !== spec[0]) throw new Unsupported(`operator ${str} with ${args.length} operands`);
        switch (str) {
          case 'q':
            emit(OPS.save!, []);
            points.push(cx, cy);
            depth++;
            break;
          case 'Q':
            emit(OPS.restore!, []);
            if (depth > 0) { cy = points.pop()!; cx = points.pop()!; depth--; }
            break;
          case 'cm':
            emit(OPS.transform!, [num(0), num(1), num(2), num(3), num(4), num(5)]);
            break;
          case 're': {
            const x = num(0), y = num(1), w = num(2), h = num(3);
            cx = x; cy = y;
            const xw = x + w, yh = y + h;
            if (w === 0 || h === 0) path.push(MOVE, x, y, LINE, xw, yh, CLOSE);
            else path.push(MOVE, x, y, LINE, xw, y, LINE, xw, yh, LINE, x, yh, CLOSE);
            break;
          }
          case 'm':
          case 'l':
            cx = num(0); cy = num(1);
            path.push(str === 'm' ? MOVE : LINE, cx, cy);
            break;
          case 'c':
            path.push(CURVE, num(0), num(1), num(2), num(3), num(4), num(5));
            cx = num(4); cy = num(5);
            break;
          case 'v':
            path.push(CURVE, cx, cy, num(0), num(1), num(2), num(3));
            cx = num(2); cy = num(3);
            break;
          case 'y':
            path.push(CURVE, num(0), num(1), num(2), num(3), num(2), num(3));
            cx = num(2); cy = num(3);
            break;
          case 'h':
            path.push(CLOSE);
            break;
          case 'S': case 's': case 'f': case 'F': case 'f*': case 'B': case 'B*': case 'b': case 'b*': case 'n': {
            const fn = PAINT[str]!;
            if (str === 's' || str === 'b' || str === 'b*') path.push(CLOSE);
            if (path.length === 0) emit(OPS.constructPath!, [OPS[fn], [null], null]);
            else { emit(OPS.constructPath!, [OPS[fn], [new Float32Array(path)], null]); path = []; }
            break;
          }
          case 'Do':
            this.paintXObject(args[0], resources, out, forms, cx, cy);
            break;
          case 'gs':
            this.checkGState(args[0], resources);
            break;
          case 'BI':
            throw new Unsupported('inline image');
          default:
            break;
        }
        args.length = 0;
        continue;
      }
      if (args.length > 33) throw new Unsupported('too many operands');
    }
    // pdf.js closes the q's a stream leaves open.
    for (let i = 0; i < depth; i++) emit(OPS.restore!, []);
  }

  private paintXObject(arg: Arg | undefined, resources: Dict | null, out: OperatorList, forms: Stream[], cx: number, cy: number): void {
    const f = this.file;
    const OPS = this.OPS;
    if (!(arg instanceof NameAt)) throw new Unsupported('Do without a name');
    const xobjs = resources ? f.get(resources, 'XObject') : undefined;
    if (!(xobjs instanceof Map)) throw new Unsupported('no XObject resources');
    const xobj = f.resolve(xobjs.get(arg.name));
    if (!(xobj instanceof Stream)) throw new Unsupported(`XObject ${arg.name} missing`);
    const type = f.get(xobj.dict, 'Subtype');
    if (!(type instanceof Name)) throw new Unsupported('XObject without a subtype');
    if (xobj.dict.has('OC')) throw new Unsupported('optional content on an XObject');
    if (type.name === 'Image') {
      const w = f.get(xobj.dict, 'W') ?? f.get(xobj.dict, 'Width');
      const h = f.get(xobj.dict, 'H') ?? f.get(xobj.dict, 'Height');
      if (!(w && typeof w === 'number') || !(h && typeof h === 'number')) return; // pdf.js skips it
      const mask = f.get(xobj.dict, 'IM') ?? f.get(xobj.dict, 'ImageMask');
      if (mask) {
        // A one-pixel mask may become a solid fill (not an image) in pdf.js.
        if (w === 1 && h === 1) throw new Unsupported('one-pixel image mask');
        out.fnArray.push(OPS.paintImageMaskXObject!);
        out.argsArray.push([]);
      } else {
        out.fnArray.push(OPS.paintImageXObject!);
        out.argsArray.push([]);
      }
      return;
    }
    if (type.name === 'PS') return;
    if (type.name !== 'Form') throw new Unsupported(`XObject subtype ${type.name}`);
    if (forms.includes(xobj) || forms.length > 16) throw new Unsupported('forms nested in a loop');
    const matrix = f.get(xobj.dict, 'Matrix');
    const m = Array.isArray(matrix) && matrix.length === 6 ? matrix.map((v) => f.resolve(v)) : null;
    const f32 = m && m.every((v) => typeof v === 'number') ? new Float32Array(m as number[]) : null;
    out.fnArray.push(OPS.paintFormXObjectBegin!);
    out.argsArray.push([f32, null]);
    const local = f.get(xobj.dict, 'Resources');
    let bytes = this.formBytes.get(xobj);
    if (!bytes) { bytes = f.streamBytes(xobj); this.formBytes.set(xobj, bytes); }
    this.run(bytes, local instanceof Map ? local : resources, out, [...forms, xobj], cx, cy);
    out.fnArray.push(OPS.paintFormXObjectEnd!);
    out.argsArray.push([]);
  }

  /** A graphics state with a soft mask paints the mask's form into the list: not modelled. */
  private checkGState(arg: Arg | undefined, resources: Dict | null): void {
    const f = this.file;
    if (!(arg instanceof NameAt) || !resources) return;
    const states = f.get(resources, 'ExtGState');
    if (!(states instanceof Map)) return;
    const gs = f.resolve(states.get(arg.name));
    if (gs instanceof Map && f.get(gs, 'SMask') instanceof Map) throw new Unsupported('soft mask');
  }
}

const PAINT: Record<string, string> = {
  S: 'stroke', s: 'closeStroke', f: 'fill', F: 'fill', 'f*': 'eoFill', B: 'fillStroke', 'B*': 'eoFillStroke',
  b: 'closeFillStroke', 'b*': 'closeEOFillStroke', n: 'endPath',
};

/** Past an array `[ … ]` or dictionary `<< … >>` operand (strings inside included). */
function skipComposite(lx: Lexer): void {
  const b = lx.buf;
  let depth = 0;
  while (lx.pos < lx.end) {
    const c = b[lx.pos]!;
    if (c === 0x28) { lx.skipString(); continue; }
    if (c === 0x25) { lx.skipSpace(); continue; }
    if (c === 0x5b) { depth++; lx.pos++; }
    else if (c === 0x5d) { depth--; lx.pos++; }
    else if (c === 0x3c && b[lx.pos + 1] === 0x3c) { depth++; lx.pos += 2; }
    else if (c === 0x3e && b[lx.pos + 1] === 0x3e) { depth--; lx.pos += 2; }
    else if (c === 0x3c) { lx.skipHex(); }
    else lx.pos++;
    if (depth === 0) return;
    if (depth < 0) throw new Unsupported('unbalanced brackets');
  }
  throw new Unsupported('unterminated array or dictionary');
}

/** The scanner for a document, or null when its structure is beyond the light reader (or its
 * page count disagrees with pdf.js's): every page then goes through getOperatorList. */
export function openPathScanner(bytes: Uint8Array, OPS: OpsTable, numPages: number): PathScanner | null {
  try {
    const scanner = new PathScanner(bytes, OPS);
    return scanner.pageCount === numPages ? scanner : null;
  } catch {
    return null;
  }
}
