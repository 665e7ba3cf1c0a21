import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sniffFile, sniffFormat } from '../src/extract/sniff.ts';
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

  const fixture = (p: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', p)));
  it('reads a file as what its bytes are, with a note when its name says otherwise', () => {
    const xlsx = fixture('xlsx/formats.xlsx');
    const docx = fixture('docx/merged-cells.docx');
    expect(sniffFile(xlsx, 'a.xlsx')).toEqual({ format: 'xlsx', note: null });
    expect(sniffFile(xlsx, 'a.xls')).toEqual({ format: 'xlsx', note: 'file named .xls is an Excel workbook (XLSX); read as xlsx' });
    expect(sniffFile(docx, 'a.doc')).toEqual({ format: 'docx', note: 'file named .doc is a Word document (DOCX); read as docx' });
    expect(sniffFile(docx, 'a.xlsx')).toEqual({ format: 'docx', note: 'file named .xlsx is a Word document (DOCX); read as docx' });
    const page = new TextEncoder().encode('<!-- saved --><html><body><table><tr><td>1</td></tr></table></body></html>');
    expect(sniffFile(page, 'a.htm')).toEqual({ format: 'html', note: null });
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<html><body>预算</body></html>', 'utf16le')]);
    expect(sniffFile(utf16, 'a.html')).toEqual({ format: 'html', note: null });
    expect(sniffFile(page, 'a.xls')).toEqual({ format: 'html', note: 'file named .xls is a web page (HTML); read as html' });
    expect(sniffFile(new TextEncoder().encode('%PDF-1.4\n'), 'a.html')).toEqual({ format: 'pdf', note: 'file named .html is a PDF; read as pdf' });
  });
  it('tells a legacy workbook from a legacy Word file, and refuses what it cannot read', () => {
    const ole = (stream: string) => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from(`${stream}\0`, 'utf16le')]);
    expect(sniffFile(ole('Workbook'), 'a.xls')).toEqual({ format: 'xls', note: null });
    expect(sniffFile(ole('Book'), 'a.et')).toEqual({ format: 'xls', note: null });
    // A legacy Word file is read (through LibreOffice) whatever its name says.
    expect(sniffFile(ole('WordDocument'), 'a.xls')).toEqual({ format: 'doc', note: 'file named .xls is a legacy Word document (DOC or RTF); read as doc' });
    expect(sniffFile(new TextEncoder().encode('{\\rtf1\\ansi 预算}'), 'a.doc')).toEqual({ format: 'doc', note: null });
    expect(() => sniffFile(new TextEncoder().encode('{\\rtf1\\ansi 预算}'), 'a.txt')).toThrow(/RTF document/);
    expect(() => sniffFile(new TextEncoder().encode('just words'), 'a.xls')).toThrow(/not a spreadsheet/);
    expect(sniffFile(new TextEncoder().encode('项目名称\t预算数\n培训\t20\n'), 'a.xls'))
      .toEqual({ format: 'txt', note: 'file named .xls is plain text (tab-separated); read as txt' });
  });
});
