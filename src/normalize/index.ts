// The normalizer: raw document record in, normalized record out (values, units, level names,
// regions, amounts, years, cross-checks).
import type { VFile } from 'vfile';
import type { NormalizedDocument, RawDocument } from '../records.ts';

export function normalizeDocument(raw: RawDocument, _file: VFile): NormalizedDocument {
  return {
    ...raw,
    fiscal_year: null,
    region: { adcode: null, province: null, city: null, county: null },
    projects: raw.projects.map((p) => ({
      ...p, budget_wan: null, fiscal_wan: null, other_wan: null,
      spending_plan: p.spending_plan?.map((s) => ({ ...s, pct: null })) ?? null,
      indicators: p.indicators.map((i) => ({ ...i, level1: null, level2: null, weight: null, op: 'text' as const, value: null, value_max: null, unit: null })),
    })),
    budget_tables: raw.budget_tables.map((t) => ({ ...t, lines: t.lines.map((l) => ({ ...l, amounts_wan: {}, parent_code: null })) })),
  };
}
