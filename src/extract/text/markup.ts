// Word-to-text converters leave markup that is not document text: `[bookmark: _Toc…]` anchors
// and field instructions such as ` TC 总体绩效目标 \f A \l 1 ` (a table-of-contents entry field,
// which also tells us the line is a heading). Strip them; report what they told us.
export interface Unmarked {
  text: string;
  /** The line carried a TOC bookmark or TC field: it is a heading. */
  heading: boolean;
  /** Outline level from a TC field's `\l n` switch, when present. */
  level?: number;
}

const BOOKMARK = /\[bookmark:[^\]]*\]/g;
// A field instruction: keyword, its argument words or quoted text, then one or more switches
// (`\f A`, `\l 1`, `\h`, `\o "1-3"`). Requiring a switch keeps ordinary words like "TC" safe.
const FIELD = /(^|\s)(TC|TOC|PAGEREF|XE|SEQ|HYPERLINK|REF)(?:\s+"[^"]*"|\s+[^\\\s]+)*(?:\s*\\[a-zA-Z*](?:\s+"[^"]*"|\s+(?!\\)[^\s"]+)?)+\s*/g;

export function stripMarkup(line: string): Unmarked {
  let heading = false;
  let level: number | undefined;
  let text = line.replace(BOOKMARK, (m) => {
    if (/_Toc/i.test(m)) heading = true;
    return '';
  });
  text = text.replace(FIELD, (m, lead: string, keyword: string) => {
    if (keyword === 'TC') {
      heading = true;
      const l = /\\l\s+(\d)/.exec(m);
      if (l) level = Number(l[1]);
    }
    return lead;
  });
  return level === undefined ? { text, heading } : { text, heading, level };
}
