// ZIP bundles read in memory: member names in GBK (Chinese Windows zip tools), UTF-8 and CP437;
// nested bundles one level deep; zip bombs; names that try to leave the bundle; encrypted and
// damaged members failing alone; RAR and 7z refused with a reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipMembers } from '../src/extract/bundle/zip-members.ts';
import { DEFAULT_ZIP_LIMITS } from '../src/extract/docx/zip-limits.ts';
import { decodeZipName } from '../src/extract/docx/zip-names.ts';
import { sniffFormat } from '../src/extract/sniff.ts';
import { expandBundle, looksLikeBundle } from '../src/pipeline/bundles.ts';
import { sourceNameOf } from '../src/pipeline/member-names.ts';
import { sha256 } from '../src/pipeline/process.ts';
import { gbkEncode } from './fixtures/bundle/gbk.ts';
import { makeZip } from './fixtures/bundle/make-zip.ts';

const SAMPLE = fs.readFileSync(path.join(import.meta.dirname, '../data/samples/004_c2ed7faebcfb9906.txt'));

const expand = (name: string, bytes: Uint8Array) => expandBundle(name, bytes, sha256(bytes));
const failure = (item: { read?: unknown }) => (item.read as { failed?: { info: { error: string | null } } } | undefined)?.failed?.info.error ?? null;

describe('zip member names', () => {
  it('decodes GBK names written without the UTF-8 flag, as Chinese Windows tools do', () => {
    const name = '财政局/2024年部门预算.txt';
    const zip = makeZip([{ name: gbkEncode(name), data: SAMPLE, utf8Flag: false, deflate: true }]);
    const { members } = readZipMembers(zip);
    expect(members.map((m) => m.name)).toEqual([name]);
    expect('bytes' in members[0]! && Buffer.from(members[0].bytes).equals(SAMPLE)).toBe(true);
  });

  it('takes UTF-8 with or without the flag, and CP437 when neither UTF-8 nor GB18030 fits', () => {
    const utf8 = Buffer.from('预算公开.pdf');
    expect(decodeZipName(utf8, true).name).toBe('预算公开.pdf');
    expect(decodeZipName(utf8, false)).toEqual({ name: '预算公开.pdf', encoding: 'utf-8' });
    expect(decodeZipName(gbkEncode('预算公开.pdf'), false)).toEqual({ name: '预算公开.pdf', encoding: 'gb18030' });
    // 0x82 'é' in CP437, followed by a byte GB18030 cannot pair with it.
    expect(decodeZipName(new Uint8Array([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]), false)).toEqual({ name: 'café.txt', encoding: 'cp437' });
  });

  it('names members bundle.zip!/folder/member in source_path and source_name', () => {
    const zip = makeZip([{ name: gbkEncode('二级单位/预算.txt'), data: SAMPLE, utf8Flag: false }]);
    const [item] = expand('/data/2024/附件.zip', zip);
    expect(item!.path).toBe('/data/2024/附件.zip!/二级单位/预算.txt');
    expect(sourceNameOf(item!.path)).toBe('附件.zip!/二级单位/预算.txt');
    expect(sourceNameOf('/data/2024/预算.pdf')).toBe('预算.pdf');
  });
});

describe('bundles in bundles', () => {
  it('opens a bundle inside a bundle, one level deep; deeper ones fail alone', () => {
    const inner = makeZip([{ name: 'b.txt', data: SAMPLE }]);
    const innermost = makeZip([{ name: 'c.txt', data: SAMPLE }]);
    const middle = makeZip([{ name: 'deeper.zip', data: innermost }]);
    const outer = makeZip([{ name: 'a.txt', data: 'x' }, { name: 'inner.zip', data: inner }, { name: 'middle.zip', data: middle }]);
    const items = expand('outer.zip', outer);
    expect(items.map((i) => i.path)).toEqual(['outer.zip!/a.txt', 'outer.zip!/inner.zip!/b.txt', 'outer.zip!/middle.zip!/deeper.zip']);
    expect(failure(items[1]!)).toBeNull();
    expect(failure(items[2]!)).toMatch(/nested more than one level deep/);
  });

  it('does not take a DOCX for a bundle', () => {
    const docx = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/docx/004_c2ed7faebcfb9906.docx'));
    expect(looksLikeBundle(docx, 'x.docx')).toBe(false);
    expect(looksLikeBundle(makeZip([{ name: 'a.pdf', data: '%PDF-' }]), 'attachments')).toBe(true);
  });
});

