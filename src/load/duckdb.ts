// @duckdb/node-api loads DuckDB's native library (~130 ms, the largest part of a start): it is
// imported when a database is first opened, not at start-up, so `--help`, `normalize` and the
// parser workers do not pay for it (issue #14).
type DuckDbApi = typeof import('@duckdb/node-api');

let api: DuckDbApi | undefined;

/** The DuckDB API, loaded on first use. */
export async function duckdb(): Promise<DuckDbApi> {
  api ??= await import('@duckdb/node-api');
  return api;
}

/** The DuckDB API once a database has been opened (openDatabase loads it first). */
export function loadedDuckdb(): DuckDbApi {
  if (!api) throw new Error('DuckDB used before a database was opened');
  return api;
}
