// Names of documents read from inside a ZIP bundle: `bundle.zip!/folder/member.pdf`, the
// bundle's path, `!/` (as in `jar:` URLs), and the member's path inside it.
import path from 'node:path';

export const MEMBER_SEPARATOR = '!/';

export const memberPath = (bundle: string, name: string) => `${bundle}${MEMBER_SEPARATOR}${name}`;

/** File name for `documents.source_name`: the base name, or for a member `bundle.zip!/folder/member.pdf`. */
export function sourceNameOf(filePath: string): string {
  const at = filePath.indexOf(MEMBER_SEPARATOR);
  return at < 0 ? path.basename(filePath) : path.basename(filePath.slice(0, at)) + filePath.slice(at);
}
