// Bounds on numbers read from a document. A hostile or damaged file can claim a cell 2^31
// columns wide, a list starting at four billion or a million pages; every such number is
// checked against these (and against what the file's own size can hold) before anything is
// allocated from it, so the file fails fast and small with a reason instead of exhausting
// memory. Where each value comes from is noted beside it.

/**
 * Widest table accepted. Word allows 63 columns, LibreOffice Writer 1024 (its documented
 * maximum), PDF and text tables are laid out on a page; budget tables have fewer than 30.
 */
export const MAX_TABLE_COLUMNS = 1024;

/**
 * Deepest XML element nesting accepted in a DOCX part. A Word body is ~8 levels deep plus ~4
 * per nested table or content control; Word itself refuses tables nested much past 60 levels.
 * The parsers downstream recurse per level, so an unbounded depth ends in a stack overflow.
 */
export const MAX_XML_DEPTH = 512;

/** Word's list levels are 0–8 (w:ilvl). */
export const MAX_LIST_LEVEL = 8;

/** Word's highest list start number (w:start, w:startOverride): 32767 in its dialog. */
export const MAX_LIST_START = 32_767;

/**
 * Fewest bytes a PDF page can take: a page object is at least `<</Type/Page>>` (14 bytes);
 * compressed object streams shrink that by at most a few times.
 */
export const MIN_PDF_PAGE_BYTES = 4;

/** Most slots (rows × columns) of one PDF table grid; a full page of 5 pt cells is ~20,000. */
export const MAX_PDF_GRID_SLOTS = 1_000_000;

/**
 * Largest text file read as a disclosure. The longest sample is 0.2 MB; a text's hast tree
 * and messages take ~25× its size, so a 200 MB text would need ~5 GB.
 */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;
