// Splits decoded text into numbered source lines. Line numbers are those an editor shows for
// the file (1-based, CRLF/CR counted as one break), so messages and provenance point at the
// printed line. A form feed is a page break: it splits its line into fragments that keep the
// same line number, with a page-break marker between them.
export interface SourceLine {
  /** 1-based line number in the file. */
  no: number;
  /** Line text without the line break; form feeds removed. */
  text: string;
  /** Page this fragment is on (1-based; 1 when the file has no form feeds). */
  page: number;
  /** True for the marker placed where a form feed was (text is empty). */
  pageBreak?: boolean;
}

export interface SplitLines {
  lines: SourceLine[];
  /** Number of pages (form feeds + 1), or null when the file has no form feeds. */
  pages: number | null;
}

export function splitLines(text: string): SplitLines {
  const raw = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const lines: SourceLine[] = [];
  let page = 1;
  raw.forEach((line, i) => {
    const no = i + 1;
    const parts = line.split('\f');
    parts.forEach((part, j) => {
      if (j > 0) {
        page++;
        lines.push({ no, text: '', page, pageBreak: true });
      }
      // A fragment left empty by the form feed itself is not a line of its own.
      if (part !== '' || parts.length === 1) lines.push({ no, text: part, page });
    });
  });
  // A trailing newline does not start a last line.
  if (lines.length > 0 && lines[lines.length - 1]!.text === '' && !lines[lines.length - 1]!.pageBreak && raw[raw.length - 1] === '') lines.pop();
  return { lines, pages: page > 1 ? page : null };
}
