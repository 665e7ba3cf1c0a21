// Which government published a document: adcode, province, city, county. Evidence, strongest
// first: place names in the agency name (保定白沟新城管理委员会…, 石家庄市人力资源和社会保障局),
// the 6-digit division code that budget-system project codes start with (13092122P… → 130921),
// then place names in the title and the opening text. Misspelt names are matched against the
// gazetteer by one differing character (隍源县 → 湟源县); conflicts become messages.
import type { Region } from '../records.ts';
import { squash } from '../ir/text.ts';
import { gazetteer, type Division, type Gazetteer } from './gazetteer.ts';

export interface RegionInput {
  agency_name: string | null;
  title: string | null;
  lead_text: string;
  project_codes: (string | null)[];
}

export interface RegionMessage {
  rule: string;
  text: string;
  severity: 'warning' | 'info';
}

export interface Mention {
  /** Every division the printed name may denote (several for 新华区, 朝阳区…). */
  candidates: Division[];
  index: number;
  printed: string;
  how: 'exact' | 'typo';
}

const SUFFIXES = new Set(['县', '区', '市', '旗']);

/** Exact place names in a text, longest first at each position. */
export function placesIn(text: string, gaz: Gazetteer = gazetteer()): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < text.length;) {
    let matched = 0;
    for (const name of gaz.namesStartingWith(text[i]!)) {
      if (!text.startsWith(name, i)) continue;
      // 永安市场监督管理局 is a market regulator, not 永安市.
      if (name.endsWith('市') && text[i + name.length] === '场') continue;
      const candidates = gaz.named(name);
      // Two-character names (和县, 东区, 城区) are also ordinary words: count them only where a
      // name is expected, at the start or right after a parent division's name or 中共.
      if (name.length <= 2) {
        const before = text.slice(0, i);
        const afterParent = candidates.some((c) => (c.city && before.endsWith(c.city)) || before.endsWith(c.province));
        if (i > 0 && !afterParent && !before.endsWith('中共')) continue;
      }
      out.push({ candidates, index: i, printed: name, how: 'exact' });
      matched = name.length;
      break;
    }
    i += matched || 1;
  }
  return out;
}

// County names by length and suffix, built once per gazetteer (a caller may pass its own).
const typoIndexes = new WeakMap<Gazetteer, Map<string, Division[]>>();

function typoIndexOf(gaz: Gazetteer): Map<string, Division[]> {
  let index = typoIndexes.get(gaz);
  if (!index) {
    index = new Map();
    for (const d of gaz.counties()) {
      if (d.name.length < 3 || !SUFFIXES.has(d.name.at(-1)!)) continue;
      const key = `${d.name.length}${d.name.at(-1)}`;
      index.set(key, [...(index.get(key) ?? []), d]);
    }
    typoIndexes.set(gaz, index);
  }
  return index;
}

/** County names that differ from a printed name in one character (not the 县/区/市/旗 suffix). */
export function typoPlacesIn(text: string, gaz: Gazetteer = gazetteer(), taken: Mention[] = []): Mention[] {
  const typoIndex = typoIndexOf(gaz);
  const covered = (from: number, to: number) => taken.some((m) => m.index < to && from < m.index + m.printed.length);
  const out: Mention[] = [];
  for (let end = 0; end < text.length; end++) {
    const suffix = text[end]!;
    if (!SUFFIXES.has(suffix)) continue;
    for (let len = 6; len >= 3; len--) {
      const start = end - len + 1;
      if (start < 0 || covered(start, end + 1)) continue;
      const printed = text.slice(start, end + 1);
      if (/[^\u4e00-\u9fff]/.test(printed)) continue;
      const found = (typoIndex.get(`${len}${suffix}`) ?? []).filter((d) => {
        let diff = 0;
        for (let k = 0; k < len - 1; k++) if (d.name[k] !== printed[k]) diff++;
        return diff === 1;
      });
      if (found.length > 0) {
        out.push({ candidates: found, index: start, printed, how: 'typo' });
        break;
      }
    }
  }
  return out;
}

const RANK: Record<Division['level'], number> = { county: 3, city: 2, province: 1 };

function within(d: Division, parent: Division): boolean {
  if (parent.level === 'province') return d.adcode.slice(0, 2) === parent.adcode.slice(0, 2);
  if (parent.level === 'city') return d.cityCode === parent.cityCode;
  return d.adcode === parent.adcode;
}

/**
 * The most specific division a text names: a county if one is named (disambiguated by a
 * city or province named in the same text, or by `hint`), else a city, else a province.
 */
