import { ExtractError, type Extractor } from '../types.ts';

export const extractPdf: Extractor = async () => {
  throw new ExtractError('PDF extractor not built yet', 'pdf');
};
