// Shared by the text extractor tests: run the real extractor on a fixture file.
import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { extractText } from '../src/extract/text/index.ts';
import { tableRows } from '../src/ir/grid.ts';
import { blocks, type Element, type Root } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'text');

export const SEEDS = {
  s000: '000_8673c46da405b13e.txt',
  s001: '001_d071826548224e33.txt',
  s002: '002_d7b7d16e4f99e9a9.txt',
  s003: '003_c128c7645c42ae13.txt',
  s004: '004_c2ed7faebcfb9906.txt',
} as const;

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export async function extractFixture(name: string) {
  const file = new VFile({ path: name });
  const result = await extractText({ path: name, bytes: fixtureBytes(name) }, file);
  return { ...result, file };
}

export function tables(tree: Root): Element[] {
  return blocks(tree).filter((b) => b.tagName === 'table');
}

/** Each row of a table as its cells' text. */
export function rowTexts(tableEl: Element): string[][] {
  return tableRows(tableEl).map((tr) => tr.children.filter((c): c is Element => c.type === 'element').map((td) => textOf(td)));
}

/** The first table after the block whose text satisfies `test`. */
export function tableAfter(tree: Root, test: (text: string) => boolean): Element {
  const bs = blocks(tree);
  const i = bs.findIndex((b) => b.tagName !== 'table' && test(textOf(b)));
  if (i < 0) throw new Error('heading not found');
  const t = bs.slice(i + 1).find((b) => b.tagName === 'table');
  if (!t) throw new Error('no table after heading');
  return t;
}
