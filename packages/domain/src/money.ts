/**
 * Money: the one place amounts are parsed, computed, rounded and formatted.
 *
 * Amounts cross every boundary as decimal strings and live as `Decimal` inside; a JS number never
 * holds money. We use our own clone of decimal.js so the global `Decimal` configuration (which
 * other libraries may share) is never touched.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/**
 * decimal.js configured for money: 60 significant digits (far more than any amount with 8 fraction
 * digits needs, so sums and products are exact), half-up rounding (decimal.js `ROUND_HALF_UP` is
 * symmetric: a tie rounds away from zero, so -0.005 → -0.01), and plain notation at any magnitude.
 */
export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = DecimalJs;

/** A decimal string as it appears in events: optional minus, digits, up to 8 fraction digits. */
export const AMOUNT_PATTERN = '^-?\\d+(\\.\\d{1,8})?$';
const AMOUNT_RE = new RegExp(AMOUNT_PATTERN);

export const ZERO: Decimal = new Decimal(0);

export class InvalidAmountError extends Error {
  override name = 'InvalidAmountError';
  constructor(readonly input: unknown) {
    super(`not a decimal amount string (like "12.50", at most 8 fraction digits): ${describe(input)}`);
  }
}

function describe(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : `${typeof input} ${String(input)}`;
}

/** Whether `s` is a decimal amount string (the only accepted input form for money). */
export function isAmountString(s: unknown): s is string {
  return typeof s === 'string' && AMOUNT_RE.test(s);
}

/** Parses a decimal amount string strictly: no exponent, no NaN/Infinity, no JS number. */
export function parseAmount(s: string): Decimal {
  let amount = parsedAmounts.get(s);
  if (amount === undefined) {
    if (!isAmountString(s)) throw new InvalidAmountError(s);
    amount = new Decimal(s);
    if (s.length > 40) return amount; // not kept: few amounts are this long
    if (parsedAmounts.size >= PARSED_AMOUNTS_MAX) parsedAmounts.clear();
    parsedAmounts.set(s, amount);
  }
  return amount;
}

/**
 * Amounts parsed lately, by their text (a `Decimal` is immutable, so one value serves every
 * reader): an event's amounts are read by the parser, the decision and the folds. Cleared when full.
 */
const parsedAmounts = new Map<string, Decimal>();
const PARSED_AMOUNTS_MAX = 50_000;

/**
 * a + b. A `Decimal` is immutable, so when one side is zero the other is the sum: no new object
 * (most of an event's deltas are zero, and a rebuild adds tens of millions of them; decimal.js
 * allocates even for `x + 0`). Exact either way: an amount has at most 23 digits (SPEC §1 bounds),
 * far from the 60 a sum would round to.
 */
export function add(a: Decimal, b: Decimal): Decimal {
  if (b.isZero()) return a;
  if (a.isZero()) return b;
  return a.plus(b);
}

/** a − b; nothing new when b is zero (see `add`). */
export function sub(a: Decimal, b: Decimal): Decimal {
  return b.isZero() ? a : a.minus(b);
}

/** `amount × rate`, exact (no rounding: the precision holds every digit of two 8-digit decimals). */
export function multiply(amount: Decimal, rate: Decimal): Decimal {
  return amount.times(rate);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

export function abs(a: Decimal): Decimal {
  return a.abs();
}

export function min(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

/** -1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  return a.comparedTo(b) as -1 | 0 | 1;
}

export const eq = (a: Decimal, b: Decimal): boolean => a.eq(b);
export const lt = (a: Decimal, b: Decimal): boolean => a.lt(b);
export const lte = (a: Decimal, b: Decimal): boolean => a.lte(b);
export const gt = (a: Decimal, b: Decimal): boolean => a.gt(b);
export const gte = (a: Decimal, b: Decimal): boolean => a.gte(b);
export const isZero = (a: Decimal): boolean => a.isZero();
export const isPositive = (a: Decimal): boolean => a.gt(0);

/** Whether two decimal strings denote the same amount (`"10.5"` equals `"10.50"`). */
export function sameAmount(a: string, b: string): boolean {
  return parseAmount(a).eq(parseAmount(b));
}

/**
 * ISO 4217 minor units of the currencies we expect; any other currency is taken to have 2.
 * Source: the ISO 4217 list (e.g. JPY/KRW have none, BHD/KWD/JOD/OMR/TND/IQD/LYD three).
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

/** Number of fraction digits of a currency's minor unit (CNY 2, JPY 0, BHD 3, …; default 2). */
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

/** Rounds half-up (ties away from zero, symmetric for negatives) to `places` fraction digits. */
export function roundHalfUpTo(d: Decimal, places: number): Decimal {
  // Already that short: the same value (immutable), no new object (see `add`).
  if (d.decimalPlaces() <= places) return d;
  return d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** Rounds half-up (ties away from zero) to the currency's minor unit. */
export function roundHalfUp(d: Decimal, currency: string): Decimal {
  return roundHalfUpTo(d, minorUnits(currency));
}

/**
 * Canonical decimal string: plain notation (never an exponent), no trailing zeros beyond what the
 * value has, `-0` shown as `0`. With `places`, exactly that many fraction digits (rounded half-up).
 */
export function formatAmount(d: Decimal, places?: number): string {
  const s = places === undefined ? d.toFixed() : d.toFixed(places, Decimal.ROUND_HALF_UP);
  return s.startsWith('-') && /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Formats with the currency's minor-unit digits (`"12.50"` for CNY, `"1250"` for JPY). */
export function formatMoney(d: Decimal, currency: string): string {
  return formatAmount(d, minorUnits(currency));
}

/** Canonical form of a decimal string (`"010.50"` → `"10.5"`), for comparing and storing. */
export function normalizeAmount(s: string): string {
  return formatAmount(parseAmount(s));
}
