// --workers 0: an error raised where nobody awaits it (pdf.js does this for some damaged PDFs)
// must not end the process; it is recorded on the file being parsed. And runtime errors a
// damaged file provokes are reported in plain words.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasonOf, undecodableShare } from '../src/pipeline/process.ts';
import { ROOT, sampleFiles } from './batch-helpers.ts';

describe('errors outside any await', () => {
  it('are recorded on the file being parsed as a warning, and the process goes on', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(ROOT, 'test/fixtures/hostile/stray-rejection.ts'), sampleFiles()[4]!], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toMatch(/UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION/);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { plain: string; status: string; before: number; messages: [number, string, string][] };
    expect(out.status).toBe(out.plain);
    expect(out.messages).toHaveLength(out.before + 1);
    const last = out.messages.at(-1)!;
    expect(last[0]).toBe(out.before + 1);
    expect(last[1]).toBe('stray-error');
    expect(last[2]).toBe('the parser raised 1 error outside its control while reading this file (ignored): Invalid XRef stream header');
  }, 150_000);
});

describe('plain reasons', () => {
  it('for runtime errors a damaged file provokes', () => {
    expect(reasonOf(new RangeError('Maximum call stack size exceeded'))).toMatch(/^damaged file: its structure is nested too deeply to read/);
    expect(reasonOf(new RangeError('Invalid array length'))).toBe('damaged file: a size or count read from it is too large to hold');
    expect(reasonOf(new Error('Not implemented: Type3 font'))).toBe('the file uses a feature the reader does not support (Not implemented: Type3 font)');
    expect(reasonOf(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('file was removed before it could be read');
  });

  it('tell an undecodable text layer from text', () => {
    expect(undecodableShare('2024年部门预算 收入 支出')).toBe(0);
    expect(undecodableShare('\uE012\uE013\uE014 \uFFFD\uFFFD 年')).toBeGreaterThan(0.8);
  });
});
