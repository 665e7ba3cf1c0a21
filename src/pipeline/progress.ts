// What the operator sees while a run works: a progress bar with rate and ETA on a terminal,
// one JSON line per document otherwise (cron mail, CI logs), or nothing.
import type { Action } from './plan.ts';
import type { RunCounts } from './runlog.ts';

export interface DocumentEvent {
  path: string;
  action: Action;
  /** ok, partial, failed, skipped as parsed (absent for unchanged, moved and duplicate files). */
  status?: string;
  doc_id?: string;
  stage?: string | null;
  reason?: string | null;
  duplicate_of?: string;
  /** For a moved file: where its document was loaded from. */
  moved_from?: string;
  ms?: number;
}

export interface Progress {
  start(total: number, info: { pipeline: string; db: string; workers: number }): void;
  document(event: DocumentEvent, counts: RunCounts): void;
  /** A listed file that is not this run's (another shard's): counts toward the bar only. */
  skip?(): void;
  /** A listed file stands for `extra` more documents than itself (the members of a ZIP bundle). */
  grow?(extra: number): void;
  note(message: string): void;
  finish(counts: RunCounts, seconds: number): void;
}

export type ProgressMode = 'bar' | 'json' | 'none';

export function defaultProgressMode(stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  return stream.isTTY ? 'bar' : 'json';
}

export function createProgress(mode: ProgressMode, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (mode === 'json') return jsonProgress(stream);
  if (mode === 'bar') return barProgress(stream as NodeJS.WriteStream);
  return { start() {}, document() {}, note() {}, finish() {} };
}

function jsonProgress(stream: NodeJS.WritableStream): Progress {
  const line = (o: Record<string, unknown>) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...o })}\n`);
  return {
    start: (total, info) => line({ event: 'start', files: total, ...info }),
    document: (e) => line({ event: 'document', ...e }),
    note: (message) => line({ event: 'note', message }),
    finish: (counts, seconds) => line({ event: 'finish', seconds: Math.round(seconds * 10) / 10, ...counts }),
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let done = 0;
  let parsed = 0;
  let started = Date.now();
  let lastDraw = 0;
  let counts: RunCounts | null = null;
  // Final statuses are counted at the end of the run; the bar counts failures as they come.
  let failedSeen = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 20;
    const frac = total ? Math.min(1, done / total) : 1;
    const filled = Math.round(frac * width);
    const secs = (now - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const c = counts;
    // Counts that are zero stay out (except new and failed), so the line fits a narrow terminal.
    const tail = c ? `  new ${c.new}${c.unchanged ? `  same ${c.unchanged}` : ''}${c.replaced + c.reparsed ? `  redone ${c.replaced + c.reparsed}` : ''}  failed ${Math.max(c.failed, failedSeen)}${c.duplicates ? `  dup ${c.duplicates}` : ''}` : '';
    const text = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)} files/s  ETA ${done === total ? '0s' : formatDuration(eta)}${tail}`;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 120) - 1)}`);
  };
  return {
    start(t, info) {
      total = t;
      started = Date.now();
      stream.write(`${info.pipeline}: ${t} files → ${info.db} (${info.workers} parser${info.workers === 1 ? '' : 's'})\n`);
      draw(true);
    },
    skip() {
      done++;
      draw(done === total);
    },
    grow(extra) {
      total += extra;
    },
    document(e, c) {
      done++;
      if (e.action !== 'unchanged') parsed++;
      counts = c;
      if (e.status === 'failed') failedSeen++;
      if (e.status === 'failed' || (e.status === 'partial' && e.stage)) stream.write(`\r\x1b[2K✗ ${e.path}: ${e.stage ? `${e.stage}: ` : ''}${e.reason}\n`);
      draw(done === total);
    },
    note(message) {
      stream.write(`\r\x1b[2K${message}\n`);
      draw(true);
    },
    finish(c, seconds) {
      counts = c;
      draw(true);
      stream.write(`\n`);
      void parsed;
      void seconds;
    },
  };
}
