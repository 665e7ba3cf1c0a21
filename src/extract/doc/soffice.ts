// Converts a legacy Word (or RTF) file to DOCX with LibreOffice, so the DOCX extractor reads
// it: no npm package reads .doc tables with their merged cells (word-extractor gives the text
// only, cells as tabs, rows and merges lost). Each conversion runs in its own temporary
// folder with its own LibreOffice profile, so parallel workers never share an instance; the
// profile disables macros; the process group is killed at the time limit; all is removed after.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExtractError } from '../types.ts';

export const INSTALL_HINT = 'install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)';

export interface ConvertOptions {
  /** Stop LibreOffice after this long. */
  timeoutMs?: number;
  /** Where to look for `soffice`; default the PATH of this process. */
  searchPath?: string;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

function findOnPath(names: string[], searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/** The LibreOffice binary on the search path, or null. */
export function findSoffice(searchPath = process.env.PATH ?? ''): string | null {
  return findOnPath(['soffice', 'libreoffice'], searchPath);
}

// A fresh profile's settings: never run document macros (headless already refuses unsigned
// ones at the default level; this also covers signed ones), and do not follow links to
// untrusted referers.
const PROFILE_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
`;

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // Own process group: soffice starts soffice.bin as a child, and both must go at the limit.
    // coreutils `timeout` kills LibreOffice's process group at the limit even when this thread
    // is gone (a parser worker stopped by the pool); the timer below covers systems without it.
    const watchdog = findOnPath(['timeout'], process.env.PATH ?? '');
    const [bin, argv] = watchdog ? [watchdog, ['-s', 'KILL', `${Math.ceil(timeoutMs / 1000) + 5}`, command, ...args]] : [command, args];
    const child = spawn(bin, argv, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: cwd } });
    let output = '';
    const keep = (d: Buffer) => {
      if (output.length < 4000) output += d.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/**
 * The DOCX bytes LibreOffice writes for `bytes` (a .doc or .rtf file; `ext` is the input
 * extension it should see). Throws ExtractError with the reason when it cannot.
 */
export async function convertToDocx(bytes: Uint8Array, ext: 'doc' | 'rtf', opts: ConvertOptions = {}): Promise<Uint8Array> {
  const bin = findSoffice(opts.searchPath);
  if (!bin) throw new ExtractError(`legacy Word (.${ext}) files are read through LibreOffice, which is not installed: ${INSTALL_HINT}`, 'doc');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'budget-ingest-doc-'));
  try {
    const profile = path.join(dir, 'profile');
    await fs.mkdir(path.join(profile, 'user'), { recursive: true });
    await fs.writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), PROFILE_SETTINGS);
    const input = path.join(dir, `input.${ext}`);
    await fs.writeFile(input, bytes);
    const out = path.join(dir, 'out');
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless', '--norestore', '--nolockcheck', '--nodefault', '--nologo',
      '--convert-to', 'docx:MS Word 2007 XML', '--outdir', out, input,
    ];
    const result = await run(bin, args, dir, timeoutMs);
    if (result.timedOut) throw new ExtractError(`LibreOffice did not finish converting this .${ext} file within ${Math.round(timeoutMs / 1000)} s; stopped`, 'doc');
    const docx = await fs.readFile(path.join(out, 'input.docx')).catch(() => null);
    if (!docx || docx.length === 0) {
      // LibreOffice exits 0 even when it could not load the file; it then writes nothing.
      const why = result.output.split('\n').map((l) => l.trim()).find((l) => /error|fail/i.test(l));
      throw new ExtractError(`LibreOffice could not convert this .${ext} file (corrupt or not a Word document?)${why ? `: ${why}` : ''}`, 'doc');
    }
    return new Uint8Array(docx);
  } finally {
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
