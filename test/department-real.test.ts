// A real department-wide target table (湛江市人社局 2023年市级部门整体预算绩效目标表, XLSX in
// ../shared/corpus/real/, not in the repo). There is no spreadsheet reader yet, so LibreOffice
// turns the sheet into HTML and the HTML into DOCX in a temporary folder (the sheet's grid and
// merges survive), and the pipeline reads that. Skipped with a notice without the file or soffice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../src/pipeline/process.ts';

const XLSX = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'real', 'gd-zhanjiang-hrss-2023-dept-overall-perf-targets.xlsx');

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const missing = !fs.existsSync(XLSX) ? `${XLSX} not found` : !hasSoffice() ? 'soffice (LibreOffice) not installed' : null;
if (missing) console.log(`department-real.test.ts skipped: ${missing}`);

describe.skipIf(missing !== null)('部门整体绩效目标表 (real, 湛江 2023)', () => {
  it('loads as one department-wide project: name, fiscal/other funds, goals, the 16 indicator rows; every cell read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dept-real-'));
    try {
      const profile = `-env:UserInstallation=file://${path.join(dir, 'profile')}`;
      execFileSync('soffice', [profile, '--headless', '--convert-to', 'html', '--outdir', dir, XLSX], { stdio: 'ignore', timeout: 120_000 });
      const html = path.join(dir, path.basename(XLSX).replace(/\.xlsx$/, '.html'));
      execFileSync('soffice', [profile, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', path.join(dir, 'out'), html], { stdio: 'ignore', timeout: 120_000 });
      const doc = await processFile(path.join(dir, 'out', path.basename(html).replace(/\.html$/, '.docx')));
      const r = doc.record!;
      expect(r.agency_name).toBe('湛江市人力资源和社会保障局');
      expect(r.fiscal_year).toBe(2023);
      expect(r.title).toBe('2023年市级部门整体预算绩效目标表');
      expect(r.projects).toHaveLength(1);
      const p = r.projects[0]!;
      expect(p).toMatchObject({ kind: 'department', project_name: '湛江市人力资源和社会保障局', fiscal_wan: 82800.92, other_wan: 0, amount_unit_raw: '万元' });
      expect(p.goals).toMatch(/^目标1:城乡居民基本养老保险参保人数达到计划指标/);
      expect(p.goals!.split('\n')).toHaveLength(6);
      // Keyed by hand from the sheet: 16 indicator rows (empty placeholder rows of unused 二级指标 are not indicators).
      expect(p.indicators).toHaveLength(16);
      expect(p.indicators.map((i) => [i.level1, i.level2, i.level3, i.value_raw]).filter((_, k) => [0, 4, 7, 12, 13].includes(k))).toEqual([
        ['产出指标', '数量指标', '城乡居民基础养老金标准', '≥200元每人每月'],
        ['产出指标', '质量指标', '创业担保贷款还款率', '≧90%'],
        ['产出指标', '时效指标', '资金支付规范性', '合规'],
        ['效益指标', '社会效益指标', '扶持创业企业(项目)数', '650'],
        ['满意度指标', '服务对象满意度指标', '群众满意度', '≥75%'],
      ]);
      // 基本信息 and the 基本支出/项目支出 split (no total printed: the budget is their sum, said so).
      expect(p).toMatchObject({ basic_raw: '10596.35', basic_wan: 10596.35, project_raw: '72204.57', project_wan: 72204.57, budget_raw: null, budget_wan: 82800.92 });
      expect(p.basic_info).toBe('财政供养人员数 | 750 | 下属二级单位数 | 10');
      expect(doc.messages).toContainEqual(expect.objectContaining({ rule: 'budget-from-parts', severity: 'info' }));
      // The 广东 form's further splits (事业发展性支出 …, 按预算级次划分 …) are printed blank here: read, no values;
      // the empty 其他需完成的任务（可选填） block is read too, so every cell is accounted for.
      expect(p.special_funds_wan ?? null).toBeNull();
      expect(p.transfer_down_wan ?? null).toBeNull();
      expect(doc.messages.filter((m) => m.rule === 'cell-unread' || m.rule === 'target-row-skipped')).toEqual([]);
      expect(doc.info.status).toBe('ok');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
