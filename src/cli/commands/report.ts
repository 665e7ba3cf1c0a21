import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLockedDown } from '../../query/open.ts';
import { buildReport } from '../../query/report.ts';
import { EXIT, type Command } from '../command.ts';
import { isSameFile, READ_EXIT_HELP, READ_OPTIONS, READ_OPTIONS_HELP, withReadDatabase } from '../read-database.ts';

export const reportCommand: Command = {
  name: 'report',
  help: `usage: budget-ingest report --out FILE.html [--db PATH] [--top N]

Writes one HTML page with counts per province and fiscal year, the distribution of indicator
types, how many target values were normalized, and the documents with the most problems.
The charts are drawn by the explorer's chart code (Apache ECharts), carried inline: the page
opens offline and can be mailed as one file; long labels are wrapped, never cut.

options:
  --out FILE      HTML file to write (default report.html)
${READ_OPTIONS_HELP}
  --top N         how many problem documents to list (default 10)

${READ_EXIT_HELP}`,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { out: { type: 'string', default: 'report.html' }, ...READ_OPTIONS, top: { type: 'string', default: '10' } },
      }));
    } catch (err) {
      console.error(`report: ${(err as Error).message}`);
      return EXIT.usage;
    }
    const top = Number(values.top);
    if (!Number.isInteger(top) || top < 1) {
      console.error(`report: --top takes a positive whole number, got "${values.top}"`);
      return EXIT.usage;
    }
    if (isSameFile(values.out!, values.db!)) {
      console.error(`report: --out ${values.out} is the database itself; choose another file`);
      return EXIT.usage;
    }
    // Only its own SELECTs run, but on the locked-down connection all the same (defence in depth).
    return withReadDatabase('report', { db: values.db!, wait: values.wait, open: openLockedDown }, async (db) => {
      const html = await buildReport(db, { database: values.db!, topDocuments: top });
      fs.mkdirSync(path.dirname(path.resolve(values.out!)), { recursive: true });
      fs.writeFileSync(values.out!, html);
      console.log(`wrote ${values.out}`);
      return EXIT.ok;
    });
  },
};
