// V8 optimizes a function with TurboFan once it has run for an "interrupt budget" of bytecode
// (132 KB by default). A run reads each page once through a lot of different code (pdf.js,
// layout, recognizers, normalizer), so much of it is only warm: on the real PDFs V8's compile
// threads spent 3-4.7 s optimizing against 3.6-5.6 s of JavaScript actually run, about twice
// what bare pdf.js spends. Four times the budget keeps TurboFan for the truly hot code: compile
// CPU fell to about 1 s, total CPU by a quarter, wall time a little (issue #14; `npm run bench`
// prints both; OCR runs no slower). The flag is process-wide, so worker threads started later
// have it too. An operator's own `node --interrupt-budget=N bin/budget-ingest.mjs …` wins (Node
// refuses the flag in NODE_OPTIONS).
import v8 from 'node:v8';

export const INTERRUPT_BUDGET = 528_000;

export function tuneTiering() {
  if (process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) return;
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
