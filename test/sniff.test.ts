import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../src/extract/sniff.ts';
import { ExtractError } from '../src/extract/types.ts';

describe('sniffFormat', () => {
  it('tells PDF, DOCX and text apart by content', () => {
    expect(sniffFormat(new TextEncoder().encode('%PDF-1.7\n'), 'a.bin')).toBe('pdf');
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]), 'a.docx')).toBe('docx');
    expect(sniffFormat(new TextEncoder().encode('2022年部门预算'), 'a.txt')).toBe('txt');
  });
  it('names the reason for files it cannot take', () => {
    expect(() => sniffFormat(new Uint8Array(), 'x.pdf')).toThrow(/empty file/);
    expect(() => sniffFormat(new TextEncoder().encode('<html>'), 'x.pdf')).toThrow(/no %PDF header/);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(() => sniffFormat(ole, 'x.doc')).toThrow(ExtractError);
    expect(() => sniffFormat(ole, 'x.doc')).toThrow(/legacy binary Word/);
    expect(() => sniffFormat(new TextEncoder().encode('# Sources'), 'corpus/SOURCES.md')).toThrow(/unsupported format: \.md/);
    expect(sniffFormat(new TextEncoder().encode('预算'), 'v1.2/disclosure')).toBe('txt');
  });
});
