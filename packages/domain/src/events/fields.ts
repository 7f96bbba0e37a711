/**
 * Field schemas shared by the event families. Each carries a `description` phrased as what the
 * value must be ("a decimal string like …"): parse errors say "must be <description>", and the
 * OpenAPI document shows the same words.
 */
import { type TLiteral, type TSchema, type TUnion, Type } from '@sinclair/typebox';
import { CURRENCY_PATTERN } from '../currencies.js';
import { EARLIEST_PERIOD_YEAR, INSTANT_PATTERN, LATEST_PERIOD_YEAR, PERIOD_PATTERN } from '../period.js';
import { MAX_AMOUNT_INTEGER_DIGITS, MAX_ID_LENGTH, MAX_TEXT_LENGTH } from './bounds.js';

/**
 * Ids end up in stream names and URL paths: no whitespace, `/`, `?`, `#` or `%`. At most 128
 * characters counted as code points (SPEC §1), with or without a regular expression's `u` flag: a
 * surrogate pair (an emoji) is one character; a lone surrogate is refused by the bounds.
 */
export const ID_PATTERN = `^(?:[^\\s/?#%\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]){1,${MAX_ID_LENGTH}}$`;

export const Id = (what = 'an id') =>
  Type.String({
    pattern: ID_PATTERN,
    description: `${what} (1–${MAX_ID_LENGTH} characters without spaces, /, ?, # or %)`,
  });

export const Text = (what = 'a non-empty string') =>
  Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, description: what });

export const FreeText = (what = 'a string') => Type.String({ maxLength: MAX_TEXT_LENGTH, description: what });

/**
 * Amounts of events: the money pattern with at most 15 integer digits (SPEC §1 "Bounds"), so that
 * sums of them fit the read models. Each pattern is listed in AMOUNT_FIELD_PATTERNS, which lets a
 * parse error say that the digits, not the form, are what is wrong.
 */
const INT = `\\d{1,${MAX_AMOUNT_INTEGER_DIGITS}}`;
const FRACTION = '(\\.\\d{1,8})?';

export const SIGNED_AMOUNT_PATTERN = `^-?${INT}${FRACTION}$`;
export const SignedAmount = () =>
  Type.String({ pattern: SIGNED_AMOUNT_PATTERN, description: 'a decimal string like "12.50"' });

export const NON_NEGATIVE_AMOUNT_PATTERN = `^${INT}${FRACTION}$`;
export const NonNegativeAmount = () =>
  Type.String({ pattern: NON_NEGATIVE_AMOUNT_PATTERN, description: 'a non-negative decimal string like "12.50"' });

/** A lookahead requires a nonzero digit somewhere. */
export const POSITIVE_AMOUNT_PATTERN = `^(?=[0-9.]*[1-9])${INT}${FRACTION}$`;
export const PositiveAmount = () =>
  Type.String({ pattern: POSITIVE_AMOUNT_PATTERN, description: 'a positive decimal string like "12.50"' });

export const NONZERO_AMOUNT_PATTERN = `^-?(?=[0-9.]*[1-9])${INT}${FRACTION}$`;
export const NonZeroAmount = () =>
  Type.String({ pattern: NONZERO_AMOUNT_PATTERN, description: 'a nonzero decimal string like "12.50" or "-3.20"' });

export const AMOUNT_FIELD_PATTERNS: ReadonlySet<string> = new Set([
  SIGNED_AMOUNT_PATTERN,
  NON_NEGATIVE_AMOUNT_PATTERN,
  POSITIVE_AMOUNT_PATTERN,
  NONZERO_AMOUNT_PATTERN,
]);

/** A conversion factor: one unit is `factor` base units. Positive, written like an amount. */
export const Factor = () =>
  Type.String({ pattern: POSITIVE_AMOUNT_PATTERN, description: 'a positive decimal string like "1024"' });

/** A fraction between 0 and 1 inclusive. */
export const RATE_PATTERN = '^(0(\\.\\d{1,8})?|1(\\.0{1,8})?)$';
export const Rate = () =>
  Type.String({ pattern: RATE_PATTERN, description: 'a decimal string from "0" to "1" like "0.15"' });

/** A quantity as a number stays below 10^15 like an amount (and is finite: JSON's 1e400 parses as Infinity). */
export const Quantity = () =>
  Type.Union([Type.Number({ minimum: 0, exclusiveMaximum: 10 ** MAX_AMOUNT_INTEGER_DIGITS }), NonNegativeAmount()], {
    description: 'a non-negative number below 10^15 or decimal string',
  });

export const Currency = () =>
  Type.String({ pattern: CURRENCY_PATTERN, description: 'an ISO 4217 currency code like "CNY"' });

export const Instant = () =>
  Type.String({
    pattern: INSTANT_PATTERN,
    description: 'an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00"',
  });

export const PeriodField = () =>
  Type.String({ pattern: PERIOD_PATTERN, description: 'a period "YYYY-MM" like "2026-10"' });

/**
 * The year of booking periods (a `year=` filter): one a period can have, EARLIEST_PERIOD's to
 * LATEST_PERIOD's. A year outside holds no period: it is a mistake, not an empty year.
 */
export const PeriodYearField = () =>
  Type.Integer({
    minimum: EARLIEST_PERIOD_YEAR,
    maximum: LATEST_PERIOD_YEAR,
    description: 'a year like 2026 (its booking periods)',
  });

export const TimeZone = () =>
  Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone like "Asia/Shanghai"' });

/** The form only; parse.ts checks that the tag is well-formed BCP 47 (`isLanguageTag`). */
export const Language = () =>
  Type.String({ minLength: 1, maxLength: 64, description: 'a BCP 47 language tag like "zh-CN" or "en"' });

/** Whether `tag` is a well-formed BCP 47 language tag (`zh-CN`, `en`, `zh-Hans-CN`). */
export function isLanguageTag(tag: unknown): tag is string {
  if (typeof tag !== 'string' || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

// The string's 1,024 characters are held by the bounds (valueBoundErrors, counting code points):
// TypeBox would count UTF-16 units, and a union's error would not say which.
export const Spec = () =>
  Type.Union([Type.String(), Type.Record(Type.String(), Type.Unknown())], {
    description: 'a specification: a string or an object',
  });

/** A closed set of strings, as a union of literals so the static type is exact. */
export function OneOf<const T extends readonly string[]>(values: T) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` },
  ) as unknown as TUnion<TLiteral<T[number]>[]>;
}

export const PARTNER_TIERS = ['distributor', 'reseller', 'solution_provider'] as const;
export const ASSOCIATION_TYPES = ['referral', 'resale'] as const;
export const BILLING_MODES = ['subscription', 'on_demand'] as const;
export const REFUND_REASONS = ['unsubscribe', 'downgrade'] as const;

export type PartnerTier = (typeof PARTNER_TIERS)[number];
export type AssociationType = (typeof ASSOCIATION_TYPES)[number];
export type BillingMode = (typeof BILLING_MODES)[number];
export type RefundReason = (typeof REFUND_REASONS)[number];

/** An object schema that rejects unknown fields. */
export function Data<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}
