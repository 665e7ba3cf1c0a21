import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../src/extract/docx/index.ts';
import { chineseCounting, formatNumber } from '../src/extract/docx/number-formats.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { blocks } from '../src/ir/nodes.ts';
import { cleanText, textOf } from '../src/ir/text.ts';

const dir = path.join(import.meta.dirname, 'fixtures/docx');

describe('Word number formats', () => {
  it('renders Chinese counting as printed', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 1001].map(chineseCounting))
      .toEqual(['一', '九', '十', '十一', '十九', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十', '一千零一']);
  });
  it('renders the other formats budget documents use', () => {
    expect(formatNumber(3, 'decimalEnclosedCircle')).toBe('③');
    expect(formatNumber(2, 'ideographTraditional')).toBe('乙');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(28, 'lowerLetter')).toBe('bb');
    expect(formatNumber(12, 'chineseLegalSimplified')).toBe('拾贰');
    expect(formatNumber(5, 'someNewFormat')).toBe('5');
  });
});

describe('DOCX automatic numbering and outline levels', () => {
  it('numbers headings (through their style), nested items, cells and restarted lists; outline levels make headings', async () => {
    const name = 'numbering.docx';
    const { tree } = await extractDocx({ path: name, bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) }, new VFile());
    const top = blocks(tree);
    const texts = top.filter((b) => b.tagName !== 'table').map((b) => [b.tagName, cleanText(textOf(b))]);
    expect(texts).toEqual([
      ['h2', '一、部门职责'],
      ['p', '1.完成培训任务'],
      ['p', '(1)线下培训'],
      ['p', '(2)线上培训'],
      ['p', '2.提高就业率'],
      ['p', '要点甲'],
      ['h2', '二、项目情况'],
      ['p', '7.重新编号'],
      ['h1', '自定义样式的一级标题'],
      ['h3', '直接设置大纲级别'],
      ['p', '正文级别'],
    ]);
    const table = top.find((b) => b.tagName === 'table')!;
    expect(tableGrid(table)[0]![1]!.text.split('\n').map(cleanText)).toEqual(['1.甲', '2.乙']);
  });
});
