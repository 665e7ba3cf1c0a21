// Expands a pipeline's sources into a sorted, de-duplicated list of file paths.
// Node 20 has no stable fs.glob/path.matchesGlob, so include/exclude patterns go through picomatch.
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Pipeline, PipelineSource } from './config.ts';

/**
 * A pipeline's include/exclude pattern as a RegExp over `/`-separated relative paths, by
 * picomatch (full glob syntax: `**`, `*`, `?`, `[12]`, `{a,b/**}`). Case-insensitive, as file
 * systems of the machines disclosures are saved on often are; dot files match like any other
 * (hidden files are left out earlier, by the walk, unless asked for).
 */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { nocase: true, dot: true });
}

const EXT_FORMAT: Record<string, string> = {
  '.txt': 'txt', '.text': 'txt', '.pdf': 'pdf', '.docx': 'docx', '.doc': 'doc',
  '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.xls': 'xls', '.et': 'xls', '.ett': 'xls', '.html': 'html', '.htm': 'html', '.shtml': 'html',
};

function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$');
}

function walk(root: string, includeHidden: boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      // A subfolder removed while we list is simply gone; an unreadable source is an error.
      if (dir !== root && (err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`cannot read folder ${dir}: ${(err as Error).message}`);
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!includeHidden && isHidden(e.name)) continue;
      const p = path.join(dir, e.name);
      // A folder named like a document (x.pdf) and anything that is not a folder (FIFO, device,
      // socket, symbolic link) is listed: reading refuses what is not a regular file with a
      // failed row saying what it is, rather than leaving it out unseen.
      if (e.isDirectory() && !EXT_FORMAT[path.extname(e.name).toLowerCase()]) visit(p);
      else out.push(p);
    }
  };
  visit(root);
  return out;
}

export function sourceFiles(source: PipelineSource, includeHidden = false): string[] {
  const st = fs.statSync(source.path, { throwIfNoEntry: false });
  if (!st) throw new Error(`source ${source.path} does not exist`);
  if (st.isFile()) return [source.path];
  const include = source.include.map(globToRegExp);
  const exclude = source.exclude.map(globToRegExp);
  return walk(source.path, includeHidden).filter((f) => {
    const rel = path.relative(source.path, f).split(path.sep).join('/');
    return (include.length === 0 || include.some((r) => r.test(rel))) && !exclude.some((r) => r.test(rel));
  });
}

/** Every input file of a pipeline, in a stable order, each once. */
export function pipelineFiles(pipeline: Pick<Pipeline, 'sources' | 'formats' | 'include_hidden'>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const source of pipeline.sources) {
    for (const f of sourceFiles(source, pipeline.include_hidden)) {
      const key = path.resolve(f);
      if (seen.has(key)) continue;
      if (pipeline.formats) {
        // A file whose extension names another format is left out; files with unknown
        // extensions stay in so they get a clear "unsupported format" failure.
        const fmt = EXT_FORMAT[path.extname(f).toLowerCase()];
        if (fmt && !pipeline.formats.includes(fmt as 'txt')) continue;
      }
      seen.add(key);
      out.push(f);
    }
  }
  return out;
}

/**
 * Whether a path belongs to the pipeline's sources: the file itself for a file source; for a
 * folder, a path below it that its include/exclude globs, the hidden-name rule and the formats
 * take. This is the scope a run answers for: a document whose path is covered but which the run
 * did not find is gone (docs/operations.md). Paths are compared resolved against the current
 * folder.
 */
export function coveredBySources(pipeline: Pick<Pipeline, 'sources' | 'formats' | 'include_hidden'>, file: string): boolean {
  const abs = path.resolve(file);
  if (pipeline.formats) {
    const fmt = EXT_FORMAT[path.extname(abs).toLowerCase()];
    if (fmt && !pipeline.formats.includes(fmt as 'txt')) return false;
  }
  return pipeline.sources.some((source) => {
    const root = path.resolve(source.path);
    if (abs === root) return true;
    const rel = path.relative(root, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    if (!pipeline.include_hidden && parts.some(isHidden)) return false;
    const relSlash = parts.join('/');
    const include = source.include.map(globToRegExp);
    const exclude = source.exclude.map(globToRegExp);
    return (include.length === 0 || include.some((r) => r.test(relSlash))) && !exclude.some((r) => r.test(relSlash));
  });
}
