// Just enough of a PDF reader to reach each page's content streams, resources and annotations:
// the cross-reference table or stream (with /Prev updates), object streams, Flate. It reads
// well-formed files only: anything it does not know (encryption, another filter, a broken
// cross-reference, a wrong /Length) throws `Unsupported`, and the caller falls back on pdf.js,
// which repairs what it can. Numbers are read as pdf.js reads them (its Lexer.getNumber), so
// coordinates come out bit for bit the same.
import zlib from 'node:zlib';

/** The light reader cannot read this (the caller uses pdf.js instead). */
export class Unsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unsupported';
  }
}

export class Name {
  constructor(readonly name: string) {}
}
export class Ref {
  constructor(readonly num: number, readonly gen: number) {}
}
/** A string's bytes are never needed here: only that a string was there. */
export const STRING = Symbol('string');
export class Stream {
  constructor(readonly dict: Dict, readonly start: number, readonly end: number, readonly ref: string | null) {}
}
export type Dict = Map<string, Value>;
export type Value = number | boolean | null | Name | Ref | typeof STRING | Value[] | Dict | Stream;

const WS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
export const isWhite = (c: number) => WS[c] === 1;
export const isDelim = (c: number) => DELIM[c] === 1 || WS[c] === 1;

/** A tokenizer over bytes shared by the object parser and the content-stream scanner. */
export class Lexer {
  pos: number;
  constructor(readonly buf: Uint8Array, pos = 0, readonly end = buf.length) {
    this.pos = pos;
  }

