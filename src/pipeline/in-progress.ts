// Files being parsed, recorded outside the process: one small marker file per file being parsed
// (named by its content hash) in a folder beside the database, written before parsing and
// removed once it is parsed. A fatal error no worker limit can catch (V8's "invalid
// size error", a native abort) or a kill -9 leaves the marker behind; the next run, which holds
// the lock so no other run is alive, finds it and parses that file once more in a separate
// process (isolated.ts): if that dies too, the file is recorded as failed ("the process died
// while parsing this file") instead of taking the run down again.
import fs from 'node:fs';
import path from 'node:path';

export interface InProgressMarker {
  hash: string;
  path: string;
  pid: number;
  started_at: string;
}

export function inProgressDirFor(dbPath: string): string {
  return `${path.resolve(dbPath)}.parsing`;
}

export class InProgress {
  readonly dir: string;
  /** Markers left by a run that died, by content hash. */
  readonly leftovers: Map<string, InProgressMarker>;

  constructor(dbPath: string) {
    this.dir = inProgressDirFor(dbPath);
    this.leftovers = new Map();
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      /* none */
    }
    for (const name of names) {
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      try {
        const m = JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8')) as InProgressMarker;
        this.leftovers.set(name.slice(0, 64), { ...m, hash: name.slice(0, 64) });
      } catch {
        // A marker cut short by the crash still names the file by its hash.
        this.leftovers.set(name.slice(0, 64), { hash: name.slice(0, 64), path: '(unknown)', pid: 0, started_at: '(unknown)' });
      }
    }
  }

  private file(hash: string): string {
    return path.join(this.dir, `${hash}.json`);
  }

  /** Record that `filePath` (content `hash`) is about to be parsed. */
  start(hash: string, filePath: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const marker: Omit<InProgressMarker, 'hash'> = { path: filePath, pid: process.pid, started_at: new Date().toISOString() };
    fs.writeFileSync(this.file(hash), JSON.stringify(marker));
  }

  /** The file is parsed (or recorded as failed): forget the marker. */
  done(hash: string): void {
    this.leftovers.delete(hash);
    fs.rmSync(this.file(hash), { force: true });
  }

  /** End of a completed run: markers of files no longer present are dropped too. */
  clear(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.leftovers.clear();
  }
}

/** Why a file is parsed apart (isolated.ts): a previous run died while parsing it. */
export function diedWhileParsing(m: InProgressMarker): string {
  return `the process died while parsing this file (run PID ${m.pid}, started ${m.started_at})`;
}
