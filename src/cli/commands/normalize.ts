import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { normalizeValue } from '../../normalize/value.ts';
import { EXIT, type Command } from '../command.ts';

/** The JSON line printed for one raw value (the contract's shape). */
export function normalizedJson(raw: string, unit?: string | null): string {
  const v = normalizeValue(raw, unit);
  return JSON.stringify({ raw, op: v.op, value: v.value, value_max: v.value_max, unit: v.unit });
}

export const normalize: Command = {
  name: 'normalize',
  help: `usage: budget-ingest normalize [RAW] [--unit UNIT] [--explain]

Prints the normalized form of a printed target value as JSON:
  {"raw": …, "op": …, "value": …, "value_max": …, "unit": …}
op is one of >=, <=, >, <, =, range, text; units are canonical (% for 百分比, 元 for 万元 × 10000).
Without RAW, reads one raw value per line from standard input and writes one JSON object per line.

options:
  --unit UNIT   a separately printed unit (度量单位 column), used when RAW has none
  --explain     also print, on standard error, why a value was kept as text

examples:
  budget-ingest normalize "≥12.5 万人"      → {"raw":"≥12.5 万人","op":">=","value":125000,"value_max":null,"unit":"人"}
  printf '≤0.13万元\\n每月20-28日\\n' | budget-ingest normalize`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv, allowPositionals: true,
        options: { unit: { type: 'string' }, explain: { type: 'boolean', default: false } },
      });
    } catch (err) {
      console.error(`normalize: ${(err as Error).message} (see budget-ingest normalize --help)`);
      return EXIT.usage;
    }
    const { values, positionals } = parsed;
    const explain = (raw: string) => {
      if (!values.explain) return;
      for (const m of normalizeValue(raw, values.unit).messages) console.error(`${raw}: ${m.text}`);
    };
    if (positionals.length > 1) {
      console.error('normalize: give one value (quote it) or none to read standard input');
      return EXIT.usage;
    }
    if (positionals.length === 1) {
      console.log(normalizedJson(positionals[0]!, values.unit));
      explain(positionals[0]!);
      return EXIT.ok;
    }
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const raw = line.replace(/\r$/, '');
      process.stdout.write(`${normalizedJson(raw, values.unit)}\n`);
      explain(raw);
    }
    return EXIT.ok;
  },
};
