// What a spreadsheet cell displays: its stored number rendered through its number format
// (`0.95` with `0%` → `95%`, `1342.456` with `#,##0.00` → `1,342.46`, a date serial with
// `yyyy"年"m"月"d"日"` → `2024年3月1日`). Rendering is ssf's (SheetJS's format engine, ECMA-376
// format codes). Built-in format ids without a code in the file are resolved here.
import SSF from 'ssf';

// Built-in formats whose display depends on the locale: Chinese (zh-CN) Excel shows these ids
// as below. Source: ECMA-376 Part 1, §18.8.30 numFmt (the zh-cn list of implied formats).
const ZH_CN_BUILTIN: Record<number, string> = {
  14: 'yyyy/m/d',
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** The format code of a built-in id (ssf's table for the locale-neutral ones), or General. */
export function builtinFormat(id: number): string {
  return ZH_CN_BUILTIN[id] ?? (SSF.get_table()[id] as string | undefined) ?? 'General';
}

/**
 * The text a number shows under a format code. A code ssf cannot render (malformed, or a
 * feature it lacks) falls back to General, and the caller is told so it can report it.
 */
export function formatNumber(value: number, code: string, date1904: boolean): { text: string; failed: boolean } {
  try {
    return { text: SSF.format(code, value, { date1904 }), failed: false };
  } catch {
    return { text: SSF.format('General', value), failed: true };
  }
}

/** True when the format code shows a date or time. */
export function isDateFormat(code: string): boolean {
  try {
    return SSF.is_date(code);
  } catch {
    return false;
  }
}
