// The single DuckDB writer of a run. Parsed documents queue here and are written in short
// windows: open the file, write a batch (one transaction for the batch, all or nothing; if it
// fails, the documents are retried one by one, each in its own transaction), close it. Between
// windows the file is free, so a researcher's read-only query gets in; when a reader holds the
// file, the writer waits with backoff while the parsers go on, until the bounded queue is full.
import { openWithRetry, waitingReaders, type Database } from '../load/database.ts';
import { loadDocument, loadDocuments } from '../load/loader.ts';
import type { ProcessedDocument } from '../records.ts';
import { failedDocument } from './process.ts';
import { moveDocument, reconcileDuplicates } from './reconcile.ts';
import { forgetDuplicates, recordDuplicate } from './runlog.ts';

export type WriteItem =
  | { kind: 'document'; doc: ProcessedDocument; movedFrom?: string }
  | { kind: 'duplicate'; sourcePath: string; sourceName: string; sha256: string; docId: string; duplicateOf: string }
  | { kind: 'move'; docId: string; from: string; to: string; name: string };

export interface WriteResult {
  /** The document actually written (a load failure turns it into a failed document). */
  doc?: ProcessedDocument;
  /** doc_ids of older content at the same path that this write replaced. */
  replaced: string[];
}

export interface WriterOptions {
  /** Documents per write window. */
  batchSize?: number;
  /** Parsed documents allowed to wait for the writer before parsers pause. */
  maxPending?: number;
  /** Wait this long for more documents before writing a partial batch. */
  lingerMs?: number;
  /** Pause between windows so readers waiting for the file get a turn. */
  gapMs?: number;
  /** How long to keep retrying when a reader holds the file. */
  busyTimeoutMs?: number;
  /** Longest pause of writes for waiting readers before the writer competes again. */
  readerPriorityMs?: number;
  /** Close a write window after this long even if documents keep coming (readers without intent get a turn). */
  maxWindowMs?: number;
  onWait?: (message: string) => void;
  /** Prepares the schema the first time the file is opened. */
  onFirstOpen?: (db: Database) => Promise<void>;
}

interface Pending {
  item: WriteItem;
  resolve: (r: WriteResult) => void;
  /** When it was queued (Date.now()): a batch is written once its oldest item waited lingerMs. */
  since: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class BatchWriter {
  private pending: Pending[] = [];
  private space: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private error: Error | null = null;
  private opened = false;
  private draining = false;
  private lastWaitNote = 0;
  readonly opts: Required<Omit<WriterOptions, 'onWait' | 'onFirstOpen'>> & Pick<WriterOptions, 'onWait' | 'onFirstOpen'>;
  /** Write windows opened so far, and the time they were open (ms), for the run report. */
  windows = 0;
  writeMs = 0;
  /** Time spent actually writing batches (the rest of writeMs the window waited for documents). */
  busyMs = 0;
  /** Transactions that wrote documents: one per batch, plus one per document retried alone. */
  transactions = 0;

  constructor(readonly dbPath: string, options: WriterOptions = {}) {
    this.opts = { batchSize: 50, maxPending: 100, lingerMs: 1_000, gapMs: 100, busyTimeoutMs: 30 * 60_000, readerPriorityMs: 5 * 60_000, maxWindowMs: 5_000, ...options };
  }

  /**
   * Queue an item. The first promise resolves once the item is accepted (waits while the queue
   * is full: backpressure for the parsers); `written` resolves once it is committed.
   */
  async add(item: WriteItem): Promise<{ written: Promise<WriteResult> }> {
    if (this.error) throw this.error;
    while (this.pending.length >= this.opts.maxPending) {
      await new Promise<void>((r) => this.space.push(r));
      if (this.error) throw this.error;
    }
    let resolve!: (r: WriteResult) => void;
    const written = new Promise<WriteResult>((r) => (resolve = r));
    this.pending.push({ item, resolve, since: Date.now() });
    if (this.pending.length >= this.opts.batchSize) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.lingerMs);
    return { written };
  }

  /** Write everything queued; rejects if the database cannot be written at all. */
  async drain(): Promise<void> {
    this.draining = true;
    while (this.pending.length || this.flushing) await this.flush();
    if (this.error) throw this.error;
  }

