// pdf.js's legacy build must not leave its polyfills in place of the built-ins (issue #14).
import { expect, test } from 'vitest';
import { pdfjs } from '../src/extract/pdf/load.ts';

test('Array.prototype.push, JSON.stringify, JSON.parse stay native after pdf.js is loaded', async () => {
  const before = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
  await pdfjs();
  expect(Array.prototype.push).toBe(before.push);
  expect(JSON.stringify).toBe(before.stringify);
  expect(JSON.parse).toBe(before.parse);
  for (const f of [Array.prototype.push, JSON.stringify, JSON.parse]) {
    expect(Function.prototype.toString.call(f)).toContain('[native code]');
  }
});
