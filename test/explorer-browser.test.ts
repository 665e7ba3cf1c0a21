// The explorer in a real browser (headless Chromium driven by playwright-core): every page shows
// data, a PDF indicator row opens its page with the row's box where the PDF prints it, a moved
// file is reported, the SQL box runs a named query, and chart labels are never clipped.
// Screenshots are kept in test-artifacts/ (git-ignored). Without Chromium the tests are skipped
// with a one-line notice (CI sets REQUIRE_CHROMIUM=1: they then fail with the fix).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openForReading } from '../src/query/open.ts';
import { collectReportData, renderReport } from '../src/query/report.ts';
import { chromiumTestsRun, findChromium } from './fixtures/query/chromium.ts';
import { PDF_INDICATORS, PDF_ROTATED, ROOT, startExplorerFixture, type ExplorerFixture } from './fixtures/explorer/setup.ts';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const run = chromiumTestsRun();
const withBrowser = run ? describe : describe.skip;

let fx: ExplorerFixture;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** The page's media box [x0, y0, x1, y1] and /Rotate, as poppler's pdfinfo reads them (not pdf.js). */
function pageBox(file: string, pageNo: number): { box: number[]; rotate: number } {
  const r = spawnSync('pdfinfo', ['-box', '-f', String(pageNo), '-l', String(pageNo), file], { encoding: 'utf8' });
  const media = new RegExp(`Page\\s+${pageNo} MediaBox:\\s+([\\d.-]+)\\s+([\\d.-]+)\\s+([\\d.-]+)\\s+([\\d.-]+)`).exec(r.stdout);
  const rot = new RegExp(`Page\\s+${pageNo} rot:\\s+(\\d+)`).exec(r.stdout);
  if (!media) throw new Error(`pdfinfo gave no media box: ${r.stdout}${r.stderr}`);
  return { box: media.slice(1, 5).map(Number), rotate: rot ? Number(rot[1]) : 0 };
}

/** Where a user-space box lands on the rendered page (CSS pixels from its top-left), for rotation 0/90/180/270. */
function expectedRect(bbox: number[], media: number[], rotate: number, scale: number): { left: number; top: number; width: number; height: number } {
  const [mx0, my0, mx1, my1] = media as [number, number, number, number];
  const [x0, y0, x1, y1] = bbox as [number, number, number, number];
  const w = mx1 - mx0, h = my1 - my0;
  // Unrotated page coordinates with y down.
  const ux0 = x0 - mx0, ux1 = x1 - mx0, uy0 = my1 - y1, uy1 = my1 - y0;
  let r: [number, number, number, number];
  if (rotate === 90) r = [h - uy1, ux0, h - uy0, ux1];
  else if (rotate === 180) r = [w - ux1, h - uy1, w - ux0, h - uy0];
  else if (rotate === 270) r = [uy0, w - ux1, uy1, w - ux0];
  else r = [ux0, uy0, ux1, uy1];
  return { left: r[0] * scale, top: r[1] * scale, width: (r[2] - r[0]) * scale, height: (r[3] - r[1]) * scale };
}

async function open(hash: string): Promise<void> {
  await page.goto(`${fx.base}/#${hash}`);
  // Going to another hash of the same page does not reload it: wait for that hash's page.
  await page.waitForFunction((h) => document.body.dataset.ready === 'yes' && decodeURIComponent(document.body.dataset.shown ?? '') === decodeURIComponent(`#${h}`), hash, { timeout: 15_000 });
}

async function shot(name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `explorer-${name}.png`), fullPage: true });
}

/** Every text element of each chart's SVG lies inside its SVG (nothing cut at an edge). */
async function clippedChartTexts(): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const svg of Array.from(document.querySelectorAll('.chart svg'))) {
      const b = svg.getBoundingClientRect();
      for (const t of Array.from(svg.querySelectorAll('text'))) {
        const r = t.getBoundingClientRect();
        if (!t.textContent?.trim() || r.width === 0) continue;
        if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) out.push(t.textContent);
      }
    }
    return out;
  });
}

