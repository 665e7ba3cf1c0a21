// Words that identify what a cell is, independent of where a format put it: indicator level
// names, comparison operators, amounts, project codes.
import { squash } from '../ir/text.ts';

/** 一级指标 names (printed forms). 成本指标 is also a 二级指标 in the older framework. */
const LEVEL1 = /^(产出|效益|满意度|成本)指标$/;
/** Words a 二级指标 is made of (数量指标, 社会效益, 服务对象满意度, 可持续影响指标, 经济成本指标…). */
const LEVEL2_WORD = /(数量|质量|时效|成本|效益|满意度|影响|服务对象)/;

export function isLevel1(text: string): boolean {
  const t = squash(text);
  return LEVEL1.test(t) && !/^成本$/.test(t);
}

/** Only a 一级指标, never a 二级指标 (成本指标 can be either). */
export function isLevel1Only(text: string): boolean {
  return isLevel1(text) && !/^成本/.test(squash(text));
}

export function isLevel2(text: string): boolean {
  const t = squash(text);
  return t.length <= 12 && LEVEL2_WORD.test(t) && !isLevel1Only(t) && !/[0-9%％≥≤=]/.test(t);
}

/** Complete 二级指标 wordings, used to tell a wrapped tail (`服务对象` + `满意度`) from a new name. */
const LEVEL2_COMPLETE = /^(数量|质量|时效|成本|经济成本|社会成本|生态环境成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)(指标)?$/;

export function isCompleteLevel2(text: string): boolean {
  return LEVEL2_COMPLETE.test(squash(text));
}

/** A comparison operator printed in its own column (批复表 绩效指标性质). */
const OP = /^(≥|≤|=|＝|>|<|＞|＜|≧|≦|>=|<=|大于等于|小于等于|等于|大于|小于|不低于|不高于|不少于|不超过)$/;

export function isOp(text: string): boolean {
  return OP.test(squash(text));
}

/** Qualitative/quantitative markers some 批复表 print instead of an operator. */
export function isNature(text: string): boolean {
  return /^(定性|定量)$/.test(squash(text));
}

export function isNumber(text: string): boolean {
  return /^[-+]?[0-9][0-9,]*(\.[0-9]+)?$/.test(squash(text)) || /^[-+]?\.[0-9]+$/.test(squash(text));
}

/** Printed 度量单位: short, no digits. */
export function isUnit(text: string): boolean {
  const t = squash(text);
  return t.length > 0 && t.length <= 6 && !/[0-9]/.test(t) && !isOp(t);
}

/**
 * A project code followed by its name in one cell (`630123000 24T000000 269-公益性岗位…`):
 * code = letters and digits (spaces removed), at least 8 long with 6 digits, then a hyphen.
 */
export function splitCodeName(text: string): { code: string; name: string } | null {
  const t = squash(text);
  const m = /^([0-9A-Za-z]{8,})[-－—](.+)$/.exec(t);
  if (!m || (m[1]!.match(/[0-9]/g)?.length ?? 0) < 6) return null;
  return { code: m[1]!, name: m[2]! };
}

/** A unit printed as code and name (`320001沧县就业服务局本级`, `323 石家庄市…局`, `723001-…(本级)`). */
const AGENCY_END = /(局|委员会|委|院|办公室|办|中心|本级|部|会|所|站|队|处|校|馆|厅|政府|街道|镇|乡|社|团|室|联|署|台|场|园|库)([（(]本级[)）])?$/;

/** A name that ends like a unit's name (…局, …委员会, …办公厅, …(本级)), without digits. */
export function isAgencyName(name: string): boolean {
  return name.length >= 3 && !/[0-9]/.test(name) && AGENCY_END.test(name);
}

export function splitAgency(text: string): { code: string; name: string } | null {
  const t = squash(text);
  const m = /^([0-9]{3,9})[-－—]?([\u4e00-\u9fff（(][^0-9]*)$/.exec(t);
  if (!m || !AGENCY_END.test(m[2]!) || m[2]!.length < 3) return null;
  return { code: m[1]!, name: m[2]! };
}
