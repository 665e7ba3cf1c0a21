// Recognizers: read the hast tree (format-blind) and produce the raw document record.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { RawDocument } from '../records.ts';

export function recognize(_tree: Root, _file: VFile): RawDocument {
  return {
    title: null, doc_type: 'unknown', fiscal_year_raw: null, agency_code: null, agency_name: null, lead_text: '',
    projects: [], budget_tables: [], procurement_items: [], fixed_assets: [],
  };
}