  private flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.flushing) {
      this.flushing = this.writeAll().catch((err: Error) => {
        this.error = err;
        for (const w of this.space.splice(0)) w();
      }).finally(() => {
        this.flushing = null;
        // Items that arrived as the last window closed must not wait for the next add().
        if (this.pending.length && !this.error) void this.flush();
      });
    }
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length) {
      await this.letReadersIn();
      const db = await openWithRetry(this.dbPath, {
        timeoutMs: this.opts.busyTimeoutMs,
        maxDelayMs: 1_000,
        onWait: (info) => {
          // Say so once, then once a minute: a long query must not flood the log.
          if (info.attempt > 1 && Date.now() - this.lastWaitNote < 60_000) return;
          this.lastWaitNote = Date.now();
          this.opts.onWait?.(`${info.message.replace(/; retrying in .*/, '')} (a query is reading it); parsing goes on`);
        },
      });
      this.windows++;
      const opened = Date.now();
      try {
        if (!this.opened) {
          this.opened = true;
          await this.opts.onFirstOpen?.(db);
        }
        // Keep the window open while documents keep coming, no reader waits, and it is young:
        // opening and closing (a checkpoint) cost more than writing a few documents. Each
        // transaction takes everything waiting, after letting a batch gather (gather()): every
        // transaction costs dozens of statements whatever its size.
        for (;;) {
          const batch = this.pending.splice(0, this.opts.batchSize);
          for (const w of this.space.splice(0)) w();
          const t0 = Date.now();
          const results = await this.writeBatch(db, batch.map((p) => p.item));
          this.busyMs += Date.now() - t0;
          batch.forEach((p, i) => p.resolve(results[i]!));
          if (Date.now() - opened > this.opts.maxWindowMs) break;
          await this.gather();
          if (!this.pending.length || waitingReaders(this.dbPath) > 0) break;
        }
      } finally {
        db.close();
        this.writeMs += Date.now() - opened;
      }
      if (this.pending.length) await sleep(this.opts.gapMs);
    }
  }

  /**
   * Wait until a batch is worth a transaction: a full batch waits, or the oldest waiting item has
   * waited lingerMs, or the run is draining, or a reader waits for the file. With nothing queued,
   * give up after lingerMs (the window then closes).
   */
  private async gather(): Promise<void> {
    const idleUntil = Date.now() + this.opts.lingerMs;
    while (!this.draining && waitingReaders(this.dbPath) === 0) {
      const oldest = this.pending[0];
      if (this.pending.length >= this.opts.batchSize) return;
      if (oldest ? Date.now() - oldest.since >= this.opts.lingerMs : Date.now() >= idleUntil) return;
      await sleep(25);
    }
  }

  /** A query waits for the file: hold the next window until it is done (parsers go on meanwhile). */
  private async letReadersIn(): Promise<void> {
    const start = Date.now();
    let told = false;
    while (waitingReaders(this.dbPath) > 0 && Date.now() - start < this.opts.readerPriorityMs) {
      if (!told) this.opts.onWait?.('a query is waiting for the database; holding writes until it is done (parsing goes on)');
      told = true;
      await sleep(50);
    }
  }

  /** Write a batch in one transaction; if that fails, one by one, so one bad document fails alone. */
  private async writeBatch(db: Database, items: WriteItem[]): Promise<WriteResult[]> {
    const docs = items.flatMap((it) => (it.kind === 'document' ? [it.doc] : []));
    for (const it of items) if (it.kind === 'duplicate') await recordDuplicate(db, it);
    const moves = items.flatMap((it) => (it.kind === 'move' ? [it] : []));
    for (const m of moves) await moveDocument(db, m.docId, m.from, m.to, m.name);
    await forgetDuplicates(db, [...docs.map((d) => d.info.source_path), ...moves.map((m) => m.to)]);
    for (const it of items) {
      if (it.kind === 'document' && it.movedFrom) await moveDocument(db, it.doc.info.doc_id, it.movedFrom, it.doc.info.source_path, it.doc.info.source_name);
    }
    let outcomes: { replaced: string[] }[] | null = null;
    try {
      if (docs.length) this.transactions++;
      outcomes = await loadDocuments(db, docs);
    } catch {
      /* fall back below */
    }
    const byDoc = new Map<ProcessedDocument, WriteResult>();
    for (const [i, doc] of docs.entries()) {
      byDoc.set(doc, outcomes ? { doc, replaced: outcomes[i]!.replaced } : await this.writeOne(db, doc));
    }
    // One primary per disclosure, whatever the format: copies loaded in this window are marked now,
    // so a query between windows does not count a disclosure twice.
    await reconcileDuplicates(db);
    return items.map((it) => (it.kind === 'document' ? byDoc.get(it.doc)! : { replaced: [] }));
  }

  private async writeOne(db: Database, doc: ProcessedDocument): Promise<WriteResult> {
    try {
      this.transactions++;
      const { replaced } = await loadDocument(db, doc);
      return { doc, replaced };
    } catch (err) {
      // The rows could not be written (e.g. a value the table refuses): keep the document as failed.
      const failed = failedDocument(doc.info.source_path, { hash: doc.info.sha256, bytes: doc.info.bytes, format: doc.info.format, stage: 'load', reason: `could not write rows: ${(err as Error).message.split('\n')[0]}` });
      this.transactions++;
      const { replaced } = await loadDocument(db, failed);
      return { doc: failed, replaced };
    }
  }
}
