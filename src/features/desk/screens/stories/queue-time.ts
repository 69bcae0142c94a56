import { addDays, zonedTime } from '../../../../lib/time.js';

const RELATIVE: Record<number, string> = { [-1]: '昨天', 0: '今天', 1: '明天' };

/**
 * A calendar day as a busy list shows it: 今天, 明天, 昨天 near today; without the year in
 * this year (12月8日); whole otherwise (2025年12月8日). `today` is today in the paper's zone.
 */
export function listDay(day: string, today: string): string {
  for (const [offset, word] of Object.entries(RELATIVE)) if (addDays(today, Number(offset)) === day) return word;
  const [y, m, d] = day.split('-').map(Number);
  return day.slice(0, 4) === today.slice(0, 4) ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}

/** A time as a busy list shows it, in the paper's zone: 今天 14:05, 12月8日 09:30, 2025年12月8日 09:30. */
export function listTime(iso: string, timeZone: string, today: string): string {
  const t = zonedTime(new Date(iso), timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${listDay(`${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`, today)} ${pad(t.hour)}:${pad(t.minute)}`;
}
