// Shapes passed between the PDF layout stages. Coordinates are in the page's DISPLAY space
// (rotation applied, origin top-left, y grows downwards) so that "above" and "left of" mean
// what they look like; they are converted back to PDF user space only for `data.source`.

/** A run of non-blank characters from one text item, with estimated character edges. */
export interface Word {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Baseline y. */
  base: number;
  /** Font size in display units. */
  size: number;
  /** Estimated left edge of each character, plus the right edge of the last (length + 1). */
  edges: number[];
  /** OCR confidence (0–1) of the piece the word was read from; absent for the text layer. */
  score?: number;
}

/** A ruling segment: horizontal (y0 == y1) or vertical (x0 == x1), x0 <= x1, y0 <= y1. */
export interface Rule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export type Box = [x0: number, top: number, x1: number, bottom: number];

/** A line of text: words sharing a baseline, left to right. */
export interface TextLine {
  words: Word[];
  text: string;
  box: Box;
  size: number;
}

export interface LayoutCell {
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  box: Box;
  page: number;
  endPage?: number;
}

/** A table found on one page (or stitched over several). */
export interface LayoutTable {
  kind: 'table';
  page: number;
  endPage: number;
  box: Box;
  /** Column boundaries (ncols + 1), used to recognise a continuation on the next page. */
  colX: number[];
  /**
   * How far (pt) each of colX may be off, where more than the usual few points: a borderless
   * table's boundary between a text and an amount column is only known to lie in the gap between
   * them, which differs from page to page.
   */
  colTol?: number[];
  /** Origin cells by row (covered slots are absent). */
  rows: LayoutCell[][];
  /** For each column, whether the table's top edge is ruled there (false: a cell continues from the page before). */
  topRuled: boolean[];
  /** Same for the bottom edge. */
  bottomRuled: boolean[];
}

export interface LayoutText {
  kind: 'p' | 'h1' | 'h2';
  text: string;
  page: number;
  box: Box;
  size: number;
  /** Set for lines in the top or bottom margin that may be running headers, footers or page numbers. */
  margin?: 'top' | 'bottom';
  /** Last page, when the paragraph runs over a page break. */
  endPage?: number;
  /** The first line is indented from the text's left edge (a new paragraph starts). */
  indented?: boolean;
  /** The last line runs to the right edge without ending a sentence (the paragraph goes on). */
  open?: boolean;
}

export type LayoutBlock = LayoutTable | LayoutText;

/** What is kept of one page once it has been released. */
export interface PageLayout {
  page: number;
  width: number;
  height: number;
  /** Display → PDF user space: x' = a*x + c*y + e, y' = b*x + d*y + f. */
  toUser: [number, number, number, number, number, number];
  blocks: LayoutBlock[];
  /** Text characters found on the page (0 → no text layer on this page). */
  chars: number;
  /** The page paints images (a scanned page has images and no text). */
  hasImages: boolean;
  /** Set when the page's words were read by OCR from its image (src/ocr/page.ts). */
  ocr?: OcrPageInfo;
}

export interface OcrPageInfo {
  /** Pixels per PDF point the page was rendered at. */
  scale: number;
  /** Skew corrected, degrees. */
  skew: number;
  /** Text pieces recognised, and how many of them had a low confidence. */
  pieces: number;
  lowConfidence: number;
  /** Mean recognition confidence over the pieces (0–1). */
  confidence: number;
  seconds: number;
}
