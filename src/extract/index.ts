// Chooses the extractor for a file. Extractors are imported lazily so that, say, a text-only
// batch never loads pdf.js.
import type { Format } from '../records.ts';
import type { Extractor } from './types.ts';

export { sniffFile, sniffFormat } from './sniff.ts';
export { ExtractError, type Extracted, type ExtractInput, type Extractor } from './types.ts';

export async function extractorFor(format: Format): Promise<Extractor> {
  switch (format) {
    case 'txt':
      return (await import('./text/index.ts')).extractText;
    case 'docx':
      return (await import('./docx/index.ts')).extractDocx;
    case 'pdf':
      return (await import('./pdf/index.ts')).extractPdf;
    case 'html':
      return (await import('./html/index.ts')).extractHtml;
    case 'xlsx':
      return (await import('./xlsx/index.ts')).extractXlsx;
    case 'xls':
      return (await import('./xlsx/legacy.ts')).extractXls;
    case 'doc':
      return (await import('./doc/index.ts')).extractDoc;
  }
}
