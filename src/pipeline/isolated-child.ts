// Child process of isolated.ts: reads one file's bytes on stdin, runs every stage and writes the
// ProcessedDocument as JSON on stdout. If the file kills this process, only this process dies.
import { processBytes } from './process.ts';
import { withStrayErrors } from './stray-errors.ts';

const [filePath, hash] = process.argv.slice(2);
const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const bytes = new Uint8Array(Buffer.concat(chunks));
const doc = await withStrayErrors(filePath!, () => processBytes(filePath!, bytes, hash));
process.stdout.write(JSON.stringify(doc), () => process.exit(0));
