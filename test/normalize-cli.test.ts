// `budget-ingest normalize`: one value as an argument, or one value per stdin line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';

const bin = fileURLToPath(new URL('../bin/budget-ingest.mjs', import.meta.url));

describe('budget-ingest normalize', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the normalized JSON of one value', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    expect(await main(['normalize', '≥12.5 万人'])).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual({ raw: '≥12.5 万人', op: '>=', value: 125000, value_max: null, unit: '人' });
  });

  it('uses --unit for a value printed without one', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    expect(await main(['normalize', '≤0.13', '--unit', '万元'])).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ op: '<=', value: 1300, unit: '元' });
  });

  it('refuses two values', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['normalize', 'a', 'b'])).toBe(2);
  });

  it('reads stdin lines and writes JSON lines', () => {
    const r = spawnSync(process.execPath, [bin, 'normalize'], { input: '≤0.13万元\n每月20-28日\n有效提高\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { raw: '≤0.13万元', op: '<=', value: 1300, value_max: null, unit: '元' },
      { raw: '每月20-28日', op: 'range', value: 20, value_max: 28, unit: '日' },
      { raw: '有效提高', op: 'text', value: null, value_max: null, unit: null },
    ]);
  });
});
