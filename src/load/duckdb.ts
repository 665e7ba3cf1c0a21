// @duckdb/node-api loads DuckDB's native library (~130 ms, the largest part of a start): it is
// imported when a database is first opened, not at start-up, so `--help`, `normalize` and the
// parser workers do not pay for it (issue #14).
// It is CommonJS that re-exports 120 modules: an ESM `import()` of it runs Node's CommonJS
// export scanner over every one of them (about 160 ms CPU on top of loading them); `require`
// loads the same modules without the scan, about half the cost of a start that opens a database.
import { createRequire } from 'node:module';

type DuckDbApi = typeof import('@duckdb/node-api');
const require = createRequire(import.meta.url);

let api: DuckDbApi | undefined;

/** The DuckDB API, loaded on first use. */
export async function duckdb(): Promise<DuckDbApi> {
  api ??= require('@duckdb/node-api') as DuckDbApi;
  return api;
}

/** The DuckDB API once a database has been opened (openDatabase loads it first). */
export function loadedDuckdb(): DuckDbApi {
  if (!api) throw new Error('DuckDB used before a database was opened');
  return api;
}
