// The explorer: a small node:http server on 127.0.0.1 with a JSON API over the database and
// the static pages of web/explorer/. Every request that reads the database opens it afresh
// through openForServing (read-only, no file access, configuration locked) and closes it at
// once, one request at a time: a nightly run writing the file gets its write windows between
// requests, exactly as with `query`.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import PQueue from 'p-queue';
import type { Database } from '../load/database.ts';
import { plainValue } from '../query/format.ts';
import { listNamedQueries, resolveQuery, type ResolvedQuery } from '../query/named.ts';
import { openForServing } from '../query/open.ts';
import { runQuery, type QueryResult } from '../query/run.ts';
import type { Format } from '../records.ts';
import { PACKAGE_VERSION } from '../version.ts';
import { resolveDataset } from './datasets.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, exportQuery, type ExportFormat } from './export.ts';
import { vendorFile, WEB_DIR } from './paths.ts';
import { extractContext, readDocumentFile, type DocumentFileInfo } from './source.ts';

export interface ExplorerOptions {
  db: string;
  /** How long one request waits for a running ingest to let go of the file (ms). */
  timeoutMs?: number;
  /** Most rows a page gets in one answer (exports have no limit). */
  pageRows?: number;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.bcmap': 'application/octet-stream', '.pfb': 'application/octet-stream', '.ttf': 'font/ttf',
};

// The page's own scripts only, nothing from elsewhere; frames and plugins off.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store', 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer', ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function resultJson(r: QueryResult, limit = Infinity): { columns: string[]; types: string[]; rows: unknown[][]; total: number; truncated: boolean } {
  const rows = r.rows.length > limit ? r.rows.slice(0, limit) : r.rows;
  return { columns: r.columns, types: r.types, rows: rows.map((row) => row.map((v) => plainValue(v) ?? null)), total: r.rows.length, truncated: rows.length < r.rows.length };
}

/** Names a browser may use for a server on this machine: others are refused (DNS rebinding). */
function hostAllowed(host: string | undefined, bound: string): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  // Bound to every address (--host 0.0.0.0): the user chose to serve the network, any name goes.
  if (bound === '0.0.0.0' || bound === '::') return true;
  return name === 'localhost' || name === '127.0.0.1' || name === '::1' || name === bound.toLowerCase();
}

