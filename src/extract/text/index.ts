// Text disclosures (.txt) → intermediate hast tree: decode (encoding detection), split into
// numbered lines (form feeds are page breaks), then read the layout of whichever converter
// produced the text (Word export or PDF conversion).
import { report } from '../../messages.ts';
import { MAX_TEXT_BYTES } from '../limits.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { toHast } from './blocks.ts';
import { decodeText } from './decode.ts';
import { detectLayout } from './layout.ts';
import { splitLines } from './lines.ts';
import { parseTabLayout } from './tab-layout.ts';
import { parseWordLayout } from './word-layout.ts';

export const extractText: Extractor = async (input, file) => {
  if (input.bytes.length > MAX_TEXT_BYTES) {
    throw new ExtractError(`text file too large to be a disclosure: ${(input.bytes.length / 1024 / 1024).toFixed(0)} MB (limit ${MAX_TEXT_BYTES / 1024 / 1024} MB)`, 'txt');
  }
  const { text, encoding, damaged } = decodeText(input.bytes);
  report(file, `text encoding: ${encoding}`, { stage: 'extract', rule: 'text-encoding', severity: 'info' });
  if (damaged) {
    report(file, `${damaged} invalid UTF-8 byte sequence${damaged > 1 ? 's' : ''} (damaged or truncated file) shown as U+FFFD`, {
      stage: 'extract', rule: 'text-damaged', severity: 'warning',
    });
  }
  if (text.trim() === '') throw new ExtractError('text file contains no text (only whitespace)', 'txt');
  const { lines, pages } = splitLines(text);
  const layout = detectLayout(lines);
  report(file, `text layout: ${layout === 'word' ? 'Word export (one cell per line)' : 'tab-separated rows'}`, {
    stage: 'extract', rule: 'text-layout', severity: 'info',
  });
  const blocks = layout === 'word'
    ? parseWordLayout(lines)
    : parseTabLayout(lines, (msg, rule, line) => report(file, msg, { stage: 'extract', rule, severity: 'info', source: { line } }));
  return { tree: toHast(blocks), pages };
};
