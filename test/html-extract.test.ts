// Saved web pages: charset as a browser finds it (GB labels decoded as GB18030), page chrome
// left out, tables with their spans, line/column provenance, and pages under another name.
import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { decodePage } from '../src/extract/html/decode.ts';
import { extractHtml } from '../src/extract/html/index.ts';
import { sniffFile } from '../src/extract/sniff.ts';
import { ExtractError } from '../src/extract/types.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { blocks, sourceOf } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { messageRecords } from '../src/messages.ts';
import { processBytes } from '../src/pipeline/process.ts';

// Node has a GB18030 decoder but no encoder: invert the decoder over the two-byte range.
let gbk: Map<string, number[]> | null = null;
function encodeGbk(text: string): Uint8Array {
  if (!gbk) {
    gbk = new Map();
    const dec = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbk.has(ch)) gbk.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = gbk.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>预算公开</title>
<style>td { border: 1px solid }</style><script>var 菜单 = "<table><tr><td>假</td></tr></table>";</script></head>
<body>
<header><a href="/">首页</a> | <a href="/zwgk">政务公开</a></header>
<nav><ul><li>通知公告</li><li>财政预决算</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 财政预决算</div>
<section>
<h1>2024年部门预算项目支出绩效目标表</h1>
<p>单位：万元</p>
<table border="1">
<caption>文件资料印刷费—大型印刷及耗材费</caption>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>印刷册数</td><td>≥2000册</td></tr>
<tr><td>质量指标</td><td>验收<br>合格率</td><td>100%</td></tr>
<tr><td>效益指标</td><td colspan="2">社会效益指标：政策知晓率</td><td>≥90%</td></tr>
</table>
<div style="display:none">隐藏的统计代码</div>
</section>
<aside>相关链接：人社局</aside>
<footer>主办单位：某县财政局 备案号：00000000</footer>
</body></html>
`;

async function extract(name: string, bytes: Uint8Array) {
  const file = new VFile({ path: name });
  const out = await extractHtml({ path: name, bytes }, file);
  return { tree: out.tree, messages: messageRecords(file) };
}

describe('a GB2312-labelled web page', async () => {
  const bytes = encodeGbk(PAGE);
  const { tree, messages } = await extract('page.html', bytes);
  const all = blocks(tree);

  it('is decoded as GB18030, as browsers do for the label (— stays an em dash)', () => {
    expect(messages.find((m) => m.rule === 'html-encoding')?.text).toBe('web page encoding: gb18030 (declared "gb2312")');
    expect(all.map(textOf)).toContain('文件资料印刷费—大型印刷及耗材费');
    // A strict GB2312 reading of A1AA would be U+2015.
    expect(all.map(textOf).join('')).not.toContain('\u2015');
  });

  it('leaves out scripts, styles, navigation, header, footer, aside and hidden parts, and says so', () => {
    const text = all.map(textOf).join('\n');
    for (const chrome of ['首页', '通知公告', '当前位置', '相关链接', '主办单位', '隐藏的统计代码', '假', 'border']) expect(text).not.toContain(chrome);
    expect(all.map((b) => b.tagName)).toEqual(['h1', 'p', 'p', 'table']);
    expect(messages.find((m) => m.rule === 'html-chrome-ignored')?.text)
      .toBe('web page parts ignored: header ×1, nav ×1, .breadcrumb ×1, hidden ×1, aside ×1, footer ×1');
  });

  it('keeps tables as tables with their spans and line breaks', () => {
    const grid = tableGrid(all.find((b) => b.tagName === 'table')!);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual([
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '印刷册数', '≥2000册'],
      ['产出指标', '质量指标', '验收\n合格率', '100%'],
      ['效益指标', '社会效益指标：政策知晓率', '社会效益指标：政策知晓率', '≥90%'],
    ]);
    expect(grid[0]![0]!.header).toBe(true);
    expect(grid[1]![0]!.rowSpan).toBe(2);
    expect(grid[3]![1]!.colSpan).toBe(2);
  });

  it('gives each block and cell the line and column of its tag', () => {
    const lines = PAGE.split('\n');
    const h1Line = lines.findIndex((l) => l.startsWith('<h1>')) + 1;
    expect(sourceOf(all[0]!)).toMatchObject({ line: h1Line, column: 1 });
    const cell = tableGrid(all.find((b) => b.tagName === 'table')!)[1]![2]!;
    const row = lines.findIndex((l) => l.includes('印刷册数'));
    expect(cell.source).toMatchObject({ line: row + 1, column: lines[row]!.indexOf('<td>印刷册数') + 1 });
  });

  it('named .xls, as government sites often serve it, is read as the web page it is, with a note', async () => {
    expect(sniffFile(bytes, '绩效目标表.xls')).toEqual({ format: 'html', note: 'file named .xls is a web page (HTML); read as html' });
    const done = await processBytes('绩效目标表.xls', bytes);
    expect(done.info.format).toBe('html');
    expect(done.messages.find((m) => m.rule === 'format-mislabelled')).toMatchObject({ severity: 'info', text: 'file named .xls is a web page (HTML); read as html' });
  });
});

describe('web page charset', () => {
  const body = '<body><p>预算—绩效</p></body></html>';
  it('from http-equiv, from a BOM, or detected when undeclared', () => {
    const equiv = decodePage(encodeGbk(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head>${body}`));
    expect([equiv.encoding, equiv.from, equiv.text.includes('预算—绩效')]).toEqual(['gb18030', 'meta', true]);
    const bom = decodePage(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`<html><head><meta charset="gb2312"></head>${body}`)]));
    expect([bom.encoding, bom.from, bom.text.includes('预算—绩效')]).toEqual(['utf-8', 'bom', true]);
    const undeclared = decodePage(encodeGbk(`<html>${body}`));
    expect([undeclared.encoding, undeclared.from, undeclared.text.includes('预算—绩效')]).toEqual(['gb18030', 'detected', true]);
  });
  it('a declaration the bytes contradict is overridden, with a warning', async () => {
    const bytes = encodeGbk(`<html><head><meta charset="utf-8"></head>${body}`);
    const page = decodePage(bytes);
    expect([page.encoding, page.overridden]).toEqual(['gb18030', 'bytes are not valid utf-8']);
    const { messages } = await extract('x.htm', bytes);
    expect(messages.find((m) => m.rule === 'html-charset-mismatch')?.severity).toBe('warning');
  });
});

