// Expands a pipeline's sources into a sorted, de-duplicated list of file paths.
// Node 20 has no fs.glob, so include/exclude patterns are matched by a small glob → RegExp.
import fs from 'node:fs';
import path from 'node:path';
import type { Pipeline, PipelineSource } from './config.ts';

/** `**` any folders, `*` any run of non-separators, `?` one character, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw new Error(`unclosed { in glob ${glob}`);
      re += `(?:${glob.slice(i + 1, end).split(',').map((a) => a.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
      i = end;
    } else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

const EXT_FORMAT: Record<string, string> = { '.txt': 'txt', '.text': 'txt', '.pdf': 'pdf', '.docx': 'docx', '.doc': 'doc' };

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
      if (e.isDirectory()) visit(p);
      else if (e.isFile() || e.isSymbolicLink()) out.push(p);
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
