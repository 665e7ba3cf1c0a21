// Stopping a worker thread safely while native code runs asynchronously in it. onnxruntime-node
// runs a session's `run()` and `create()` on a native thread and calls back into the worker when
// done; a worker terminated in between takes the whole process down (`terminate called after
// throwing an instance of 'Napi::Error'`), i.e. one slow scanned file would kill the batch. So
// such calls go through `nativeCall()`, which counts them in memory shared with the pool, and
// the pool stops a worker only when none is in flight (pool.ts `stopSafely`), after telling it to
// start no new one.
import { workerData } from 'node:worker_threads';

/** Index 0: native calls in flight in the worker; index 1: 1 once the pool wants it to stop. */
export const IN_FLIGHT = 0;
export const STOPPING = 1;

export function newNativeGuard(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

const guard: Int32Array | null = (workerData as { nativeGuard?: Int32Array } | null)?.nativeGuard ?? null;

/** Thrown instead of starting a native call in a worker the pool is stopping. */
export class WorkerStopping extends Error {
  constructor() {
    super('the parser is being stopped (time limit reached)');
  }
}

/** Run an asynchronous native call so that the pool never stops this thread in the middle of it. */
export async function nativeCall<T>(start: () => Promise<T>): Promise<T> {
  if (!guard) return start();
  Atomics.add(guard, IN_FLIGHT, 1);
  // Counted first, checked second: a pool that set STOPPING and then read IN_FLIGHT as 0 is
  // sure no call starts after (both sequentially consistent).
  if (Atomics.load(guard, STOPPING) === 1) {
    Atomics.sub(guard, IN_FLIGHT, 1);
    throw new WorkerStopping();
  }
  try {
    return await start();
  } finally {
    Atomics.sub(guard, IN_FLIGHT, 1);
  }
}
