// Legacy Word (.doc, and RTF saved as .doc) → intermediate hast: LibreOffice converts it to
// DOCX (soffice.ts), then the DOCX extractor reads it, merged cells included. Provenance is
// the DOCX extractor's (`index` of the block, table/row/cell).
import { report } from '../../messages.ts';
import { extractDocx } from '../docx/index.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { isRtf, isWordBinary } from './detect.ts';
import { convertToDocx } from './soffice.ts';

/** Larger legacy Word files are refused before LibreOffice starts (budget disclosures are a few MB). */
export const MAX_DOC_BYTES = 64 * 1024 * 1024;

export const extractDoc: Extractor = async (input, file) => {
  const { bytes } = input;
  if (bytes.length > MAX_DOC_BYTES) {
    throw new ExtractError(`legacy Word file too large: ${(bytes.length / 1024 / 1024).toFixed(0)} MB (limit ${MAX_DOC_BYTES / 1024 / 1024} MB)`, 'doc');
  }
  const rtf = isRtf(bytes);
  if (!rtf && !isWordBinary(bytes)) throw new ExtractError('not a legacy Word file: neither a Word 97–2003 document nor RTF', 'doc');
  if (rtf) {
    report(file, 'RTF document (not the binary .doc format): converted through LibreOffice all the same', {
      stage: 'extract', rule: 'doc-is-rtf', severity: 'info',
    });
  }
  const docx = await convertToDocx(bytes, rtf ? 'rtf' : 'doc');
  let extracted;
  try {
    extracted = await extractDocx({ path: input.path, bytes: docx }, file);
  } catch (err) {
    if (err instanceof ExtractError) throw new ExtractError(`after conversion by LibreOffice: ${err.message}`, 'doc');
    throw err;
  }
  return extracted;
};
