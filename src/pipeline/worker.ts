// Parser worker: receives file bytes, runs every stage (processBytes) and posts the
// ProcessedDocument back. Parsing is CPU-bound, so several of these run in parallel while the
// main thread hashes files and owns the single DuckDB writer.
import { parentPort } from 'node:worker_threads';
import { processBytes } from './process.ts';
import { withStrayErrors } from './stray-errors.ts';
import type { WorkerReply, WorkerTask } from './pool.ts';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;

port.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    reply = { id: task.id, doc: await withStrayErrors(task.path, () => processBytes(task.path, task.bytes, task.hash)) };
  } catch (err) {
    // processBytes turns document problems into failed documents; this is a bug, report it.
    reply = { id: task.id, error: (err as Error)?.stack ?? String(err) };
  }
  // This thread's own V8 heap (per isolate): the pool replaces a worker whose heap has grown.
  port.postMessage({ ...reply, heapMb: process.memoryUsage().heapUsed / 2 ** 20 });
});
port.postMessage({ ready: true });
