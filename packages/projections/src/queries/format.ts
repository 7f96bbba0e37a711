import { Decimal, formatAmount, minorUnits } from '@reckon/domain';

/**
 * A stored amount as a decimal string: canonical (no trailing zeros beyond need) but with at least
 * the currency's minor-unit digits, so `100` reads `"100.00"` in CNY and `12.345` stays `"12.345"`.
 */
export function money(value: string | null | undefined, currency: string): string {
  const canonical = formatAmount(new Decimal(value ?? 0));
  const places = minorUnits(currency);
  const dot = canonical.indexOf('.');
  const have = dot < 0 ? 0 : canonical.length - dot - 1;
  return have >= places ? canonical : formatAmount(new Decimal(canonical), places);
}

/** Opaque cursor of a keyset page: the position of the last item. */
export function encodeCursor(position: string | number): string {
  return Buffer.from(`p:${position}`).toString('base64url');
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!/^p:\d{1,18}$/.test(text)) throw new InvalidCursorError(`not a cursor of this list: ${cursor}`);
  return text.slice(2);
}
