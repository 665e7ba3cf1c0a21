// Parses one file in a separate process. Used for a file a previous run died on (its
// in-progress marker was left behind, in-progress.ts): the run that died may have been killed
// for another reason (kill -9, the machine went down) while this file was merely being parsed,
// so it gets one more try, but where it cannot take the run down with it. If the separate
// process dies too, the file is recorded as failed at stage `crash`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessedDocument } from '../records.ts';
import { failedDocument } from './process.ts';

// Compiled (dist/): the child is plain JavaScript; from the sources it runs through tsx.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const CHILD_ARGS = FROM_SOURCES
  ? [fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url)), fileURLToPath(new URL('./isolated-child.ts', import.meta.url))]
  : [fileURLToPath(new URL('./isolated-child.js', import.meta.url))];

export function parseIsolated(filePath: string, bytes: Uint8Array, hash: string, diedBefore: string, timeoutMs = 5 * 60_000): Promise<ProcessedDocument> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CHILD_ARGS, filePath, hash], { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stdin.on('error', () => undefined); // the child died before reading everything
    child.stdin.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const crashed = (how: string) => failedDocument(filePath, {
      hash, bytes: bytes.length, stage: 'crash', reason: `${diedBefore}, and parsed again alone it ${how}; not parsed again (run with --full to retry)`,
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(crashed(`could not start (${err.message})`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        try {
          resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as ProcessedDocument);
          return;
        } catch {
          /* fall through: output cut short */
        }
      }
      resolve(crashed(timedOut ? `ran past ${Math.round(timeoutMs / 1000)} s` : signal ? `ended the process again (signal ${signal})` : `ended the process again (exit code ${code})`));
    });
  });
}
