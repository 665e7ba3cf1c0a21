// A file being parsed when the process dies leaves an "in progress" marker. The next run parses
// it once more in a separate process: a file the run was merely reading when it was killed
// (kill -9) then loads; a file that kills the process (here a test hook aborts it, as V8's
// fatal "invalid size" error does) is recorded as failed at stage `crash` and the run goes on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProgressDirFor } from '../src/pipeline/in-progress.ts';
import { removeTempDirs, ROOT, rows, sampleFiles, startCli, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function corpus(name: string, special: string): { input: string; db: string } {
  const dir = tempDir(name);
  const input = path.join(dir, 'in');
  fs.mkdirSync(input);
  const [a, b] = sampleFiles();
  fs.copyFileSync(a!, path.join(input, 'a.txt'));
  // Different content from a.txt (not a duplicate), parsed second.
  fs.writeFileSync(path.join(input, special), Buffer.concat([fs.readFileSync(b!), Buffer.from('\n')]));
  fs.copyFileSync(sampleFiles()[4]!, path.join(input, 'z.txt'));
  return { input, db: path.join(dir, 'x.duckdb') };
}

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/budget-ingest.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

const statuses = async (db: string) =>
  (await rows(db, 'SELECT source_name, status, failed_stage, error FROM documents ORDER BY source_name')) as { source_name: string; status: string; failed_stage: string | null; error: string | null }[];

describe('a file that kills the process', () => {
  for (const workers of [0, 1]) {
    it(`--workers ${workers}: aborts the first run; the next run records it as failed and loads the rest`, async () => {
      const { input, db } = corpus(`abort-w${workers}`, 'abort.txt');
      const args = ['ingest', input, '--db', db, '--workers', String(workers), '--progress', 'none', '--incremental'];
      const hook = { BUDGET_INGEST_TEST_ABORT_ON: 'abort.txt' };
      const first = cli(args, hook);
      expect(first.signal).toBe('SIGABRT');
      expect(fs.readdirSync(inProgressDirFor(db))).toHaveLength(1);

      const again = cli(args, hook);
      expect(again.signal).toBeNull();
      expect(again.status).toBe(1);
      const docs = await statuses(db);
      expect(docs.map((d) => [d.source_name, d.status, d.failed_stage])).toEqual([
        ['a.txt', 'ok', null], ['abort.txt', 'failed', 'crash'], ['z.txt', 'ok', null],
      ]);
      expect(docs[1]!.error).toMatch(/^the process died while parsing this file \(run PID \d+, started \d{4}-.*\), and parsed again alone it ended the process again \(signal SIGABRT\); not parsed again/);
      expect(fs.existsSync(inProgressDirFor(db))).toBe(false);

      // Afterwards a known failure, skipped as unchanged (the hook would abort a parse).
      const third = cli([...args, '--json'], hook);
      expect(JSON.parse(third.stdout.slice(third.stdout.indexOf('{'))).counts.unchanged).toBe(3);
    }, 240_000);
  }
});

describe('a run killed while parsing an ordinary file', () => {
  it('leaves the file marked; the next run parses it apart and loads it', async () => {
    const { input, db } = corpus('killed', 'hang.txt');
    const args = ['ingest', input, '--db', db, '--workers', '0', '--progress', 'json', '--incremental'];
    process.env.BUDGET_INGEST_TEST_HANG_ON = 'hang.txt';
    let run;
    try {
      run = startCli(args);
    } finally {
      delete process.env.BUDGET_INGEST_TEST_HANG_ON;
    }
    const markers = inProgressDirFor(db);
    const marked = () => fs.existsSync(markers) && fs.readdirSync(markers).some((f) => fs.readFileSync(path.join(markers, f), 'utf8').includes('hang.txt'));
    for (let i = 0; i < 600 && !marked(); i++) await sleep(100);
    expect(marked()).toBe(true);
    run.child.kill('SIGKILL');
    expect(await run.exit).toBeNull();

    const again = cli(args);
    expect(again.status).toBe(0);
    expect((await statuses(db)).map((d) => [d.source_name, d.status])).toEqual([['a.txt', 'ok'], ['hang.txt', 'ok'], ['z.txt', 'ok']]);
    expect(fs.existsSync(markers)).toBe(false);
  }, 240_000);
});
