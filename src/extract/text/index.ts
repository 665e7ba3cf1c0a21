import { ExtractError, type Extractor } from '../types.ts';

export const extractText: Extractor = async () => {
  throw new ExtractError('text extractor not built yet', 'txt');
};
