// Writes the hostile DOCX variants of test/fixtures/hostile/hostile-docx.ts into a folder, to
// try them with the CLI: `node bin/run-ts.mjs scripts/make-hostile.ts /tmp/hostile`.
import { writeHostileDocx } from '../test/fixtures/hostile/hostile-docx.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bin/run-ts.mjs scripts/make-hostile.ts DIR');
  process.exit(2);
}
for (const f of await writeHostileDocx(dir)) console.log(f);
