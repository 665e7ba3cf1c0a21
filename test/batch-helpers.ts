// Shared helpers of the batch tests: temp corpora, row snapshots, spawning the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openForRead, queryRows } from '../src/load/database.ts';
import { documentTables } from '../src/load/tables.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SAMPLES = path.join(ROOT, 'data/samples');
export const BAD = path.join(ROOT, 'test/fixtures/batch');

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `batch-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Remove the temp folders this test file made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function sampleFiles(): string[] {
  return fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(SAMPLES, f));
}

/** Copies of the samples with different content (trailing blank lines), so hashes differ. */
export function writeVariants(dir: string, count: number, from = sampleFiles()): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = from[i % from.length]!;
    const dst = path.join(dir, `v${String(i).padStart(4, '0')}_${path.basename(src)}`);
    fs.writeFileSync(dst, Buffer.concat([fs.readFileSync(src), Buffer.from('\n'.repeat(1 + Math.floor(i / from.length)))]));
    out.push(dst);
  }
  return out;
}

/** Per-document row counts of every document table: what a consistent database must agree on. */
export async function perDocumentCounts(dbPath: string): Promise<Record<string, Record<string, number>>> {
  const db = await openForRead(dbPath);
  try {
    const out: Record<string, Record<string, number>> = {};
    for (const spec of documentTables) {
      const rows = await queryRows(db, `SELECT d.source_name, count(t.doc_id)::INTEGER AS n FROM documents d LEFT JOIN "${spec.name}" t USING (doc_id) GROUP BY 1`);
      for (const r of rows) (out[String(r.source_name)] ??= {})[spec.name] = Number(r.n);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Rows of child tables whose document is missing: must always be zero. */
export async function orphanRows(dbPath: string): Promise<number> {
  const db = await openForRead(dbPath);
  try {
    let n = 0;
    for (const spec of documentTables.slice(1)) {
      const [r] = await queryRows(db, `SELECT count(*)::INTEGER AS n FROM "${spec.name}" WHERE doc_id NOT IN (SELECT doc_id FROM documents)`);
      n += Number(r?.n ?? 0);
    }
    return n;
  } finally {
    db.close();
  }
}

export async function rows(dbPath: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await openForRead(dbPath);
  try {
    return await queryRows(db, sql);
  } finally {
    db.close();
  }
}

export interface Cli {
  child: ChildProcess;
  stdout: string[];
  events: Record<string, unknown>[];
  stderr: string[];
  exit: Promise<number | null>;
  /** Resolves when `n` document events have been logged (or the process ended). */
  documents(n: number): Promise<void>;
  /** Resolves when a logged event satisfies `pred` (or the process ended). */
  until(pred: (e: Record<string, unknown>) => boolean): Promise<void>;
}

/** Start the CLI as a separate process (JSON progress on stderr, parsed into events). */
export function startCli(args: string[]): Cli {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/budget-ingest.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const cli: Cli = { child, stdout: [], stderr: [], events: [], exit: null as never, documents: null as never, until: null as never };
  const waiters: { ok: () => boolean; resolve: () => void }[] = [];
  const docCount = () => cli.events.filter((e) => e.event === 'document').length;
  let buf = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      cli.stderr.push(line);
      if (line.startsWith('{')) {
        try {
          cli.events.push(JSON.parse(line));
        } catch {
          /* not a log line */
        }
      }
      for (const w of waiters.filter((w) => w.ok())) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stdout!.setEncoding('utf8').on('data', (c: string) => cli.stdout.push(c));
  let exited = false;
  cli.exit = new Promise((resolve) => child.on('exit', (code) => {
    exited = true;
    for (const w of waiters.splice(0)) w.resolve();
    resolve(code);
  }));
  const wait = (ok: () => boolean) => (ok() || exited ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ ok, resolve })));
  cli.until = (pred) => wait(() => cli.events.some(pred));
  cli.documents = (n) => wait(() => docCount() >= n);
  return cli;
}
