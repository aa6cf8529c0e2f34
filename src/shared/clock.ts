// Time comes through a clock so that tests and scheduled work can fix "now".
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/** The Academy's wall clock is Beijing time (UTC+8, no daylight saving). */
export const SITE_TIME_ZONE = 'Asia/Shanghai';

/** "2020-04-09 10:30" in Beijing time → the instant, as an ISO string in UTC; undefined if invalid. */
export function beijingLocalToIso(date: string, time = '00:00'): string | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!m || !t) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h - 8, mi, s);
  const check = new Date(utc + 8 * 3600_000);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined; // 2021-02-30
  return new Date(utc).toISOString();
}

/** An instant → "2020-04-09 10:30" in Beijing time (the form the old site and government metadata use). */
export const isoToBeijingLocal = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Any stored timestamp (ISO text from SQLite, Date from PostgreSQL) → ISO string. */
export function toIso(value: string | Date | null | undefined): string | null {
  if (value == null) return null;
  if (value instanceof Date) return value.toISOString();
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