describe('bad web pages fail with a reason', () => {
  it('no content, or no markup under an .html name', async () => {
    await expect(extract('empty.html', new TextEncoder().encode('<html><head><script>x()</script></head><body><nav>首页</nav></body></html>')))
      .rejects.toThrow(/web page has no text/);
    expect(() => sniffFile(new Uint8Array([0x00, 0x01, 0x02, 0xff]), 'x.html')).toThrow(/not a web page/);
    const done = await processBytes('x.shtml', new Uint8Array([0x00, 0x01, 0x02, 0xff]));
    expect([done.info.status, done.info.failed_stage]).toEqual(['failed', 'sniff']);
  });
  it('an error is an ExtractError naming the format', async () => {
    const err = await extract('empty.html', new TextEncoder().encode('<html><body></body></html>')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).format).toBe('html');
  });
});

const corpusHtml = path.resolve(import.meta.dirname, '../../shared/corpus/html/004_c2ed7faebcfb9906.html');
describe.skipIf(!fs.existsSync(corpusHtml))('a disclosure saved as a GB2312 web page', () => {
  if (!fs.existsSync(corpusHtml)) console.log('skipped: ../shared/corpus/html not found');
  it('loads its projects with line positions', async () => {
    const done = await processBytes(corpusHtml, new Uint8Array(fs.readFileSync(corpusHtml)));
    expect(done.info.format).toBe('html');
    expect(done.record!.projects.length).toBe(8);
    expect(done.record!.projects[0]!.indicators[0]!.source?.line).toBeGreaterThan(10);
  });
});
