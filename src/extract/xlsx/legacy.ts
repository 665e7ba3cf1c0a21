// Legacy binary workbooks (.xls BIFF8/BIFF5, WPS .et/.ett) → XLSX through LibreOffice, then the
// XLSX reader. No maintained pure-JS BIFF reader is on the npm registry without known
// vulnerabilities (see docs/formats.md), and LibreOffice keeps sheet names, cell positions,
// merged ranges, number formats and cached formula values, so cell references stay true.
// Without LibreOffice the file fails with the way to install it.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { VFile } from 'vfile';
import { report } from '../../messages.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { extractXlsx } from './index.ts';

/** Most seconds one conversion may take (a normal .xls takes 2–5 s, most of it LibreOffice's start). */
const TIMEOUT_MS = 120_000;

const INSTALL_HINT = 'install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-calc-nogui) or save the file as .xlsx';

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: TIMEOUT_MS, maxBuffer: 1 << 20 }, (err, _stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stderr: `${stderr}${e?.killed ? ' (timed out)' : ''}`, missing: e?.code === 'ENOENT' });
    });
  });
}

/** Path of the soffice binary: $SOFFICE, else `soffice` on PATH. */
const sofficeCommand = () => process.env.SOFFICE || 'soffice';

export const extractXls: Extractor = async (input, file: VFile) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'budget-ingest-xls-'));
  try {
    const src = path.join(dir, 'input.xls');
    await fs.writeFile(src, input.bytes);
    // A private profile per conversion, so parallel workers (and a user's open LibreOffice) do not clash.
    const profile = `file://${path.join(dir, 'profile')}`;
    const res = await run(sofficeCommand(), [`-env:UserInstallation=${profile}`, '--headless', '--norestore',
      '--convert-to', 'xlsx:Calc Office Open XML', '--outdir', dir, src]);
    if (res.missing) throw new ExtractError(`legacy Excel workbook (.xls) needs LibreOffice to be read: ${INSTALL_HINT}`, 'xls');
    const out = path.join(dir, 'input.xlsx');
    const converted = await fs.readFile(out).catch(() => null);
    if (!converted) {
      const why = res.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${res.code}`;
      throw new ExtractError(`LibreOffice could not convert this .xls (corrupt, encrypted or not a workbook): ${why}`, 'xls');
    }
    report(file, 'legacy Excel workbook converted to XLSX with LibreOffice', { stage: 'extract', rule: 'xls-converted', severity: 'info' });
    return await extractXlsx({ path: input.path, bytes: new Uint8Array(converted) }, file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
};
