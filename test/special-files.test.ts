// Only regular files are read, and never more than the size cap: a FIFO, a folder named x.pdf,
// a device, a symbolic link to /dev/zero or to nothing each get a failed row with a plain
// reason; an empty file is "empty file (0 bytes)", never a duplicate of another empty file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePipeline } from '../src/pipeline/config.ts';
import { readSourceFile } from '../src/pipeline/read-source.ts';
import { runPipeline } from '../src/pipeline/runner.ts';
import { removeTempDirs, rows, sampleFiles, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const reasonOf = async (file: string, max?: number) => {
  const r = await readSourceFile(file, max);
  return 'reason' in r ? r.reason : `read ${r.bytes.length} bytes`;
};

const haveMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!haveMkfifo) console.warn('special-files: mkfifo not found, FIFO cases skipped');
const haveDevZero = fs.existsSync('/dev/zero');
if (!haveDevZero) console.warn('special-files: no /dev/zero, device cases skipped');

describe('readSourceFile', () => {
  const dir = tempDir('special');
  const sample = sampleFiles()[4]!;

  it('reads a regular file, and a symbolic link to one', async () => {
    fs.symlinkSync(sample, path.join(dir, 'link.txt'));
    expect(await reasonOf(sample)).toBe(`read ${fs.statSync(sample).size} bytes`);
    expect(await reasonOf(path.join(dir, 'link.txt'))).toBe(`read ${fs.statSync(sample).size} bytes`);
  });

  it('an empty file, a folder named like a document, a dangling link', async () => {
    fs.writeFileSync(path.join(dir, 'empty.pdf'), '');
    fs.mkdirSync(path.join(dir, 'folder.pdf'));
    fs.symlinkSync(path.join(dir, 'nowhere.pdf'), path.join(dir, 'dangling.pdf'));
    expect(await reasonOf(path.join(dir, 'empty.pdf'))).toBe('empty file (0 bytes)');
    expect(await reasonOf(path.join(dir, 'folder.pdf'))).toBe('not a regular file: a folder');
    expect(await reasonOf(path.join(dir, 'dangling.pdf'))).toBe('dangling symbolic link: its target does not exist');
    expect(await reasonOf(path.join(dir, 'gone.pdf'))).toBe('file was removed before it could be read');
  });

  it('a file over the cap is not read', async () => {
    expect(await reasonOf(sample, 1000)).toMatch(/^file too large: \d+\.\d MB \(limit 0\.0 MB; see max_file_mb\)$/);
  });

  it.skipIf(!haveDevZero)('a symbolic link to /dev/zero is refused without reading it', async () => {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.txt'));
    const rss = process.memoryUsage().rss;
    expect(await reasonOf(path.join(dir, 'zero.txt'))).toBe('not a regular file: a symbolic link to a character device');
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 1024 * 1024);
  });

  it.skipIf(!haveMkfifo)('a FIFO, and a link to one, are refused at once (no writer needed)', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    fs.symlinkSync(path.join(dir, 'pipe.txt'), path.join(dir, 'pipe-link.pdf'));
    expect(await reasonOf(path.join(dir, 'pipe.txt'))).toBe('not a regular file: a FIFO (named pipe)');
    expect(await reasonOf(path.join(dir, 'pipe-link.pdf'))).toBe('not a regular file: a symbolic link to a FIFO (named pipe)');
  });
});

describe('a batch over a folder holding special files', () => {
  it('gives every one a failed row, loads the rest, and two empty files are not duplicates', async () => {
    const dir = tempDir('special-batch');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    fs.copyFileSync(sampleFiles()[4]!, path.join(input, 'good.txt'));
    fs.writeFileSync(path.join(input, 'empty.pdf'), '');
    fs.writeFileSync(path.join(input, 'empty2.pdf'), '');
    fs.mkdirSync(path.join(input, 'folder.pdf'));
    fs.writeFileSync(path.join(input, 'folder.pdf', 'inside.txt'), 'not read');
    fs.symlinkSync(path.join(input, 'nowhere.pdf'), path.join(input, 'dangling.pdf'));
    const expected: Record<string, string> = {
      'good.txt': 'ok',
      'empty.pdf': 'empty file (0 bytes)',
      'empty2.pdf': 'empty file (0 bytes)',
      'folder.pdf': 'not a regular file: a folder',
      'dangling.pdf': 'dangling symbolic link: its target does not exist',
    };
    if (haveDevZero) {
      fs.symlinkSync('/dev/zero', path.join(input, 'zero.txt'));
      expected['zero.txt'] = 'not a regular file: a symbolic link to a character device';
    }
    if (haveMkfifo) {
      execFileSync('mkfifo', [path.join(input, 'fifo.txt')]);
      fs.symlinkSync(path.join(input, 'fifo.txt'), path.join(input, 'fifo-link.txt'));
      expected['fifo.txt'] = 'not a regular file: a FIFO (named pipe)';
      expected['fifo-link.txt'] = 'not a regular file: a symbolic link to a FIFO (named pipe)';
    }
    const db = path.join(dir, 'x.duckdb');
    const pipeline = parsePipeline({ name: 'special', sources: [input], database: db }, null);
    const report = await runPipeline({ pipeline, workers: 0 });
    expect(report.counts.duplicates).toBe(0);
    expect(report.counts.failed).toBe(Object.keys(expected).length - 1);
    const got = await rows(db, 'SELECT source_name, status, error, failed_stage FROM documents');
    const byName = Object.fromEntries(got.map((r) => [String(r.source_name), r.status === 'ok' ? 'ok' : `${r.error}`]));
    expect(byName).toEqual(expected);
    expect(got.filter((r) => r.status !== 'ok').every((r) => r.status === 'failed' && r.failed_stage === 'read')).toBe(true);
    // Unchanged next time: recorded once, not read again.
    const again = await runPipeline({ pipeline, workers: 0 });
    expect(again.counts.unchanged).toBe(Object.keys(expected).length);
  }, 60_000);
});
