// Which files a pipeline takes: globs, include/exclude, formats, hidden and editor lock files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePipeline } from '../src/pipeline/config.ts';
import { parseShard, shardOf } from '../src/pipeline/plan.ts';
import { globToRegExp, pipelineFiles } from '../src/pipeline/sources.ts';
import { removeTempDirs, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

describe('globs', () => {
  it('match ** across folders, * within a name, {a,b} alternatives', () => {
    expect(globToRegExp('**/*.pdf').test('a/b/c.pdf')).toBe(true);
    expect(globToRegExp('**/*.pdf').test('c.pdf')).toBe(true);
    expect(globToRegExp('*.pdf').test('a/c.pdf')).toBe(false);
    expect(globToRegExp('drafts/**').test('drafts/x/y.docx')).toBe(true);
    expect(globToRegExp('**/*.{pdf,docx}').test('2023/县/预算.DOCX')).toBe(true);
    expect(globToRegExp('**/*.{pdf,docx}').test('2023/预算.txt')).toBe(false);
    expect(globToRegExp('**/*副本*').test('a/预算 - 副本.pdf')).toBe(true);
  });

  it('read [..] as a character class and keep ** inside {..} a folder wildcard', () => {
    // The former hand-made matcher took `[12]` literally and made `**` in braces a `*`.
    expect(globToRegExp('202[12]/*.pdf').test('2021/a.pdf')).toBe(true);
    expect(globToRegExp('202[12]/*.pdf').test('2022/a.pdf')).toBe(true);
    expect(globToRegExp('202[12]/*.pdf').test('2023/a.pdf')).toBe(false);
    expect(globToRegExp('{drafts/**/*,old/*}.pdf').test('drafts/x/y/z.pdf')).toBe(true);
    expect(globToRegExp('{drafts/**/*,old/*}.pdf').test('old/z.pdf')).toBe(true);
    expect(globToRegExp('{drafts/**/*,old/*}.pdf').test('old/x/z.pdf')).toBe(false);
    expect(globToRegExp('a/[^x]*.txt').test('a/b.txt')).toBe(true);
    expect(globToRegExp('a/[^x]*.txt').test('a/x.txt')).toBe(false);
  });
});

describe('pipeline sources', () => {
  it('take included files, leave out excluded, other formats, hidden and lock files; each file once', () => {
    const dir = tempDir('sources');
    const files = ['2023/a.pdf', '2023/b.docx', '2023/c.txt', '2023/drafts/d.pdf', '2023/.hidden.pdf', '2023/~$b.docx', '2023/e.xlsx', '2023/g.odt', 'other/f.pdf'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), f);
    }
    const p = parsePipeline({
      sources: [{ path: path.join(dir, '2023'), exclude: ['drafts/**'] }, path.join(dir, '2023/a.pdf'), path.join(dir, 'other')],
      formats: ['pdf', 'docx'],
      database: 'x.duckdb',
    }, null);
    const rel = pipelineFiles(p).map((f) => path.relative(dir, f));
    // e.xlsx is another format, left out; g.odt stays: its extension names no format, so it gets a clear "unsupported" failure.
    expect(rel).toEqual(['2023/a.pdf', '2023/b.docx', '2023/g.odt', 'other/f.pdf']);
    const withInclude = parsePipeline({ sources: [{ path: dir, include: ['**/*.txt'] }], include_hidden: true, database: 'x' }, null);
    expect(pipelineFiles(withInclude).map((f) => path.relative(dir, f))).toEqual(['2023/c.txt']);
  });

  it('fail clearly on a missing source', () => {
    const p = parsePipeline({ sources: ['/no/such/folder'], database: 'x' }, null);
    expect(() => pipelineFiles(p)).toThrow(/source \/no\/such\/folder does not exist/);
  });
});

describe('shards', () => {
  it('parse K/N and place each hash in exactly one slice', () => {
    expect(parseShard('2/4')).toEqual({ k: 2, n: 4 });
    expect(() => parseShard('5/4')).toThrow(/between 1 and N/);
    expect(() => parseShard('two')).toThrow(/K\/N/);
    const hashes = ['00', '1f', 'ab', 'ff', '7c', 'e3b0c442'].map((h) => h.padEnd(64, '0'));
    const slices = hashes.map((h) => shardOf(h, 3));
    expect(slices.every((s) => s >= 1 && s <= 3)).toBe(true);
    expect(hashes.map((h) => shardOf(h, 3))).toEqual(slices);
    expect(new Set(slices).size).toBeGreaterThan(1);
  });
});