function bestIn(mentions: Mention[], hint: Division | null, messages: RegionMessage[], where: string): { division: Division; mention: Mention } | null {
  const unique = mentions.filter((m) => m.candidates.length === 1).map((m) => m.candidates[0]!);
  const context = [...unique, ...(hint ? [hint] : [])];
  let best: { division: Division; mention: Mention } | null = null;
  for (const m of mentions) {
    let pick: Division | null = m.candidates.length === 1 ? m.candidates[0]! : null;
    if (!pick) {
      const fitting = m.candidates.filter((c) => context.some((p) => p.level !== 'county' && c !== p && within(c, p)) || (hint && (within(c, hint) || within(hint, c))));
      if (fitting.length === 1) pick = fitting[0]!;
      else {
        messages.push({ rule: 'region-ambiguous', severity: 'info', text: `${where}: "${m.printed}" names ${m.candidates.length} divisions (${m.candidates.map((c) => c.adcode).join(', ')}); not used` });
        continue;
      }
    }
    if (!best || RANK[pick.level] > RANK[best.division.level]) best = { division: pick, mention: m };
  }
  return best;
}

/** Division named by the codes that project codes start with, by majority. */
function fromProjectCodes(codes: (string | null)[], gaz: Gazetteer): { division: Division; exact: boolean; prefix: string } | null {
  const counts = new Map<string, number>();
  for (const c of codes) {
    const m = c ? /^(\d{6})/.exec(squash(c)) : null;
    if (m) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [prefix] of ranked) {
    const exact = gaz.get(prefix);
    if (exact) return { division: exact, exact: true, prefix };
  }
  // No prefix is a known code (budget systems sometimes use their own county numbers): the
  // first four digits may still name the city.
  for (const [prefix] of ranked) {
    const city = gaz.city(prefix.slice(0, 4));
    if (city) return { division: city, exact: false, prefix };
  }
  return null;
}

export function regionOf(d: Division | null): Region {
  if (!d) return { adcode: null, province: null, city: null, county: null };
  return { adcode: d.adcode, province: d.province, city: d.city, county: d.county };
}

export interface RegionResult {
  region: Region;
  messages: RegionMessage[];
}

/** Resolve the publishing government of a document. */
export function resolveRegion(input: RegionInput, gaz: Gazetteer = gazetteer()): RegionResult {
  const messages: RegionMessage[] = [];
  const code = fromProjectCodes(input.project_codes, gaz);
  const hint = code?.division ?? null;

  const scan = (text: string | null, where: string, typos: boolean) => {
    if (!text) return null;
    const t = squash(text);
    const exact = placesIn(t, gaz);
    let found = bestIn(exact, hint, messages, where);
    if (typos && (!found || found.division.level !== 'county')) {
      const typo = bestIn(typoPlacesIn(t, gaz, exact), found?.division ?? hint, [], where);
      if (typo && (!found || within(typo.division, found.division))) {
        if (!hint || within(typo.division, hint) || within(hint, typo.division)) {
          messages.push({
            rule: 'region-typo', severity: 'info',
            text: `${where} prints "${typo.mention.printed}"; read as ${typo.division.name} (${typo.division.adcode}) from the gazetteer`,
          });
          found = typo;
        }
      }
    }
    return found;
  };

  const agency = scan(input.agency_name, 'agency name', true);
  const title = agency ? null : scan(input.title, 'title', true);
  const lead = agency || title ? null : scan(input.lead_text.slice(0, 2000), 'opening text', false);
  const text = agency ?? title ?? lead;
  const textSource = agency ? 'agency name' : title ? 'title' : 'opening text';

  let chosen: Division | null = null;
  if (text && code) {
    const t = text.division;
    const c = code.division;
    if (t.adcode === c.adcode) chosen = t;
    else if (within(c, t) && code.exact) chosen = c; // a county's codes, its city named in the text
    else if (within(t, c)) chosen = t; // the text names a county inside the codes' city
    else {
      // Disagreement: the agency name says who published; otherwise trust the codes.
      chosen = agency ? t : c;
      messages.push({
        rule: 'region-conflict', severity: 'warning',
        text: `${textSource} names ${t.name} (${t.adcode}) but project codes start with ${code.prefix} (${c.name}); using ${chosen.name}`,
      });
    }
    if (chosen === t && !code.exact && t.level === 'county' && within(t, c)) {
      messages.push({ rule: 'region-code-unknown', severity: 'info', text: `project codes start with ${code.prefix}, not a division code; ${t.name} (${t.adcode}) from the ${textSource}` });
    }
  } else if (text) {
    chosen = text.division;
  } else if (code) {
    chosen = code.division;
    if (!code.exact) {
      messages.push({ rule: 'region-city-only', severity: 'warning', text: `only the city is known: project codes start with ${code.prefix}, which is not a division code, and no place name was found` });
    }
  } else {
    messages.push({ rule: 'region-unknown', severity: 'warning', text: 'no region found: no place name in the agency name, title or opening text, and no project code with a division code' });
  }
  return { region: regionOf(chosen), messages };
}