withBrowser('explorer in headless Chromium', () => {
  beforeAll(async () => {
    fx = await startExplorerFixture('explorer-browser-');
    browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('Overview: documents on the province → city → county grid, with status; failures listed', async () => {
    await open('/overview');
    const badges = await page.locator('[data-testid=place-grid] a.badge').count();
    expect(badges).toBe(10);
    expect(await page.locator('[data-testid=place-grid] a.badge.status-failed').count()).toBe(1);
    const grid = await page.locator('[data-testid=place-grid]').innerText();
    for (const place of ['河北省', '沧州市', '沧县', '青海省']) expect(grid).toContain(place);
    expect(await page.locator('h2:has-text("Failures") + div').innerText()).toContain('truncated.pdf');
    await shot('overview');
  });

  it('Indicators: filters, normalized target beside the printed one, a chart across places', async () => {
    await open(`/indicators?level2=${encodeURIComponent('服务对象满意度指标')}`);
    const count = await page.locator('[data-testid=indicator-count]').innerText();
    const n = Number(count.replace(/\D/g, ''));
    expect(n).toBeGreaterThan(3);
    const table = page.locator('[data-testid=indicator-table]');
    expect(await table.locator('tbody tr').count()).toBe(n);
    const headers = await table.locator('th').allInnerTexts();
    expect(headers.indexOf('value')).toBe(headers.indexOf('printed') + 2);
    // A satisfaction target: printed ≥90% (or so) beside >= 90 %.
    const firstRow = await table.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(firstRow[headers.indexOf('printed')]).toMatch(/\d/);
    expect(firstRow[headers.indexOf('unit')]).toBe('%');
    await page.waitForSelector('.chart[data-name=indicator-targets] svg');
    const dots = await page.locator('.chart[data-name=indicator-targets] svg path').count();
    expect(dots).toBeGreaterThan(3);
    expect(await clippedChartTexts()).toEqual([]);
    await shot('indicators');
  });

  it('Budgets: spending by function class, basic vs project, 三公 over years', async () => {
    await open('/budgets');
    for (const name of ['spending-by-class', 'basic-vs-project', 'three-public']) {
      await page.waitForSelector(`.chart[data-name=${name}] svg`);
    }
    const text = await page.locator('main').innerText();
    expect(text).toContain('社会保障和就业支出');
    expect(text).toContain('公务接待费');
    expect(await clippedChartTexts()).toEqual([]);
    await shot('budgets');
  });

  it('Document: one disclosure with projects, indicators, budget tables and messages', async () => {
    await open('/overview');
    await page.locator('[data-testid=place-grid] a.badge', { hasText: '沧县' }).first().click();
    await page.waitForFunction(() => document.body.dataset.ready === 'yes' && (document.body.dataset.shown ?? '').startsWith('#/document/'));
    const text = await page.locator('main').innerText();
    for (const h of ['Projects (', 'Indicators (', 'Budget tables (', 'Budget lines (', 'Messages (']) expect(text).toContain(h);
    expect(await page.locator('main table.data').count()).toBeGreaterThanOrEqual(5);
    await shot('document');
  });

  it('SQL: a named query one click away, results as a table', async () => {
    await open('/sql');
    await page.locator('button[data-query=satisfaction-by-county]').click();
    await page.waitForSelector('[data-testid=sql-count]');
    expect(Number((await page.locator('[data-testid=sql-count]').innerText()).replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await page.locator('#sql-result table tbody tr').count()).toBeGreaterThan(0);
    // A named query with a parameter runs by name, the parameter taken from its input.
    await page.locator('button[data-query=project-family]').click();
    await page.waitForSelector('#sql-params input[name=family]');
    await page.fill('#sql-params input[name=family]', '就业');
    await page.click('#run');
    await page.waitForFunction(() => /\d+ rows/.test(document.querySelector('[data-testid=sql-count]')?.textContent ?? ''));
    expect(await page.locator('#sql-result .error').count()).toBe(0);
    const familyRows = Number((await page.locator('[data-testid=sql-count]').innerText()).replace(/\D/g, ''));
    expect(familyRows).toBeGreaterThan(0);
    expect(await page.locator('#sql-result table tbody').innerText()).toContain('就业');
    await page.fill('#sql', "DELETE FROM indicators");
    await page.click('#run');
    await page.waitForSelector('#sql-result .error');
    expect(await page.locator('#sql-result .error').innerText()).toMatch(/read-only/);
    // The refused statement's 400 is the answer expected here, not a fault of the page.
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/status of 400/.test(e)));
    await shot('sql');
  });

  async function checkPdfBox(file: string, link: Locator, rowText: RegExp, name: string, notText?: string): Promise<void> {
    const href = await link.getAttribute('href');
    const params = new URLSearchParams(href!.split('?')[1]);
    const bbox = JSON.parse(params.get('bbox')!) as number[];
    const pageNo = Number(params.get('page'));
    await link.click();
    await page.waitForSelector('[data-testid=highlight]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=box-text]');
    const frame = page.locator('[data-testid=pdf-page]');
    const scale = Number(await frame.getAttribute('data-scale'));
    const canvas = await frame.locator('canvas').boundingBox();
    const mark = await page.locator('[data-testid=highlight]').boundingBox();
    const { box, rotate } = pageBox(file, pageNo);
    const want = expectedRect(bbox, box, rotate, scale);
    for (const k of ['left', 'top', 'width', 'height'] as const) {
      const got = k === 'left' ? mark!.x - canvas!.x : k === 'top' ? mark!.y - canvas!.y : mark![k];
      expect(Math.abs(got - want[k]), `${name} ${k}`).toBeLessThan(1.5);
    }
    // The box sits on the printed row: pdf.js finds the row's words inside it.
    const inBox = await page.locator('[data-testid=box-text]').innerText();
    expect(inBox).toMatch(rowText);
    // … and only that row: the next row's words are outside it.
    if (notText) expect(inBox).not.toContain(notText);
    await shot(name);
  }

  it('Source view: one click from a PDF indicator row shows its page with the row\'s box', async () => {
    await open('/overview');
    const docId = await page.locator('a.badge', { hasText: /./ }).evaluateAll((els) => els.map((e) => [e.getAttribute('data-doc'), e.getAttribute('title')])
      .find(([, t]) => t?.startsWith('approval-table-hrules.pdf'))?.[0]);
    expect(docId).toMatch(/^[0-9a-f]{16}$/);
    const inds = await (await fetch(`${fx.base}/api/data/indicators?doc=${docId}`)).json() as { columns: string[]; rows: unknown[][] };
    const level3 = (k: number) => String(inds.rows[k]![inds.columns.indexOf('level3')]);
    await open(`/indicators?doc=${docId}`);
    await checkPdfBox(PDF_INDICATORS, page.locator('a.src', { hasText: /^source p\./ }).first(), new RegExp(level3(0).slice(0, 4)), 'source-pdf', level3(1));
  });

  it('Source view on a rotated page: the box still lands on the row', async () => {
    await open('/overview');
    const docId = await page.locator('a.badge').evaluateAll((els) => els.map((e) => [e.getAttribute('data-doc'), e.getAttribute('title')])
      .find(([, t]) => t?.startsWith('rotated-budget-tables.pdf'))?.[0]);
    const lines = await (await fetch(`${fx.base}/api/data/document-budget-lines?doc=${docId}`)).json() as { columns: string[]; rows: unknown[][] };
    const pageCol = lines.columns.indexOf('page');
    const rotated = lines.rows.find((r) => pageBox(PDF_ROTATED, Number(r[pageCol])).rotate !== 0);
    expect(rotated, 'the fixture has budget lines on a rotated page').toBeTruthy();
    await open(`/document/${docId}`);
    const name = String(rotated![lines.columns.indexOf('name_raw')]);
    const link = page.locator('tr', { hasText: name }).locator('a.src').first();
    await checkPdfBox(PDF_ROTATED, link, new RegExp(name.replace(/[()（）]/g, '.').slice(0, 6)), 'source-pdf-rotated');
  });

  it('Source view of a DOCX row: the table row shown and marked in its context', async () => {
    await open('/overview');
    await page.locator('[data-testid=place-grid] a.badge', { hasText: '沧县' }).first().click();
    await page.waitForFunction(() => document.body.dataset.ready === 'yes' && (document.body.dataset.shown ?? '').startsWith('#/document/'));
    const row = page.locator('h2:has-text("Indicators (") ~ div table tbody tr').first();
    const level3 = (await row.locator('td').nth(3).innerText()).trim();
    await row.locator('a.src').click();
    await page.waitForSelector('[data-testid=source-context] tr.hit');
    expect(await page.locator('[data-testid=source-context] tr.hit').count()).toBe(1);
    expect(await page.locator('[data-testid=source-context] tr.hit').innerText()).toContain(level3);
    await shot('source-docx');
  });

  it('Source view of a moved file says so', async () => {
    await open('/overview');
    const docId = await page.locator('a.badge').evaluateAll((els) => els.map((e) => [e.getAttribute('data-doc'), e.getAttribute('title')])
      .find(([, t]) => t?.startsWith('split-table.pdf'))?.[0]);
    await open(`/source?doc=${docId}&page=1`);
    expect(await page.locator('[data-testid=source-missing]').innerText()).toMatch(/not there any more/);
  });

  it('Exports from the indicators view download', async () => {
    await open('/indicators');
    for (const f of ['csv', 'xlsx', 'parquet']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[data-export=${f}]`).first().click()]);
      const file = path.join(fx.tmp, `dl.${f}`);
      await download.saveAs(file);
      const head = fs.readFileSync(file).subarray(0, 4);
      expect(f === 'csv' ? [...head.subarray(0, 3)] : head.toString('latin1').slice(0, 4)).toEqual(f === 'csv' ? [0xef, 0xbb, 0xbf] : f === 'xlsx' ? 'PK\u0003\u0004' : 'PAR1');
    }
  });

  it('Charts wrap a long label instead of cutting it (the code the report shares)', async () => {
    await open('/overview');
    const long = '河北省沧州市沧县人力资源和社会保障局2022年部门预算及项目支出绩效目标表（公开版）_8673c46da405b13e.pdf (沧县)';
    const texts = await page.evaluate((label) => {
      const box = document.createElement('div');
      box.className = 'chart';
      box.style.width = '520px';
      document.querySelector('main')!.prepend(box);
      (window as unknown as { BudgetCharts: { render(el: Element, spec: unknown): void } }).BudgetCharts.render(box, {
        kind: 'bars', title: 'long labels', labels: [label, 'short'], series: [{ name: 'a', values: [3, 5] }, { name: 'b', values: [1, 2] }],
      });
      return Array.from(box.querySelectorAll('svg text')).map((t) => t.textContent ?? '');
    }, long);
    expect(texts.join('').replace(/\s/g, '')).toContain(long.replace(/\s/g, ''));
    expect(await clippedChartTexts()).toEqual([]);
  });

  it('The static report draws its charts with the same code, every label whole', async () => {
    const db = await openForReading(fx.dbPath);
    let data;
    let html;
    try {
      data = await collectReportData(db);
      html = renderReport(data, { database: fx.dbPath });
    } finally {
      db.close();
    }
    const file = path.join(fx.tmp, 'report.html');
    fs.writeFileSync(file, html);
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => document.querySelectorAll('.chart svg').length === 5);
    expect(await clippedChartTexts()).toEqual([]);
    const problems = await page.locator('.chart[data-name=problems] svg').evaluate((svg) => Array.from(svg.querySelectorAll('text')).map((t) => t.textContent).join(''));
    expect(data.problemDocuments.length).toBeGreaterThan(2);
    for (const d of data.problemDocuments) {
      const label = d.place === '(unknown)' ? d.source_name : `${d.source_name} (${d.place})`;
      expect(problems.replace(/\s/g, '')).toContain(label.replace(/\s/g, ''));
    }
    await shot('report');
  });

  it('logged no script error', () => {
    expect(consoleErrors).toEqual([]);
  });
});

