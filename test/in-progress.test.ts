// A run killed while parsing a file (here: SIGKILL while a test hook holds the parser on it)
// leaves an "in progress" marker; the next run records that file as failed (stage `crash`)
// instead of parsing it, and dying on it, again, and loads the others.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProgressDirFor } from '../src/pipeline/in-progress.ts';
import { removeTempDirs, ROOT, rows, sampleFiles, startCli, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a file being parsed when the process dies', () => {
  for (const workers of [0, 1]) {
    it(`--workers ${workers}: is recorded as failed by the next run, which does not parse it again`, async () => {
      const dir = tempDir(`inprogress-w${workers}`);
      const input = path.join(dir, 'in');
      fs.mkdirSync(input);
      const [a, b] = sampleFiles();
      fs.copyFileSync(a!, path.join(input, 'a.txt'));
      // Different content from a.txt (not a duplicate), parsed second.
      fs.writeFileSync(path.join(input, 'hang.txt'), Buffer.concat([fs.readFileSync(b!), Buffer.from('\n')]));
      fs.copyFileSync(sampleFiles()[4]!, path.join(input, 'z.txt'));
      const db = path.join(dir, 'x.duckdb');
      const args = ['ingest', input, '--db', db, '--workers', String(workers), '--progress', 'json', '--incremental'];
      process.env.BUDGET_INGEST_TEST_HANG_ON = 'hang.txt';
      try {
        const cli = startCli(args);
        const markers = inProgressDirFor(db);
        const hangs = () => fs.existsSync(markers) && fs.readdirSync(markers).some((f) => fs.readFileSync(path.join(markers, f), 'utf8').includes('hang.txt'));
        for (let i = 0; i < 600 && !hangs(); i++) await sleep(100);
        expect(hangs()).toBe(true);
        cli.child.kill('SIGKILL');
        expect(await cli.exit).toBeNull();

        // The hook is still on: parsing hang.txt again would hang this run until the timeout.
        const again = spawnSync(process.execPath, [path.join(ROOT, 'bin/budget-ingest.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
        expect(again.signal).toBeNull();
        expect(again.status).toBe(1);
        const docs = await rows(db, 'SELECT source_name, status, failed_stage, error FROM documents ORDER BY source_name');
        expect(docs.map((d) => [d.source_name, d.status, d.failed_stage])).toEqual([
          ['a.txt', 'ok', null], ['hang.txt', 'failed', 'crash'], ['z.txt', 'ok', null],
        ]);
        expect(String(docs[1]!.error)).toMatch(/^the process died while parsing this file \(run PID \d+, started \d{4}-.*\); not parsed again/);
        expect(fs.existsSync(markers)).toBe(false);

        // Afterwards it is a known failure, skipped as unchanged.
        const third = spawnSync(process.execPath, [path.join(ROOT, 'bin/budget-ingest.mjs'), ...args, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
        expect(JSON.parse(third.stdout.slice(third.stdout.indexOf('{'))).counts.unchanged).toBe(3);
      } finally {
        delete process.env.BUDGET_INGEST_TEST_HANG_ON;
      }
    }, 180_000);
  }
});