  skipSpace(): void {
    const b = this.buf;
    while (this.pos < this.end) {
      const c = b[this.pos]!;
      if (WS[c] === 1) this.pos++;
      else if (c === 0x25) { // % comment to end of line
        while (this.pos < this.end && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** pdf.js's Lexer.getNumber, so the doubles are the same. */
  number(): number {
    const b = this.buf;
    const end = this.end;
    let pos = this.pos;
    let ch = b[pos]!;
    let divideBy = 0;
    let sign = 1;
    if (ch === 0x2d) {
      sign = -1;
      ch = ++pos < end ? b[pos]! : -1;
      if (ch === 0x2d) ch = ++pos < end ? b[pos]! : -1;
    } else if (ch === 0x2b) {
      ch = ++pos < end ? b[pos]! : -1;
    }
    if (ch === 0x0a || ch === 0x0d) throw new Unsupported('number split over lines');
    if (ch === 0x2e) {
      divideBy = 10;
      ch = ++pos < end ? b[pos]! : -1;
    }
    if (ch < 0x30 || ch > 0x39) throw new Unsupported('malformed number');
    let value = ch - 0x30;
    while ((ch = ++pos < end ? b[pos]! : -1) >= 0) {
      if (ch >= 0x30 && ch <= 0x39) {
        if (divideBy !== 0) divideBy *= 10;
        value = value * 10 + (ch - 0x30);
      } else if (ch === 0x2e) {
        if (divideBy === 0) divideBy = 1;
        else break;
      } else if (ch === 0x2d) {
        throw new Unsupported('minus sign inside a number');
      } else {
        break;
      }
    }
    this.pos = pos;
    if (divideBy !== 0) value /= divideBy;
    return sign * value;
  }

  /** Past a literal string `( … )`, nested parentheses and escapes included. */
  skipString(): void {
    const b = this.buf;
    let depth = 1;
    this.pos++;
    while (this.pos < this.end) {
      const c = b[this.pos++]!;
      if (c === 0x5c) this.pos++; // the escaped byte cannot open or close
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return;
    }
    throw new Unsupported('unterminated string');
  }

  /** Past a hex string `< … >`. */
  skipHex(): void {
    const i = this.buf.indexOf(0x3e, this.pos + 1);
    if (i < 0 || i >= this.end) throw new Unsupported('unterminated hex string');
    this.pos = i + 1;
  }

  /** A name after its `/`, #xx escapes decoded. */
  name(): string {
    const b = this.buf;
    const start = ++this.pos;
    while (this.pos < this.end && !isDelim(b[this.pos]!)) this.pos++;
    let s = latin1(b, start, this.pos);
    if (s.includes('#')) s = s.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return s;
  }

  /** A bare keyword (`obj`, `R`, `true`, an operator…). */
  keyword(): string {
    const b = this.buf;
    const start = this.pos;
    while (this.pos < this.end && !isDelim(b[this.pos]!)) this.pos++;
    if (this.pos === start) throw new Unsupported(`unexpected byte ${b[this.pos]} at ${this.pos}`);
    return latin1(b, start, this.pos);
  }
}

export function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** Objects of one file, read on demand through its cross-reference. */
export class PdfFile {
  /** Object number → byte offset (in use, type 1) or [object stream, index] (type 2). */
  private readonly xref = new Map<number, number | [number, number]>();
  private readonly cache = new Map<number, Value>();
  private readonly objStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> }>();
  readonly trailer: Dict;

  constructor(readonly bytes: Uint8Array) {
    const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
    const at = tail.lastIndexOf('startxref');
    if (at < 0) throw new Unsupported('no startxref');
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) throw new Unsupported('no startxref offset');
    let offset: number | null = Number(m[1]);
    let trailer: Dict | null = null;
    const seen = new Set<number>();
    while (offset !== null) {
      if (seen.has(offset) || offset >= bytes.length) throw new Unsupported('cross-reference chain loops or points outside the file');
      seen.add(offset);
      const section = this.readXrefSection(offset);
      trailer ??= section;
      const prev = section.get('Prev');
      offset = typeof prev === 'number' ? prev : null;
    }
    this.trailer = trailer!;
    if (this.trailer.has('Encrypt')) throw new Unsupported('encrypted');
  }

  /** One cross-reference section (table or stream) at `offset`; older entries never override newer ones. */
  private readXrefSection(offset: number): Dict {
    const lx = new Lexer(this.bytes, offset);
    lx.skipSpace();
    if (latin1(this.bytes, lx.pos, lx.pos + 4) === 'xref') {
      lx.pos += 4;
      for (;;) {
        lx.skipSpace();
        if (!isDigit(this.bytes[lx.pos])) break;
        const first = this.int(lx);
        lx.skipSpace();
        const count = this.int(lx);
        for (let i = 0; i < count; i++) {
          lx.skipSpace();
          const off = this.int(lx);
          lx.skipSpace();
          this.int(lx); // generation
          lx.skipSpace();
          const kind = lx.keyword();
          if (kind !== 'n' && kind !== 'f') throw new Unsupported('bad cross-reference entry');
          const num = first + i;
          if (!this.xref.has(num)) this.xref.set(num, kind === 'n' ? off : -1);
        }
      }
      if (lx.keyword() !== 'trailer') throw new Unsupported('no trailer');
      const trailer = this.parse(lx);
      if (!(trailer instanceof Map)) throw new Unsupported('bad trailer');
      // A hybrid file: its cross-reference stream lists the objects in object streams.
      const xrefStm = trailer.get('XRefStm');
      if (typeof xrefStm === 'number') this.readXrefSection(xrefStm);
      return trailer;
    }
    const obj = this.parseIndirect(offset, null);
    if (!(obj instanceof Stream) || !(obj.dict.get('Type') instanceof Name) || (obj.dict.get('Type') as Name).name !== 'XRef') {
      throw new Unsupported('startxref points at neither a table nor an xref stream');
    }
    const w = obj.dict.get('W');
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === 'number')) throw new Unsupported('bad /W');
    const [w0, w1, w2] = w as number[];
    const size = obj.dict.get('Size');
    const index = obj.dict.get('Index') ?? [0, size ?? 0];
    if (!Array.isArray(index) || !index.every((x) => typeof x === 'number')) throw new Unsupported('bad /Index');
    const data = this.streamBytes(obj);
    const field = (p: number, n: number, dflt: number) => {
      if (n === 0) return dflt;
      let v = 0;
      for (let k = 0; k < n; k++) v = v * 256 + data[p + k]!;
      return v;
    };
    const rec = w0! + w1! + w2!;
    let p = 0;
    for (let s = 0; s + 1 < index.length; s += 2) {
      const first = index[s] as number, count = index[s + 1] as number;
      for (let i = 0; i < count; i++, p += rec) {
        if (p + rec > data.length) throw new Unsupported('xref stream too short');
        const type = field(p, w0!, 1);
        const a = field(p + w0!, w1!, 0);
        const b = field(p + w0! + w1!, w2!, 0);
        const num = first + i;
        if (this.xref.has(num)) continue;
        if (type === 0) this.xref.set(num, -1);
        else if (type === 1) this.xref.set(num, a);
        else if (type === 2) this.xref.set(num, [a, b]);
      }
    }
    return obj.dict;
  }

  private int(lx: Lexer): number {
    const b = this.bytes;
    const start = lx.pos;
    while (isDigit(b[lx.pos])) lx.pos++;
    if (lx.pos === start) throw new Unsupported('expected an integer');
    return Number(latin1(b, start, lx.pos));
  }

  /** The object `ref` stands for (followed through references), or `v` itself. */
  resolve(v: Value | undefined): Value | undefined {
    for (let hops = 0; v instanceof Ref; hops++) {
      if (hops > 32) throw new Unsupported('reference chain too long');
      v = this.fetch(v.num);
    }
    return v;
  }

