// Decides, from a file's content hash alone, what a run does with it: skip it unchanged, parse
// it as new, re-parse it (older pipeline version or --full), replace the older content at its
// path, or record it as a duplicate of a file already loaded.
import { PIPELINE_VERSION } from '../version.ts';
import type { KnownState } from './runlog.ts';

export type Action = 'new' | 'unchanged' | 'replace' | 'reparse' | 'duplicate' | 'other-shard';

export interface Decision {
  action: Action;
  /** For duplicates: the path whose content this file repeats. */
  duplicateOf?: string;
  /** For reparse: why. */
  why?: string;
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

  constructor(private readonly state: KnownState, private readonly opts: { full?: boolean; shard?: Shard | null; version?: string } = {}) {}

  decide(filePath: string, sha256: string): Decision {
    const { state, opts } = this;
    const version = opts.version ?? PIPELINE_VERSION;
    if (opts.shard && shardOf(sha256, opts.shard.n) !== opts.shard.k) return { action: 'other-shard' };
    // A copy already recorded as such stays a recorded copy (unless --full re-checks everything).
    if (state.duplicates.get(filePath) === sha256 && !opts.full && state.byHash.has(sha256)) return { action: 'unchanged' };
    const firstInRun = this.seen.get(sha256);
    if (firstInRun !== undefined && firstInRun !== filePath) return { action: 'duplicate', duplicateOf: firstInRun };
    const known = state.byHash.get(sha256);
    if (known && known.source_path !== filePath) {
      // Same content already loaded from another path: a copy under another name.
      return { action: 'duplicate', duplicateOf: known.source_path };
    }
    this.seen.set(sha256, filePath);
    if (known) {
      if (opts.full) return { action: 'reparse', why: '--full' };
      if (known.pipeline_version !== version) return { action: 'reparse', why: `loaded by pipeline ${known.pipeline_version ?? '(unknown)'}, now ${version}` };
      // A parser that crashed or timed out (memory, a busy machine) may well succeed next time.
      if (known.status === 'failed' && known.failed_stage === 'worker') return { action: 'reparse', why: 'the parser crashed or timed out last time' };
      return { action: 'unchanged' };
    }
    return state.byPath.has(filePath) ? { action: 'replace' } : { action: 'new' };
  }
}
