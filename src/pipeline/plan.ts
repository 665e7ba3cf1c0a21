// Decides, from a file's content hash alone, what a run does with it: skip it unchanged, parse
// it as new, re-parse it (older pipeline version or --full), replace the older content at its
// path, or record it as a duplicate of a file already loaded.
import { PIPELINE_VERSION } from '../version.ts';
import type { KnownState } from './runlog.ts';

export type Action = 'new' | 'unchanged' | 'replace' | 'reparse' | 'duplicate' | 'move' | 'skipped-copy' | 'remove' | 'other-shard';

export interface Decision {
  action: Action;
  /** For duplicates: the path whose content this file repeats. */
  duplicateOf?: string;
  /** For reparse: why. */
  why?: string;
  /** For move (and a reparse of moved content): the path the document was loaded from. */
  movedFrom?: string;
}

export interface Shard {
  /** 1-based slice number. */
  k: number;
  n: number;
}

export function parseShard(spec: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`--shard wants K/N (e.g. 2/4), got "${spec}"`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n) throw new Error(`--shard ${spec}: K must be between 1 and N`);
  return { k, n };
}

/** Deterministic slice of a content hash: the same file lands in the same shard on every machine. */
export function shardOf(sha256: string, n: number): number {
  return Number(BigInt(`0x${sha256.slice(0, 12)}`) % BigInt(n)) + 1;
}

export class Planner {
  /** Hashes taken by a file earlier in this run → that file's path. */
  private seen = new Map<string, string>();

  constructor(private readonly state: KnownState, private readonly opts: {
    full?: boolean; shard?: Shard | null; version?: string;
    /** Whether a path still holds a file (listed by this run, or existing): if not, content found elsewhere moved there. */
    present?: (path: string) => boolean;
  } = {}) {}

  decide(filePath: string, sha256: string): Decision {
    const { state, opts } = this;
    const version = opts.version ?? PIPELINE_VERSION;
    if (opts.shard && shardOf(sha256, opts.shard.n) !== opts.shard.k) return { action: 'other-shard' };
    // A copy already recorded as such stays a recorded copy (unless --full re-checks everything).
    // (If the file it copies is gone, the copy takes the document over, below.)
    const original = state.byHash.get(sha256);
    if (state.duplicates.get(filePath) === sha256 && !opts.full && original && original.status !== 'removed' && (opts.present ?? (() => true))(original.source_path)) return { action: 'unchanged' };
    const firstInRun = this.seen.get(sha256);
    if (firstInRun !== undefined && firstInRun !== filePath) return { action: 'duplicate', duplicateOf: firstInRun };
    const known = state.byHash.get(sha256);
    // A stray file's copy elsewhere is as stray: skipped again, nothing recorded.
    if (known && known.status === 'skipped' && known.source_path !== filePath) return { action: 'skipped-copy' };
    let movedFrom: string | undefined;
    if (known && known.source_path !== filePath) {
      const present = opts.present ?? (() => true);
      // Same content already loaded from another path: a copy under another name, unless that
      // path holds no file any more: then the file was renamed or moved, and its document follows.
      if (present(known.source_path) && known.status !== 'removed') return { action: 'duplicate', duplicateOf: known.source_path };
      movedFrom = known.source_path;
    }
    this.seen.set(sha256, filePath);
    if (known) {
      const move = movedFrom !== undefined ? { movedFrom } : {};
      if (opts.full) return { action: 'reparse', why: '--full', ...move };
      if (known.pipeline_version !== version) return { action: 'reparse', why: `loaded by pipeline ${known.pipeline_version ?? '(unknown)'}, now ${version}`, ...move };
      // A parser that crashed or timed out (memory, a busy machine) may well succeed next time.
      if (known.status === 'failed' && known.failed_stage === 'worker') return { action: 'reparse', why: 'the parser crashed or timed out last time', ...move };
      // Moved, or back at its path after being removed: the document is updated, not parsed again.
      if (movedFrom !== undefined || known.status === 'removed') return { action: 'move', movedFrom: known.source_path };
      return { action: 'unchanged' };
    }
    return state.byPath.has(filePath) ? { action: 'replace' } : { action: 'new' };
  }
}
