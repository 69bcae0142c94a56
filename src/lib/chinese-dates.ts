/** Dates as a Chinese reader expects them, in the paper's time zone. Shared by the web and print renderers. */

import { zonedTime } from './time.js';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** A date and time as a clock in `timeZone` (the paper's) shows it: 2024年4月11日 08:00. */
export function chineseDateTime(iso: string, timeZone: string): string {
  const t = zonedTime(new Date(iso), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.year}年${t.month}月${t.day}日 ${pad(t.hour)}:${pad(t.minute)}`;
}

/** A calendar day (YYYY-MM-DD) the Chinese way: 2024年4月11日. */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The weekday of a calendar day (YYYY-MM-DD): 星期四. */
export function chineseWeekday(day: string): string {
  return WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
}
