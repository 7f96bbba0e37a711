/**
 * Amounts and times as the API gives them: an amount keeps exactly the fraction digits of its
 * decimal string (Intl.NumberFormat formats the string itself, so nothing goes through a float),
 * with its currency; a time is shown in the zone the API answered in (`?tz=partner`).
 */
import type { Lang, Words } from './i18n.js';

const formats = new Map<string, Intl.NumberFormat>();

function fractionDigits(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

export function money(value: string | null | undefined, currency: string | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  const digits = fractionDigits(value);
  const key = `${lang}|${currency ?? ''}|${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      ...(currency ? { style: 'currency', currency } : {}),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  // A decimal string is formatted as written (Intl.NumberFormat v3): no binary rounding.
  return format.format(value as unknown as number);
}

/** "2026-10-05T10:00:00+08:00" → "2026-10-05 10:00:00 +08:00": the API's zone, not the browser's. */
export function time(value: string | null | undefined): string {
  if (!value) return '—';
  const match = value.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/);
  if (!match) return value;
  return `${match[1]} ${match[2]}${match[3] ? ` ${match[3] === 'Z' ? 'UTC' : match[3]}` : ''}`;
}

/** YYYY-MM of today in a zone. */
export function currentPeriod(timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(
    new Date(),
  );
  const y = parts.find((p) => p.type === 'year')?.value;
  const m = parts.find((p) => p.type === 'month')?.value;
  return `${y}-${m}`;
}

export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Who appended an event (the `actor` object of the association records and the quota operation
 * records, as the audit view gives it) in words: an API key by its role, its partner and its key id
 * ("伙伴 P-RES · 密钥 key-14d3…"), the CLI by its command and user, the demo as such; one the engine
 * did not write by what it holds.
 */
export function actorText(actor: unknown, t: Words): string {
  if (actor === null || typeof actor !== 'object') return '—';
  const a = actor as Record<string, unknown>;
  const str = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : undefined);
  const parts: string[] = [];
  switch (str('kind')) {
    case 'api-key': {
      const role = str('role');
      const roleWord =
        role === 'admin' ? t.roleAdmin : role === 'finance' ? t.roleFinance : role === 'partner' ? t.rolePartner : role;
      parts.push([roleWord, str('partnerId')].filter(Boolean).join(' '));
      if (str('keyId')) parts.push(`${t.actorKey} ${str('keyId')}`);
      break;
    }
    case 'cli':
      parts.push([t.actorCli, str('command')].filter(Boolean).join(' '));
      if (str('user')) parts.push(`${t.actorUser} ${str('user')}`);
      break;
    case 'demo':
      parts.push(t.actorDemo);
      break;
    default:
      parts.push(str('value') ?? JSON.stringify(actor));
  }
  return parts.filter(Boolean).join(' · ') || '—';
}

/** The UTC offset of `timeZone` at the instant `t`, in milliseconds (east positive). */
function offsetAt(t: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(t)))
    parts[p.type] = p.value;
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * A wall-clock time typed into the centre ("2027-01-06T23:59", a datetime-local value, no zone) read
 * in `timeZone`, the partner's, in which the centre shows every time: ISO-8601 with that zone's offset
 * at that time ("2027-01-06T23:59:00+08:00"). Not the browser's zone: a user in London looking after a
 * Shanghai partner types Shanghai time. A time in a DST gap takes the offset after the change; an
 * offset with seconds (local mean time) is given in UTC, as an ISO offset has whole minutes only.
 */
export function zonedToIso(local: string, timeZone: string): string {
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!m) return local;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  const first = offsetAt(wall, timeZone);
  const offset = offsetAt(wall - first, timeZone);
  if (offset % 60_000 !== 0) return new Date(wall - offset).toISOString();
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${sign}${hh}:${mm}`;
}

/** The wall-clock time in `timeZone` at the instant `t` as a datetime-local value ("2027-01-06T23:59"). */
export function zonedLocal(t: number, timeZone: string): string {
  return new Date(t + offsetAt(t, timeZone)).toISOString().slice(0, 16);
}
