// A closed standard output (`budget-ingest query … | head -1`) is not an error: the reader has
// what it wanted. Without this, Node reports `write EPIPE` as an unhandled 'error' event with a
// stack trace. The command goes on quietly (a run still finishes and records its results; its
// further output is dropped) and its exit code is unchanged.
import type { Writable } from 'node:stream';

function dropAfterClose(stream: Writable & { write: Writable['write'] }): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    // Later writes go nowhere instead of raising again.
    stream.write = ((_chunk: unknown, encoding?: unknown, cb?: unknown) => {
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as Writable['write'];
  });
}

let installed = false;

/** Make a closed stdout or stderr end the command's output quietly. Idempotent. */
export function quietOnClosedOutput(): void {
  if (installed) return;
  installed = true;
  dropAfterClose(process.stdout);
  dropAfterClose(process.stderr);
}
