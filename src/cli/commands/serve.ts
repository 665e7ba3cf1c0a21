import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openForServing, parseWaitSeconds } from '../../query/open.ts';
import { DEFAULT_PORT } from '../../pipeline/summary.ts';
import { createExplorer } from '../../serve/server.ts';
import { EXIT, type Command } from '../command.ts';
import { READ_OPTIONS, READ_OPTIONS_HELP } from '../read-database.ts';

export const serve: Command = {
  name: 'serve',
  help: `usage: budget-ingest serve [--db PATH] [--port N] [--host NAME]

Starts a local web app over the database: Overview (documents by province, city and county),
Indicators (filters, the normalized target beside the printed one, a chart across places),
Budgets, one Document, and SQL (read-only, with the named queries). Every row opens its source:
the PDF page with the row's box, or the block, table row or cell of other formats. Exports as
CSV (UTF-8 with BOM), XLSX and Parquet. The database is opened read-only with file access off,
afresh for each request, so a running ingest keeps writing between requests.

options:
${READ_OPTIONS_HELP}
  --port N        port to listen on (default 8737; 0 picks a free one)
  --host NAME     address to listen on (default 127.0.0.1: this machine only)

Stop it with Ctrl-C.
exit: 0 stopped, 2 usage, 3 database locked by a running ingest, 4 error`,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: { ...READ_OPTIONS, port: { type: 'string', default: String(DEFAULT_PORT) }, host: { type: 'string', default: '127.0.0.1' } } }));
    } catch (err) {
      console.error(`serve: ${(err as Error).message}`);
      return EXIT.usage;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`serve: --port takes a port number, got "${values.port}"`);
      return EXIT.usage;
    }
    let timeoutMs;
    try {
      timeoutMs = parseWaitSeconds(values.wait);
    } catch (err) {
      console.error(`serve: ${(err as Error).message}`);
      return EXIT.usage;
    }
    if (!fs.existsSync(values.db!)) {
      console.error(`serve: no database at ${values.db} (load one with budget-ingest ingest FILES --db ${values.db}, or npm start)`);
      return EXIT.usage;
    }
    // Open once before listening: a file that is not a budget-ingest database fails here, plainly.
    try {
      (await openForServing(values.db!, { timeoutMs })).close();
    } catch (err) {
      console.error(`serve: ${(err as Error).message}`);
      return /being written|still in use/.test((err as Error).message) ? EXIT.locked : EXIT.fatal;
    }
    const { server, bound } = createExplorer({ db: values.db!, timeoutMs });
    bound(values.host!);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, values.host, () => resolve());
    }).catch((err: NodeJS.ErrnoException) => {
      console.error(`serve: cannot listen on ${values.host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (give another with --port)' : err.message}`);
      throw Object.assign(new Error('listen failed'), { exit: EXIT.usage });
    }).then(() => undefined, () => null);
    if (!server.listening) return EXIT.usage;
    const addr = server.address();
    const actualPort = typeof addr === 'object' && addr ? addr.port : port;
    const shownHost = values.host === '0.0.0.0' || values.host === '::' ? '127.0.0.1' : values.host!.includes(':') ? `[${values.host}]` : values.host;
    console.log(`budget-ingest explorer on http://${shownHost}:${actualPort}/ (database ${values.db}, read-only); Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};
