// Writes docs/data-dictionary.md from the table and view declarations.
// Run after changing src/load/tables.ts or src/query/views.ts: node bin/run-ts.mjs scripts/gen-data-dictionary.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DICTIONARY_PATH, dataDictionaryMarkdown } from '../src/query/dictionary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, DICTIONARY_PATH);
fs.writeFileSync(target, dataDictionaryMarkdown());
console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