  /** `dict[key]`, resolved. */
  get(dict: Dict, key: string): Value | undefined {
    return this.resolve(dict.get(key));
  }

  fetch(num: number): Value {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    // An object needed to read itself (a stream whose /Length is its own number, an object
    // stream inside itself): hostile or broken, not followed.
    if (this.fetching.has(num)) throw new Unsupported(`object ${num} refers to itself`);
    this.fetching.add(num);
    try {
      const where = this.xref.get(num);
      let v: Value;
      if (where === undefined || where === -1) v = null; // a missing or free object is null
      else if (typeof where === 'number') v = this.parseIndirect(where, num);
      else v = this.fromObjStream(where[0], where[1], num);
      this.cache.set(num, v);
      return v;
    } finally {
      this.fetching.delete(num);
    }
  }
  private readonly fetching = new Set<number>();

  private fromObjStream(streamNum: number, index: number, num: number): Value {
    let os = this.objStreams.get(streamNum);
    if (!os) {
      const s = this.fetch(streamNum);
      if (!(s instanceof Stream)) throw new Unsupported('object stream missing');
      const data = this.streamBytes(s);
      const n = s.dict.get('N'), first = s.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number') throw new Unsupported('bad object stream');
      const lx = new Lexer(data);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        lx.skipSpace();
        const objNum = this.intIn(lx);
        lx.skipSpace();
        const off = this.intIn(lx);
        if (!offsets.has(objNum)) offsets.set(objNum, first + off);
      }
      os = { data, offsets };
      this.objStreams.set(streamNum, os);
    }
    const at = os.offsets.get(num);
    if (at === undefined) throw new Unsupported(`object ${num} not in its object stream (index ${index})`);
    const lx = new Lexer(os.data, at);
    return this.parse(lx, true);
  }

  private intIn(lx: Lexer): number {
    const start = lx.pos;
    while (isDigit(lx.buf[lx.pos])) lx.pos++;
    if (lx.pos === start) throw new Unsupported('expected an integer');
    return Number(latin1(lx.buf, start, lx.pos));
  }

  /** `N G obj … endobj` at `offset`. */
  private parseIndirect(offset: number, expect: number | null): Value {
    const lx = new Lexer(this.bytes, offset);
    lx.skipSpace();
    const num = this.int(lx);
    lx.skipSpace();
    this.int(lx);
    lx.skipSpace();
    if (lx.keyword() !== 'obj') throw new Unsupported(`no object at ${offset}`);
    if (expect !== null && num !== expect) throw new Unsupported(`object ${expect} expected at ${offset}, found ${num}`);
    const v = this.parse(lx);
    if (v instanceof Map) {
      lx.skipSpace();
      if (latin1(this.bytes, lx.pos, lx.pos + 6) === 'stream') return this.stream(v, lx.pos + 6, `${num}R`);
    }
    return v;
  }

  private stream(dict: Dict, afterKeyword: number, ref: string): Stream {
    const b = this.bytes;
    let start = afterKeyword;
    if (b[start] === 0x0d) start++;
    if (b[start] === 0x0a) start++;
    const length = this.resolve(dict.get('Length'));
    if (typeof length !== 'number' || length < 0 || start + length > b.length) throw new Unsupported('stream /Length unusable');
    const lx = new Lexer(b, start + length);
    lx.skipSpace();
    if (latin1(b, lx.pos, lx.pos + 9) !== 'endstream') throw new Unsupported('stream /Length does not end at endstream');
    return new Stream(dict, start, start + length, ref);
  }

  /** One object (a value; `N G R` read as a reference). */
  parse(lx: Lexer, inObjStream = false): Value {
    lx.skipSpace();
    const b = lx.buf;
    if (lx.pos >= lx.end) throw new Unsupported('unexpected end of data');
    const c = b[lx.pos]!;
    if (c === 0x2f) return new Name(lx.name());
    if (c === 0x28) { lx.skipString(); return STRING; }
    if (c === 0x3c) {
      if (b[lx.pos + 1] === 0x3c) {
        lx.pos += 2;
        const d: Dict = new Map();
        for (;;) {
          lx.skipSpace();
          if (b[lx.pos] === 0x3e && b[lx.pos + 1] === 0x3e) { lx.pos += 2; return d; }
          if (b[lx.pos] !== 0x2f) throw new Unsupported('dictionary key is not a name');
          const key = lx.name();
          d.set(key, this.parse(lx, inObjStream));
        }
      }
      lx.skipHex();
      return STRING;
    }
    if (c === 0x5b) {
      lx.pos++;
      const a: Value[] = [];
      for (;;) {
        lx.skipSpace();
        if (b[lx.pos] === 0x5d) { lx.pos++; return a; }
        if (lx.pos >= lx.end) throw new Unsupported('unterminated array');
        a.push(this.parse(lx, inObjStream));
      }
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
      const n = lx.number();
      // `N G R`: look ahead for a second integer and R.
      if (Number.isInteger(n) && n >= 0 && isDigit(c)) {
        const save = lx.pos;
        lx.skipSpace();
        if (isDigit(b[lx.pos])) {
          const gStart = lx.pos;
          while (isDigit(b[lx.pos])) lx.pos++;
          const gen = Number(latin1(b, gStart, lx.pos));
          lx.skipSpace();
          if (b[lx.pos] === 0x52 && (lx.pos + 1 >= lx.end || isDelim(b[lx.pos + 1]!))) {
            lx.pos++;
            return new Ref(n, gen);
          }
        }
        lx.pos = save;
      }
      return n;
    }
    const kw = lx.keyword();
    if (kw === 'true') return true;
    if (kw === 'false') return false;
    if (kw === 'null') return null;
    throw new Unsupported(`unexpected keyword ${kw}`);
  }

  /** A stream's decoded bytes: no filter or Flate (with PNG/TIFF-free predictors only). */
  streamBytes(s: Stream): Uint8Array {
    const raw = this.bytes.subarray(s.start, s.end);
    let filter = this.resolve(s.dict.get('Filter'));
    let parms = this.resolve(s.dict.get('DecodeParms'));
    if (Array.isArray(filter)) {
      if (filter.length > 1) throw new Unsupported('several filters');
      filter = this.resolve(filter[0]);
      parms = Array.isArray(parms) ? this.resolve(parms[0]) : parms;
    }
    if (filter === undefined || filter === null) return raw;
    if (!(filter instanceof Name) || (filter.name !== 'FlateDecode' && filter.name !== 'Fl')) {
      throw new Unsupported(`filter ${filter instanceof Name ? filter.name : '?'}`);
    }
    let out: Uint8Array;
    try {
      out = zlib.inflateSync(raw);
    } catch (err) {
      throw new Unsupported(`Flate: ${(err as Error).message}`);
    }
    if (parms instanceof Map) {
      const predictor = this.resolve(parms.get('Predictor'));
      if (typeof predictor === 'number' && predictor > 1) {
        if (predictor < 10) throw new Unsupported('TIFF predictor');
        const cols = this.resolve(parms.get('Columns'));
        const colors = this.resolve(parms.get('Colors')) ?? 1;
        const bpc = this.resolve(parms.get('BitsPerComponent')) ?? 8;
        if (typeof cols !== 'number' || colors !== 1 || bpc !== 8) throw new Unsupported('predictor parameters');
        out = unPng(out, cols);
      }
    }
    return out;
  }

  /** The pages in order, with their inherited /Resources. */
  pages(): { dict: Dict; resources: Dict | null }[] {
    const root = this.get(this.trailer, 'Root');
    if (!(root instanceof Map)) throw new Unsupported('no catalog');
    const out: { dict: Dict; resources: Dict | null }[] = [];
    const seen = new Set<Dict>();
    const walk = (node: Value | undefined, inherited: Dict | null, depth: number) => {
      if (!(node instanceof Map) || seen.has(node) || depth > 64) throw new Unsupported('bad page tree');
      seen.add(node);
      const res = this.get(node, 'Resources');
      const resources = res instanceof Map ? res : res === undefined ? inherited : null;
      const kids = this.get(node, 'Kids');
      if (Array.isArray(kids)) {
        for (const k of kids) walk(this.resolve(k), resources, depth + 1);
      } else {
        out.push({ dict: node, resources });
      }
    };
    walk(this.get(root, 'Pages'), null, 0);
    return out;
  }
}

/** PNG predictor rows (each prefixed with its filter type byte) → plain bytes. */
function unPng(data: Uint8Array, cols: number): Uint8Array {
  const rows = Math.floor(data.length / (cols + 1));
  const out = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (cols + 1)]!;
    const src = r * (cols + 1) + 1;
    const dst = r * cols;
    for (let i = 0; i < cols; i++) {
      const left = i > 0 ? out[dst + i - 1]! : 0;
      const up = r > 0 ? out[dst - cols + i]! : 0;
      const upLeft = r > 0 && i > 0 ? out[dst - cols + i - 1]! : 0;
      const x = data[src + i]!;
      let v: number;
      if (type === 0) v = x;
      else if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new Unsupported('PNG predictor type');
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}
