// A fixed pool of parser worker threads. Each worker takes one file at a time; a worker that
// crashes or runs past the time limit is replaced and its file becomes a failed document (stage
// `worker`, retried by the next run since it may pass then), so a pathological file never stops
// the batch.
import { Worker } from 'node:worker_threads';
import { IN_FLIGHT, newNativeGuard, STOPPING } from './native-calls.ts';
import type { ProcessedDocument } from '../records.ts';
import { failedDocument, processBytes } from './process.ts';
import { withStrayErrors } from './stray-errors.ts';

export interface WorkerTask {
  id: number;
  path: string;
  bytes: Uint8Array;
  hash: string;
}

export type WorkerReply = ({ id: number; doc: ProcessedDocument } | { id: number; error: string }) & { heapMb?: number };

/**
 * A worker whose heap is larger than this after a file is replaced by a fresh one. Measured
 * after each of the 21 real and sample PDFs in one thread: 43–147 MB, not growing; so this
 * only catches real growth, at the price of a new thread (~0.2 s).
 */
export const RECYCLE_HEAP_MB = 512;

export interface Parser {
  parse(path: string, bytes: Uint8Array, hash: string): Promise<ProcessedDocument>;
  close(): Promise<void>;
}

/** Parse in the calling thread (workers: 0): for debugging and tiny batches. */
export function inlineParser(): Parser {
  return { parse: (p, bytes, hash) => withStrayErrors(p, () => processBytes(p, bytes, hash)), close: async () => undefined };
}

interface Slot {
  worker: Worker;
  /** Shared with the worker: native calls in flight, and the stop request (native-calls.ts). */
  guard: Int32Array;
  started: boolean;
  ready: Promise<void>;
  current: { task: WorkerTask; size: number; resolve: (d: ProcessedDocument) => void; timer: NodeJS.Timeout | null } | null;
}

// Compiled (dist/pipeline/pool.js): the worker is plain JavaScript beside this file. From the
// sources (tsx, vitest): worker.mjs registers tsx in the thread first, as workers do not
// inherit the main thread's loader.
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./worker.js', import.meta.url);

export class WorkerPool implements Parser {
  private slots: Slot[] = [];
  private waiting: (() => void)[] = [];
  private nextId = 1;
  private closed = false;

  /** Workers replaced because their heap grew past recycleHeapMb. */
  recycled = 0;

  constructor(readonly size: number, private readonly timeoutMs = 5 * 60_000, private readonly recycleHeapMb = RECYCLE_HEAP_MB) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const guard = newNativeGuard();
    const worker = new Worker(WORKER_URL, { workerData: { nativeGuard: guard } });
    const slot: Slot = { worker, guard, started: false, current: null, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: { ready?: boolean }) => {
        if (m?.ready) {
          worker.off('message', onReady);
          slot.started = true;
          resolve();
        }
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
    slot.ready.catch(() => undefined);
    worker.on('message', (m: WorkerReply | { ready: true }) => {
      if (!('id' in m) || !slot.current || slot.current.task.id !== m.id) return;
      const { task, size } = slot.current;
      const doc = 'doc' in m ? m.doc : failedDocument(task.path, { hash: task.hash, bytes: size, stage: 'extract', reason: `internal error: ${m.error.split('\n')[0]}` });
      // Memory that pdf.js or a large document left behind stays with the thread: start afresh.
      if ((m.heapMb ?? 0) > this.recycleHeapMb) this.recycle(slot);
      this.finish(slot, doc);
    });
    const onDeath = (reason: string) => {
      if (this.closed) return;
      const cur = slot.current;
      // A worker that never started (e.g. the loader is broken) is not respawned, or we would loop.
      const i = this.slots.indexOf(slot);
      if (i >= 0 && slot.started) this.slots[i] = this.spawn();
      if (cur) this.finish(slot, failedDocument(cur.task.path, { hash: cur.task.hash, bytes: cur.size, stage: 'worker', reason }));
    };
    worker.on('error', (err) => onDeath(`parser crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (slot.current) onDeath(`parser worker exited (code ${code}) while reading this file`);
    });
    return slot;
  }

  /** Replace an idle-to-be worker by a fresh one (its current file is already answered). */
  private recycle(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    this.recycled++;
    this.slots[i] = this.spawn();
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => undefined);
    void this.stopSafely(slot);
  }

  private finish(slot: Slot, doc: ProcessedDocument): void {
    const cur = slot.current;
    if (!cur) return;
    if (cur.timer) clearTimeout(cur.timer);
    slot.current = null;
    cur.resolve(doc);
    this.waiting.shift()?.();
  }

  private async idleSlot(): Promise<Slot> {
    for (;;) {
      const slot = this.slots.find((s) => !s.current);
      if (slot) return slot;
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  async parse(path: string, bytes: Uint8Array, hash: string): Promise<ProcessedDocument> {
    if (this.closed) throw new Error('worker pool is closed');
    const slot = await this.idleSlot();
    const task: WorkerTask = { id: this.nextId++, path, bytes, hash };
    const size = bytes.length;
    return new Promise<ProcessedDocument>((resolve) => {
      slot.current = { task, size, resolve, timer: null };
      slot.ready.then(() => {
        if (slot.current?.task !== task) return;
        slot.current.timer = setTimeout(() => {
          // Stop the runaway parser; 'exit' then fails the file and replaces the worker.
          const cur = slot.current;
          if (cur?.task !== task || this.closed) return;
          slot.current = null;
          void this.stopSafely(slot);
          const i = this.slots.indexOf(slot);
          if (i >= 0) this.slots[i] = this.spawn();
          resolve(failedDocument(path, { hash, bytes: size, stage: 'worker', reason: `parsing took longer than ${this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`}; stopped` }));
          this.waiting.shift()?.();
        }, this.timeoutMs);
        // Copy into a fresh buffer we can transfer (fs buffers may share a pooled slab).
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        slot.worker.postMessage({ ...task, bytes: own }, [own.buffer as ArrayBuffer]);
      }, (err: Error) => {
        if (slot.current?.task !== task) return;
        this.finish(slot, failedDocument(path, { hash, bytes: size, stage: 'worker', reason: `parser worker failed to start: ${err.message}` }));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) if (s.current?.timer) clearTimeout(s.current.timer);
    await Promise.all([...this.slots, ...this.stopping].map((s) => this.stopSafely(s)));
  }

  /** Workers being stopped that still wait for a native call to end (close() waits for them too). */
  private readonly stopping = new Set<Slot>();

  /**
   * Terminate a worker, but never while a native call runs in it (native-calls.ts): it is told to
   * start none, and terminated as soon as the one in flight has returned. Its file has already been
   * answered; the pool has a fresh worker in its place meanwhile.
   */
  private async stopSafely(slot: Slot): Promise<void> {
    Atomics.store(slot.guard, STOPPING, 1);
    if (Atomics.load(slot.guard, IN_FLIGHT) > 0) {
      this.stopping.add(slot);
      // A native call takes seconds at most (one OCR model run): look again every 20 ms.
      while (Atomics.load(slot.guard, IN_FLIGHT) > 0) await new Promise((r) => setTimeout(r, 20));
      this.stopping.delete(slot);
    }
    await slot.worker.terminate();
  }
}
