// Which converter made the text: Word exports put each table cell on its own tab-prefixed line;
// PDF conversions put a whole row on one line with tabs between cells.
import type { SourceLine } from './lines.ts';

export type TextLayout = 'word' | 'tabular';

export function detectLayout(lines: SourceLine[]): TextLayout {
  let tabbed = 0;
  let cellPerLine = 0;
  for (const { text } of lines) {
    if (!text.includes('\t')) continue;
    tabbed++;
    // One leading tab, then cell text (trailing tabs are tab characters inside the cell).
    if (/^\t[^\t]*\t*$/.test(text)) cellPerLine++;
  }
  return tabbed > 0 && cellPerLine / tabbed >= 0.8 ? 'word' : 'tabular';
}
