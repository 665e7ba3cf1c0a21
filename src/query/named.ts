// Named queries: the SQL files in queries/, each starting with a comment that says what it
// answers. A header line `-- param: NAME = DEFAULT  description` declares a parameter the SQL
// uses as $NAME; callers may override it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface QueryParam {
  name: string;
  default: string;
  description: string;
}

export interface NamedQuery {
  name: string;
  /** First line of the header comment. */
  title: string;
  /** The whole header comment, without the `--` markers and param lines. */
  description: string;
  params: QueryParam[];
  sql: string;
  file: string;
}

/** queries/ at the project root (this file is src/query/named.ts). */
export const QUERIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../queries');

const PARAM_LINE = /^param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S*)\s*(.*)$/;

export function parseNamedQuery(file: string, text: string): NamedQuery {
  const name = path.basename(file, '.sql');
  const header: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*--\s?(.*)$/.exec(line);
    if (!m) break;
    header.push(m[1]!.trimEnd());
  }
  const params: QueryParam[] = [];
  const prose: string[] = [];
  for (const line of header) {
    const p = PARAM_LINE.exec(line);
    if (p) params.push({ name: p[1]!, default: p[2] === "''" ? '' : p[2]!, description: p[3]!.trim() });
    else prose.push(line);
  }
  if (prose.length === 0 || !prose[0]) throw new Error(`${file}: a named query starts with a comment saying what it answers`);
  return { name, title: prose[0], description: prose.join('\n'), params, sql: text, file };
}

export function listNamedQueries(dir = QUERIES_DIR): NamedQuery[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseNamedQuery(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')));
}

export function findNamedQuery(name: string, dir = QUERIES_DIR): NamedQuery | undefined {
  return listNamedQueries(dir).find((q) => q.name === name || `${q.name}.sql` === name);
}

/** Something that is not a bare name is taken as SQL (`query "SELECT …"`). */
export function looksLikeSql(text: string): boolean {
  return /\s/.test(text.trim()) || /^(select|with|from|describe|show|summarize|pivot|table)\b/i.test(text.trim());
}

export interface ResolvedQuery {
  sql: string;
  /** Parameter values to bind (named query defaults overridden by the caller's). */
  params: Record<string, string>;
  named: NamedQuery | null;
}

/**
 * A named query (by file name without .sql) or literal SQL. Unknown parameters are an error
 * naming the ones the query takes, so a typo is not silently ignored.
 */
export function resolveQuery(nameOrSql: string, given: Record<string, string> = {}, dir = QUERIES_DIR): ResolvedQuery {
  const named = findNamedQuery(nameOrSql.trim(), dir);
  if (named) {
    const params = Object.fromEntries(named.params.map((p) => [p.name, p.default]));
    for (const [k, v] of Object.entries(given)) {
      if (!(k in params)) {
        const known = named.params.map((p) => p.name).join(', ') || 'none';
        throw new Error(`query ${named.name} has no parameter "${k}" (parameters: ${known})`);
      }
      params[k] = v;
    }
    return { sql: named.sql, params, named };
  }
  if (!looksLikeSql(nameOrSql)) {
    const names = listNamedQueries(dir).map((q) => q.name).join(', ');
    throw new Error(`no named query "${nameOrSql}" (named queries: ${names}); to run SQL, pass it in quotes`);
  }
  return { sql: nameOrSql, params: { ...given }, named: null };
}
