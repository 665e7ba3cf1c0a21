// Canonical 一级/二级指标 names (gold/SCHEMA.md): a vocabulary of accepted spellings, then
// edit distance for typos, then inference of a blank 一级指标 from its 二级指标 when only one
// 一级指标 can hold it.

// Not here: 管理类指标, the 一级指标 of the 预算执行率 / 资金使用合规性 / 管理制度健全性 rows of the
// 重庆市渝中区 2021 项目支出绩效自评表. No provincial or national document defining it as a level was
// found (searched for issue #15), so it stays a level-unknown warning rather than a guessed name.
export const LEVEL1_NAMES = ['产出指标', '效益指标', '满意度指标', '成本指标'] as const;
export const LEVEL2_NAMES = [
  '数量指标', '质量指标', '时效指标', '成本指标', '经济成本指标', '社会成本指标', '生态环境成本指标',
  '经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标', '服务对象满意度指标',
] as const;

/** Which 一级指标 a 二级指标 belongs to. 成本指标 sits under 产出指标 (older framework) or is itself a 一级指标. */
const PARENT: Record<string, string[]> = {
  数量指标: ['产出指标'], 质量指标: ['产出指标'], 时效指标: ['产出指标'], 成本指标: ['产出指标', '成本指标'],
  经济成本指标: ['成本指标'], 社会成本指标: ['成本指标'], 生态环境成本指标: ['成本指标'],
  经济效益指标: ['效益指标'], 社会效益指标: ['效益指标'], 生态效益指标: ['效益指标'], 可持续影响指标: ['效益指标'],
  服务对象满意度指标: ['满意度指标'],
};

// Printed variants beyond "name without 指标" (which is always accepted).
const LEVEL1_ALIASES: Record<string, string> = {
  产出: '产出指标', 效益: '效益指标', 满意度: '满意度指标', 成本: '成本指标', 影响指标: '效益指标',
};
const LEVEL2_ALIASES: Record<string, string> = {
  服务对象: '服务对象满意度指标', 服务对象满意: '服务对象满意度指标', 服务对象满意率指标: '服务对象满意度指标',
  满意度指标: '服务对象满意度指标', 满意度: '服务对象满意度指标', 服务满意度指标: '服务对象满意度指标',
  生态指标: '生态效益指标', 生态: '生态效益指标', 经济指标: '经济效益指标', 社会指标: '社会效益指标',
  可持续指标: '可持续影响指标', 可持续: '可持续影响指标', 可持续性影响指标: '可持续影响指标',
  时效性指标: '时效指标', 数量性指标: '数量指标', 生态环境效益指标: '生态效益指标', 环境效益指标: '生态效益指标',
  生态成本指标: '生态环境成本指标',
};

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (A[i - 1] === B[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[B.length]!;
}

export interface LevelMatch {
  name: string | null;
  /** How it was found: exact, alias, typo (edit distance), inferred, or none. */
  how: 'exact' | 'alias' | 'typo' | 'inferred' | 'none';
}

/** Printed label without spaces, numbering and punctuation: `1. 社会效益 ` → 社会效益. */
function cleanLabel(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u200b]+/g, '')
    .replace(/^[(（]?[0-9一二三四五六七八九十]+[)）.、．]?/, '')
    // The points a self-evaluation prints beside a level name: 产出指标（50分）.
    .replace(/[(（][0-9.]+分[)）]$/, '')
    .replace(/[:：,，。;；]+$/, '');
}

function matchIn(raw: string | null, names: readonly string[], aliases: Record<string, string>): LevelMatch {
  if (raw === null) return { name: null, how: 'none' };
  const t = cleanLabel(raw);
  if (!t) return { name: null, how: 'none' };
  if (names.includes(t)) return { name: t, how: 'exact' };
  if (names.includes(`${t}指标`)) return { name: `${t}指标`, how: 'alias' };
  if (t in aliases) return { name: aliases[t]!, how: 'alias' };
  // Typos: the closest canonical name (or its short form) within one edit per four characters,
  // and only when no other name is as close.
  let best: string | null = null;
  let bestD = Infinity;
  let tie = false;
  for (const n of names) {
    const d = Math.min(editDistance(t, n), editDistance(t, n.replace(/指标$/, '')));
    if (d < bestD) { best = n; bestD = d; tie = false; } else if (d === bestD && n !== best) tie = true;
  }
  if (best && !tie && bestD <= Math.max(1, Math.floor(t.length / 4))) return { name: best, how: 'typo' };
  return { name: null, how: 'none' };
}

export function canonicalLevel1(raw: string | null): LevelMatch {
  return matchIn(raw, LEVEL1_NAMES, LEVEL1_ALIASES);
}

export function canonicalLevel2(raw: string | null): LevelMatch {
  return matchIn(raw, LEVEL2_NAMES, LEVEL2_ALIASES);
}

/** 一级指标 of a 二级指标 when only one can hold it (数量指标 → 产出指标); null otherwise. */
export function parentOf(level2: string | null): string | null {
  if (!level2) return null;
  const parents = PARENT[level2];
  return parents && parents.length === 1 ? parents[0]! : null;
}

/** Whether a 二级指标 may sit under a 一级指标. */
export function fits(level1: string, level2: string): boolean {
  return PARENT[level2]?.includes(level1) ?? false;
}
