#!/usr/bin/env node
// Entry point of the CLI: runs the compiled JavaScript in dist/, or the TypeScript sources
// through tsx when dist/ is missing or older than src/ (bin/sources.mjs).
import { tuneTiering } from './tiering.mjs';
import { importModule } from './sources.mjs';

tuneTiering();
const { main } = await importModule('cli/main');
process.exitCode = await main(process.argv.slice(2));
