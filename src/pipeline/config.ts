// Pipeline definitions (pipelines/NAME.json): which files to take, how many workers, which
// database, what to export. Validated with zod so a typo names the bad field instead of
// silently doing something else.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const FormatName = z.enum(['txt', 'pdf', 'docx', 'doc', 'xlsx', 'xls', 'html']);

// A bare string is short for { "path": … }; preprocessing (not a union) keeps error paths exact.
const SourceSchema = z.preprocess((v) => (typeof v === 'string' ? { path: v } : v), z.strictObject({
    /** Folder or single file; relative paths are relative to the working directory. */
    path: z.string().min(1),
    /** Globs relative to `path` (`**` any folders, `*` any name part, `{a,b}` either); none = every file. */
    include: z.array(z.string().min(1)).default([]),
    exclude: z.array(z.string().min(1)).default([]),
  }));

const ExportSchema = z.strictObject({
  format: z.enum(['parquet', 'csv']),
  /** Folder that receives one file per table. */
  path: z.string().min(1),
});

export const PipelineSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  sources: z.array(SourceSchema).min(1, 'name at least one source folder or file'),
  /** Formats to take (by file extension); default all. */
  formats: z.array(FormatName).min(1).optional(),
  /** Files whose name starts with '.' or '~$' (editor lock files) are skipped unless true. */
  include_hidden: z.boolean().default(false),
  /** Parser worker threads; default: number of cores. */
  concurrency: z.number().int().min(0).max(256).optional(),
  /** Larger input files are not read (a failed row says so); default 200 MB. */
  max_file_mb: z.number().positive().max(1_000_000).optional(),
  database: z.string().min(1),
  exports: z.array(ExportSchema).default([]),
});

export type Pipeline = z.infer<typeof PipelineSchema> & { name: string; file: string | null };
export type PipelineSource = z.infer<typeof SourceSchema>;

export class PipelineError extends Error {}

/** Turn a zod error into lines that name each bad field: `sources[0].include: expected array`. */
export function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => {
    const where = i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
    return `  ${where || '(top level)'}: ${i.message}`;
  }).join('\n');
}

export function parsePipeline(json: unknown, file: string | null, fallbackName = 'pipeline'): Pipeline {
  const res = PipelineSchema.safeParse(json);
  if (!res.success) throw new PipelineError(`invalid pipeline${file ? ` ${file}` : ''}:\n${describeIssues(res.error)}`);
  return { ...res.data, name: res.data.name ?? fallbackName, file };
}

/** `pipelines/samples`, `pipelines/samples.json` or a bare `samples` (looked up in pipelines/). */
export function resolvePipelinePath(ref: string): string {
  const candidates = [ref, `${ref}.json`, path.join('pipelines', ref), path.join('pipelines', `${ref}.json`)];
  const found = candidates.find((c) => fs.statSync(c, { throwIfNoEntry: false })?.isFile());
  if (!found) throw new PipelineError(`no pipeline ${ref} (looked for ${candidates.join(', ')})`);
  return found;
}

export function loadPipeline(ref: string): Pipeline {
  const file = resolvePipelinePath(ref);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PipelineError(`pipeline ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parsePipeline(json, file, path.basename(file).replace(/\.json$/i, ''));
}
