// One writer per database: a lock file next to it, created atomically (O_EXCL). A run killed
// with SIGKILL leaves its lock behind; the next run sees that the PID is gone and takes over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../load/database.ts';

export interface LockInfo {
  pid: number;
  host: string;
  started_at: string;
  what: string;
}

export class LockedError extends Error {
  constructor(readonly holder: LockInfo, readonly lockPath: string) {
    super(`another run is writing this database: ${holder.what} (PID ${holder.pid} on ${holder.host}, started ${holder.started_at}). ` +
      `Exiting without changes; if no such process exists, remove ${lockPath}`);
  }
}

export function lockPathFor(dbPath: string): string {
  return `${path.resolve(dbPath)}.lock`;
}

/** What is at the lock path: our lock (parsed), one being written or cut short by a crash, or something else. */
type LockFile = { kind: 'lock'; info: LockInfo } | { kind: 'partial' } | { kind: 'foreign'; why: string };

// A lock is a small regular file whose JSON starts with {"pid": (JSON.stringify(me) below).
function inspectLock(lockPath: string): LockFile {
  const st = fs.lstatSync(lockPath, { throwIfNoEntry: false });
  if (!st) return { kind: 'partial' };
  if (!st.isFile()) return { kind: 'foreign', why: st.isSymbolicLink() ? 'a symlink' : 'not a regular file' };
  if (st.size > 4096) return { kind: 'foreign', why: 'too large to be a lock' };
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return { kind: 'partial' };
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    if (info && typeof info.pid === 'number' && typeof info.host === 'string') return { kind: 'lock', info };
  } catch {
    // fall through
  }
  return text === '' || '{"pid":'.startsWith(text) || text.startsWith('{"pid":') ? { kind: 'partial' } : { kind: 'foreign', why: 'not a budget-ingest lock' };
}

function readLock(lockPath: string): LockInfo | null {
  const f = inspectLock(lockPath);
  return f.kind === 'lock' ? f.info : null;
}

export interface Lock {
  path: string;
  /** The holder was found dead and its lock taken over (the previous run crashed). */
  tookOverFrom: LockInfo | null;
  release(): void;
}

export function acquireLock(dbPath: string, what: string): Lock {
  const lockPath = lockPathFor(dbPath);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: LockInfo = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), what };
  let tookOverFrom: LockInfo | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      return {
        path: lockPath,
        tookOverFrom,
        release() {
          if (released) return;
          released = true;
          // Only remove the lock if it is still ours.
          if (readLock(lockPath)?.pid === me.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const found = inspectLock(lockPath);
      // Never delete what we did not write: a symlink, a folder or a file of someone else's
      // at the lock path stops the run with the reason.
      if (found.kind === 'foreign') throw new Error(`${lockPath} is in the way of the database lock (${found.why}); it was not written by budget-ingest, so it is left alone: move it away`);
      const holder = found.kind === 'lock' ? found.info : null;
      if (holder === null) {
        // Being written right now by another starter, or truncated by a crash: look again shortly.
        const age = Date.now() - (fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs ?? 0);
        if (age > 5_000) fs.rmSync(lockPath, { force: true });
        else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      if (holder.host === me.host && !processAlive(holder.pid)) {
        tookOverFrom = holder;
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      throw new LockedError(holder, lockPath);
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}