describe('bad bundles and bad members', () => {
  it('refuses a zip bomb as a whole, before inflating it', () => {
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const bomb = makeZip([{ name: 'a.txt', data: SAMPLE }, { name: 'zeros.txt', data: zeros, deflate: true }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const items = expand('bomb.zip', bomb);
    expect(items.map((i) => i.path)).toEqual(['bomb.zip']);
    expect(failure(items[0]!)).toMatch(/^ZIP bundle cannot be opened: zip bomb suspected: zeros\.txt inflates \d+:1/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('says a big bundle of ordinary documents is too large to hold in memory (not a bomb)', () => {
    const zip = makeZip([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: Buffer.concat([SAMPLE, Buffer.from('\n'.repeat(i))]), deflate: true })));
    const limits = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 2 * SAMPLE.length };
    expect(() => readZipMembers(zip, limits)).toThrow(/^too large to open in memory: members inflate to 23 KB \(limit 16 KB\); unpack it and ingest the folder$/);
    expect(readZipMembers(zip, { ...limits, maxTotalBytes: 4 * SAMPLE.length }).members.length).toBe(3);
  });

  it('stops inflating a member that lies about its size; that member fails alone', () => {
    const zip = makeZip([{ name: 'lying.txt', data: new Uint8Array(100_000), deflate: true, declaredSize: 2000 }, { name: 'ok.txt', data: SAMPLE }]);
    const items = expand('b.zip', zip);
    expect(failure(items[0]!)).toBe('cannot read member: zip bomb suspected: inflates beyond its declared 2000 bytes');
    expect(items[1]!.read && 'bytes' in items[1]!.read).toBe(true);
  });

  it('never reads or writes a member whose name leaves the bundle', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-traversal-'));
    try {
      const names = ['../evil.txt', 'a/../../evil2.txt', '/tmp/evil3.txt', 'C:/evil4.txt', '..\\evil5.txt'];
      const zip = makeZip([...names.map((name) => ({ name, data: SAMPLE })), { name: 'fine.txt', data: SAMPLE }]);
      const items = expand(path.join(dir, 'in', 'b.zip'), zip);
      expect(items.slice(0, -1).map(failure)).toEqual(names.map((n) => expect.stringMatching(/^unsafe member name \((absolute path|path leads out of the bundle \(\.\.\))\): not read$/)));
      expect(failure(items.at(-1)!)).toBeNull();
      // Nothing was written anywhere near the bundle.
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(items.every((i) => !i.read || !('bytes' in i.read) || i.path.endsWith('fine.txt'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails an encrypted or damaged member alone, and skips folders and system clutter', () => {
    const zip = makeZip([
      { name: 'docs/', data: '' },
      { name: '__MACOSX/docs/._a.txt', data: 'x' },
      { name: 'docs/.DS_Store', data: 'x' },
      { name: 'docs/secret.txt', data: SAMPLE, encrypted: true },
      { name: 'docs/ok.txt', data: SAMPLE, deflate: true },
    ]);
    const items = expand('b.zip', zip);
    expect(items.map((i) => [i.path, failure(i)])).toEqual([
      ['b.zip!/docs/secret.txt', 'password-protected (encrypted) member'],
      ['b.zip!/docs/ok.txt', null],
    ]);
    // Damaged data: a stored member with bytes changed after its CRC was taken, a deflated one with a broken stream.
    const stored = makeZip([{ name: 'a.txt', data: SAMPLE }, { name: 'b.txt', data: SAMPLE, deflate: true }, { name: 'c.txt', data: SAMPLE }]);
    stored[30 + 'a.txt'.length + 10] ^= 0xff;
    const bStart = 30 + 5 + SAMPLE.length + 30 + 5;
    stored.fill(0xff, bStart, bStart + 40);
    expect(expand('d.zip', stored).map((i) => [i.path, failure(i)])).toEqual([
      ['d.zip!/a.txt', 'cannot read member: CRC mismatch (damaged member)'],
      ['d.zip!/b.txt', expect.stringMatching(/^cannot read member: (cannot inflate|CRC mismatch|inflates to)/)],
      ['d.zip!/c.txt', null],
    ]);
  });

  it('gives a damaged or empty bundle one failed row under its own path', () => {
    const zip = makeZip([{ name: 'a.txt', data: SAMPLE }]);
    const items = expand('cut.zip', zip.subarray(0, zip.length - 30));
    expect(items.map((i) => [i.path, failure(i)])).toEqual([['cut.zip', expect.stringMatching(/^ZIP bundle cannot be opened: not a ZIP bundle: /)]]);
    expect(failure(expand('empty.zip', makeZip([{ name: 'folder/', data: '' }]))[0]!)).toBe('empty ZIP bundle: no documents in it');
  });

  it('refuses RAR and 7z archives with a reason', () => {
    const rar = new Uint8Array([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00, 0, 0, 0]);
    const sevenZip = new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4, 0, 0]);
    expect(() => sniffFormat(rar, '附件.rar')).toThrow(/^RAR archive: not supported \(only ZIP bundles are opened\); extract it/);
    expect(() => sniffFormat(sevenZip, 'attachments.7z')).toThrow(/^7z archive: not supported/);
  });
});