async function readBody(req: http.IncomingMessage, max = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > max) throw new HttpError(413, 'request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const DOC_ID = /^[0-9a-f]{16}$/;

export function createExplorer(options: ExplorerOptions): { server: http.Server; bound: (host: string) => void } {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pageRows = options.pageRows ?? 2000;
  const queue = new PQueue({ concurrency: 1 });
  let boundHost = '127.0.0.1';

  /** Open the database for one piece of work and close it right after; one at a time. */
  const withDb = <T>(work: (db: Database) => Promise<T>): Promise<T> => queue.add(async () => {
    const db = await openForServing(options.db, { timeoutMs });
    try {
      return await work(db);
    } finally {
      db.close();
    }
  }) as Promise<T>;

  const documentFile = async (docId: string): Promise<DocumentFileInfo & { source_name: string | null; pages: number | null }> => {
    if (!DOC_ID.test(docId)) throw new HttpError(400, 'a doc_id is 16 hexadecimal digits');
    const r = await withDb((db) => runQuery(db, 'SELECT doc_id, source_path, source_name, format, sha256, pages FROM documents WHERE doc_id = $doc', { doc: docId }));
    const row = r.rows[0];
    if (!row) throw new HttpError(404, `no document ${docId} in the database`);
    const o = Object.fromEntries(r.columns.map((c, k) => [c, row[k]]));
    return { doc_id: docId, source_path: String(o.source_path ?? ''), source_name: (o.source_name as string) ?? null, format: (o.format as string) ?? null, sha256: (o.sha256 as string) ?? null, pages: o.pages == null ? null : Number(o.pages) };
  };

  async function exportResponse(res: http.ServerResponse, query: ResolvedQuery, format: string, name: string): Promise<void> {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, `unknown export format "${format}" (formats: ${EXPORT_FORMATS.join(', ')})`);
    const f = format as ExportFormat;
    const body = await queue.add(() => exportQuery(options.db, query, f, name, timeoutMs)) as Buffer;
    send(res, 200, body, CONTENT_TYPES[f], { 'Content-Disposition': `attachment; filename="${name}.${f}"` });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, boundHost)) throw new HttpError(403, 'this server answers only to localhost');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') throw new HttpError(405, 'only GET and POST');

    if (method === 'POST') {
      // JSON bodies only: a cross-site form cannot send one without the browser asking first.
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'POST takes application/json');
      let body: { sql?: unknown; params?: unknown };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(400, 'the body is not JSON');
      }
      if (typeof body.sql !== 'string' || !body.sql.trim()) throw new HttpError(400, 'give {"sql": "SELECT …"}');
      const params = body.params && typeof body.params === 'object' ? Object.fromEntries(Object.entries(body.params).map(([k, v]) => [k, String(v)])) : {};
      let query: ResolvedQuery;
      try {
        query = resolveQuery(body.sql, params);
      } catch (err) {
        throw new HttpError(400, (err as Error).message);
      }
      if (p === '/api/sql') {
        const r = await withDb((db) => runQuery(db, query.sql, query.params)).catch((err: Error) => { throw new HttpError(400, err.message); });
        return sendJson(res, 200, resultJson(r, 10_000));
      }
      const m = /^\/api\/sql\/export\.([a-z]+)$/.exec(p);
      if (m) return exportResponse(res, query, m[1]!, query.named?.name ?? 'query').catch((err: Error) => { throw err instanceof HttpError ? err : new HttpError(400, err.message); });
      throw new HttpError(404, 'no such endpoint');
    }

    if (p === '/favicon.ico') return send(res, 204, '', 'image/x-icon');
    if (p === '/' || p === '/index.html') return send(res, 200, fs.readFileSync(path.join(WEB_DIR, 'index.html')), STATIC_TYPES['.html']!);
    let m = /^\/static\/([a-z0-9-]+\.(?:js|css))$/.exec(p);
    if (m) {
      const file = path.join(WEB_DIR, m[1]!);
      if (!fs.existsSync(file)) throw new HttpError(404, 'not found');
      return send(res, 200, fs.readFileSync(file), STATIC_TYPES[path.extname(file)]!);
    }
    m = /^\/vendor\/(.+)$/.exec(p);
    if (m) {
      const file = vendorFile(m[1]!);
      if (!file || !fs.existsSync(file)) throw new HttpError(404, 'not found');
      return send(res, 200, fs.readFileSync(file), STATIC_TYPES[path.extname(file)] ?? 'application/octet-stream', { 'Cache-Control': 'max-age=3600' });
    }
    if (p === '/api/info') return sendJson(res, 200, { database: options.db, version: PACKAGE_VERSION });
    if (p === '/api/queries') {
      return sendJson(res, 200, listNamedQueries().map((q) => ({ name: q.name, title: q.title, description: q.description, params: q.params, sql: q.sql })));
    }
    m = /^\/api\/data\/([a-z-]+)$/.exec(p);
    if (m) {
      const query = resolveDataset(m[1]!, url.searchParams);
      if (!query) throw new HttpError(404, `no dataset ${m[1]}`);
      const limit = Math.min(pageRows, Math.max(1, Number(url.searchParams.get('limit') ?? pageRows) || pageRows));
      // The page gets at most `limit` rows and the total; only that many rows leave DuckDB.
      const { page, total } = await withDb(async (db) => ({
        page: await runQuery(db, `${query.sql}\nLIMIT ${limit}`, query.params),
        total: Number((await runQuery(db, `SELECT count(*) FROM (\n${query.sql}\n)`, query.params)).rows[0]![0]),
      }));
      return sendJson(res, 200, { ...resultJson(page), total, truncated: page.rows.length < total });
    }
    m = /^\/api\/export\/([a-z-]+)\.([a-z]+)$/.exec(p);
    if (m) {
      const query = resolveDataset(m[1]!, url.searchParams);
      if (!query) throw new HttpError(404, `no dataset ${m[1]}`);
      return exportResponse(res, query, m[2]!, m[1]!);
    }
    m = /^\/api\/source\/([^/]+)$/.exec(p);
    if (m) {
      const doc = await documentFile(m[1]!);
      const file = await readDocumentFile(doc, options.db);
      return sendJson(res, 200, {
        doc_id: doc.doc_id, source_name: doc.source_name, source_path: doc.source_path, format: doc.format, pages: doc.pages,
        available: file.ok, reason: file.ok ? null : file.reason,
      });
    }
    m = /^\/api\/file\/([^/]+)$/.exec(p);
    if (m) {
      const doc = await documentFile(m[1]!);
      const file = await readDocumentFile(doc, options.db);
      if (!file.ok) throw new HttpError(410, file.reason);
      // Only a PDF is shown inline (pdf.js reads it); anything else is a download, never a page
      // of this origin (a saved web page's scripts must not run here).
      const pdf = doc.format === 'pdf';
      return send(res, 200, Buffer.from(file.bytes), pdf ? 'application/pdf' : 'application/octet-stream',
        { 'Content-Disposition': `${pdf ? 'inline' : 'attachment'}; filename="${doc.doc_id}${path.extname(doc.source_path.replace(/^.*!\//, '')).replace(/[^.A-Za-z0-9]/g, '')}"` });
    }
    m = /^\/api\/context\/([^/]+)$/.exec(p);
    if (m) {
      const doc = await documentFile(m[1]!);
      if (!doc.format || doc.format === 'pdf') throw new HttpError(400, 'a PDF is shown as its page (/api/file), not as extracted context');
      const file = await readDocumentFile(doc, options.db);
      if (!file.ok) return sendJson(res, 200, { available: false, reason: file.reason });
      const int = (k: string) => (url.searchParams.get(k) ? Number(url.searchParams.get(k)) : null);
      const place = { line: int('line'), block: int('block'), table_row: int('table_row'), cell: url.searchParams.get('cell') };
      const context = await queue.add(() => extractContext(file.bytes, doc.format as Format, file.path, place));
      return sendJson(res, 200, { available: true, ...context });
    }
    throw new HttpError(404, 'not found');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = (err as Error)?.message ?? String(err);
      if (res.headersSent) res.end();
      else sendJson(res, status, { error: message });
    });
  });
  return { server, bound: (host) => { boundHost = host; } };
}
