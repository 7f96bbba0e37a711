/**
 * Amounts while generating: exact integer counts of a currency's minor units (`bigint` cents) or,
 * for metered charges, of 10^-8 units, turned into the decimal strings of the events only when an
 * event is written. Integers keep every sum exact and cost far less than a Decimal per operation,
 * which matters at a million events; the one formula SPEC fixes (the discounted amount) goes
 * through the domain's money module so both sides round the same way.
 */
import { Decimal, formatAmount, parseAmount, roundHalfUpTo } from '@reckon/domain';

/** Cents as a decimal string with exactly 2 fraction digits (`1234n` → `"12.34"`, `-5n` → `"-0.05"`). */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = abs % 100n;
  return `${negative ? '-' : ''}${whole}.${frac < 10n ? '0' : ''}${frac}`;
}

const NANO = 100_000_000n;

/** 10^-8 units as a decimal string with 2 to 8 fraction digits (`123456789n` → `"1.23456789"`). */
export function formatNano(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  let frac = (abs % NANO).toString().padStart(8, '0');
  let end = frac.length;
  while (end > 2 && frac[end - 1] === '0') end--;
  frac = frac.slice(0, end);
  return `${negative ? '-' : ''}${abs / NANO}.${frac}`;
}

/** `round_half_up(listAmount × (1 − rate), 2)` (SPEC §3), in cents. */
export function discountedCents(listCents: bigint, rate: string): bigint {
  const list = parseAmount(formatCents(listCents));
  const amount = roundHalfUpTo(list.times(new Decimal(1).minus(rate)), 2);
  return BigInt(formatAmount(amount.times(100), 0));
}

/** `cents × fraction`, rounded down to whole cents (fraction in [0, 1]); for pro-rata amounts. */
export function fractionOf(cents: bigint, fraction: number): bigint {
  const perMillion = BigInt(Math.max(0, Math.min(1_000_000, Math.floor(fraction * 1_000_000))));
  return (cents * perMillion) / 1_000_000n;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Rounds a positive amount of cents up to a whole multiple of `step` cents. */
export function roundUpTo(cents: bigint, step: bigint): bigint {
  return ((cents + step - 1n) / step) * step;
}
