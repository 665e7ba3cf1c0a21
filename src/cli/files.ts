// Expands the FILES_OR_DIRS arguments of a command into a sorted list of files.
import fs from 'node:fs';
import path from 'node:path';

export function listInputFiles(inputs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) throw new Error(`no such file or folder: ${p}`);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name.startsWith('.')) continue;
        walk(path.join(p, name));
      }
    } else if (st.isFile()) out.push(p);
  };
  for (const input of inputs) walk(input);
  return out;
}
