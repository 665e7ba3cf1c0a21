// Encoding detection: the same document in UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16 LE/BE
// (with or without BOM) and CRLF line ends gives the same tree; undecodable files are refused.
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { decodeText } from '../src/extract/text/decode.ts';
import { extractText } from '../src/extract/text/index.ts';
import { ExtractError } from '../src/extract/types.ts';
import { extractFixture, fixtureBytes, SEEDS } from './text-helpers.ts';

function encodingNote(file: VFile): string | undefined {
  return file.messages.find((m) => m.ruleId === 'text-encoding')?.reason;
}

describe('text extractor, encodings', () => {
  it.each([
    ['enc-000-gb18030.txt', SEEDS.s000, 'gb18030'],
    ['enc-000-utf16le-nobom.txt', SEEDS.s000, 'utf-16le'],
    ['enc-000-crlf.txt', SEEDS.s000, 'utf-8'],
    ['enc-004-gbk.txt', SEEDS.s004, 'gb18030'],
    ['enc-004-utf16be-bom.txt', SEEDS.s004, 'utf-16be'],
    ['enc-004-utf8-bom.txt', SEEDS.s004, 'utf-8-bom'],
  ])('%s gives the same tree as %s (%s)', async (variant, original, encoding) => {
    const a = await extractFixture(original);
    const b = await extractFixture(variant);
    expect(b.tree).toEqual(a.tree);
    expect(b.tree.children.some((n) => n.type === 'element' && n.tagName === 'table')).toBe(true);
    expect(encodingNote(b.file)).toBe(`text encoding: ${encoding}`);
    expect(b.file.messages.find((m) => m.ruleId === 'text-encoding')?.fatal).toBeUndefined();
  });

  it('detects UTF-16 without a BOM in either byte order', () => {
    const text = '部门预算\t2023年\n一级指标\t产出指标\n';
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    expect(decodeText(le)).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(be)).toEqual({ text, encoding: 'utf-16be' });
  });

  it.each([
    ['enc-bad-shiftjis.txt', /encoding not recognised/],
    ['enc-bad-big5.txt', /encoding not recognised/],
    ['enc-bad-latin1.txt', /encoding not recognised/],
    ['enc-bad-binary.txt', /NUL bytes/],
  ])('refuses %s instead of producing mojibake', async (name, reason) => {
    const file = new VFile({ path: name });
    const run = extractText({ path: name, bytes: fixtureBytes(name) }, file);
    await expect(run).rejects.toThrow(ExtractError);
    await expect(run).rejects.toThrow(reason);
  });

  it('refuses an empty or whitespace-only file with a reason', async () => {
    const bytes = new TextEncoder().encode(' \n\t\n');
    await expect(extractText({ path: 'blank.txt', bytes }, new VFile())).rejects.toThrow(/no text/);
  });

  it('refuses a BOM that does not match the bytes', () => {
    expect(() => decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x41]))).toThrow(/byte order mark/);
  });
});

describe('text extractor, damaged UTF-8', () => {
  it('reads a UTF-8 file cut inside its last character, with a warning', async () => {
    const whole = fixtureBytes(SEEDS.s004);
    // cut right after the lead byte of the last multi-byte character
    const lead = whole.findLastIndex((b) => b >= 0xe0 && b <= 0xef);
    const cut = whole.subarray(0, lead + 1);
    const file = new VFile({ path: 'cut.txt' });
    const { tree } = await extractText({ path: 'cut.txt', bytes: cut }, file);
    const warn = file.messages.find((m) => m.ruleId === 'text-damaged');
    expect(warn?.fatal).toBe(false);
    expect(warn?.reason).toMatch(/^1 invalid UTF-8 byte sequence/);
    expect(tree.children.some((n) => n.type === 'element' && n.tagName === 'table')).toBe(true);
  });
});
