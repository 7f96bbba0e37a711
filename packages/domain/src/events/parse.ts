/**
 * `parseEvent`: from untrusted JSON to a `DomainEvent`, or a list of errors that each name the
 * field (as a JSON pointer from the envelope) and say what it must be.
 */
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { parseAmount } from '../money.js';
import {
  closablePeriodProblem,
  instantBoundProblem,
  instantMillis,
  isInstant,
  isPeriod,
  isValidTimeZone,
  type Period,
  periodBoundProblem,
} from '../period.js';
import { longerThan, MAX_AMOUNT_INTEGER_DIGITS, metadataBoundErrors, valueBoundErrors } from './bounds.js';
import {
  type DomainEvent,
  EVENT_DATA_SCHEMAS,
  EVENT_TYPES,
  type EventDataMap,
  type EventType,
  isEventType,
  KNOWN_VERSIONS,
  UUID_PATTERN,
} from './catalogue.js';
import { AMOUNT_FIELD_PATTERNS, isLanguageTag } from './fields.js';

export interface FieldError {
  /** JSON pointer into the envelope, e.g. `/data/amount`; `` for the envelope itself. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; event: DomainEvent } | { ok: false; errors: FieldError[] };

const UUID_RE = new RegExp(UUID_PATTERN);
const ENVELOPE_FIELDS = new Set(['eventId', 'type', 'version', 'occurredAt', 'data', 'metadata']);

const checkers = new Map<EventType, TypeCheck<TSchema>>();
function checkerOf(type: EventType): TypeCheck<TSchema> {
  let c = checkers.get(type);
  if (!c) {
    c = TypeCompiler.Compile(EVENT_DATA_SCHEMAS[type] as TSchema);
    checkers.set(type, c);
  }
  return c;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a value is, for "(got …)": strings are quoted (shortened), other values by their kind. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') {
    const s = JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    return v === '' ? 'empty string' : s;
  }
  return typeof v;
}

/** One error per field, the first one found, in TypeBox's order. */
function schemaErrors(type: EventType, data: unknown): FieldError[] {
  const checker = checkerOf(type);
  if (checker.Check(data)) return [];
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const e of checker.Errors(data)) {
    // TypeBox counts a string's length in UTF-16 units; SPEC's bounds count characters.
    if (
      e.type === ValueErrorType.StringMaxLength &&
      typeof e.value === 'string' &&
      !longerThan(e.value, e.schema.maxLength as number)
    )
      continue;
    const path = `/data${e.path}`;
    if ([...seen].some((p) => path === p || path.startsWith(`${p}/`))) continue;
    seen.add(path);
    let message: string;
    if (e.type === ValueErrorType.ObjectAdditionalProperties) message = 'is not a known field';
    else if (e.type === ValueErrorType.ObjectRequiredProperty || e.value === undefined) message = 'is required';
    else if (e.type === ValueErrorType.ArrayUniqueItems) message = 'must not repeat an item';
    else if (e.type === ValueErrorType.ArrayMinItems) message = `must have at least ${e.schema.minItems} item(s)`;
    else if (AMOUNT_FIELD_PATTERNS.has(e.schema.pattern) && integerDigits(e.value) > MAX_AMOUNT_INTEGER_DIGITS)
      message = `must have at most ${MAX_AMOUNT_INTEGER_DIGITS} integer digits (got ${integerDigits(e.value)})`;
    else if (typeof e.schema.description === 'string')
      message = `must be ${e.schema.description} (got ${describeValue(e.value)})`;
    else message = `${e.message.toLowerCase()} (got ${describeValue(e.value)})`;
    errors.push({ path, message });
  }
  return errors;
}

/** Integer digits of a string written like an amount (`"-0012.5"`: 4), else 0. */
function integerDigits(v: unknown): number {
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? v.replace(/^-/, '').split('.')[0]!.length : 0;
}

type Check<K extends EventType> = (data: EventDataMap[K], occurredAt: string) => FieldError[];

/** What is wrong with a value given for a date-time (its form is already checked by the schema). */
function instantProblem(v: unknown): string | undefined {
  if (!isInstant(v)) return `must be a real date-time (got ${describeValue(v)})`;
  const bound = instantBoundProblem(v);
  return bound ? `${bound} (got ${describeValue(v)})` : undefined;
}

function instantFields<K extends EventType>(...fields: (keyof EventDataMap[K] & string)[]): Check<K> {
  return (data) => {
    const errors: FieldError[] = [];
    for (const f of fields) {
      const v = (data as Record<string, unknown>)[f];
      const problem = v === undefined ? undefined : instantProblem(v);
      if (problem) errors.push({ path: `/data/${f}`, message: problem });
    }
    return errors;
  };
}

/**
 * Period fields held to `problemOf` (default: the periods a bounded time can fall in, so the
 * period after the latest one is still a period).
 */
function periodFields<K extends EventType>(
  fields: (keyof EventDataMap[K] & string)[],
  problemOf: (p: Period) => string | undefined = periodBoundProblem,
): Check<K> {
  return (data) => {
    const errors: FieldError[] = [];
    for (const f of fields) {
      const v = (data as Record<string, unknown>)[f];
      const problem = isPeriod(v) ? problemOf(v) : undefined;
      if (problem) errors.push({ path: `/data/${f}`, message: `${problem} (got ${describeValue(v)})` });
    }
    return errors;
  };
}

function after(data: Record<string, unknown>, later: string, earlier: string): FieldError[] {
  const a = data[later];
  const b = data[earlier];
  if (typeof a !== 'string' || typeof b !== 'string' || !isInstant(a) || !isInstant(b)) return [];
  return instantMillis(a) > instantMillis(b) ? [] : [{ path: `/data/${later}`, message: `must be after ${earlier}` }];
}

function combine<K extends EventType>(...checks: Check<K>[]): Check<K> {
  return (data, occurredAt) => checks.flatMap((c) => c(data, occurredAt));
}

function timeZoneProblems(tz: string): FieldError[] {
  return isValidTimeZone(tz)
    ? []
    : [
        {
          path: '/data/timeZone',
          message: `must be an IANA time zone like "Asia/Shanghai" (got ${describeValue(tz)})`,
        },
      ];
}

/** Checks across fields that the schemas cannot express (each type's data already matches its schema). */
const FIELD_CHECKS: { [K in EventType]?: Check<K> } = {
  PartnerRegistered: (d) => timeZoneProblems(d.timeZone),
  PartnerProfileChanged: (d) => {
    if (d.timeZone === undefined && d.language === undefined && d.level === undefined) {
      return [{ path: '/data', message: 'must give at least one of timeZone, language, level' }];
    }
    const errors = d.timeZone === undefined ? [] : timeZoneProblems(d.timeZone);
    if (d.language !== undefined && !isLanguageTag(d.language)) {
      errors.push({
        path: '/data/language',
        message: `must be a BCP 47 language tag like "zh-CN" or "en" (got ${describeValue(d.language)})`,
      });
    }
    return errors;
  },
  OrderPlaced: combine<'OrderPlaced'>(instantFields('termEnd'), (d) => {
    const errors: FieldError[] = [];
    const voucherAmount = parseAmount(d.voucherAmount ?? '0');
    if (voucherAmount.gt(parseAmount(d.amount))) {
      errors.push({ path: '/data/voucherAmount', message: 'must not exceed amount' });
    }
    if (voucherAmount.gt(0) && d.voucherId === undefined) {
      errors.push({ path: '/data/voucherId', message: 'is required when voucherAmount is above 0' });
    }
    const ids = d.resources.map((r) => r.resourceId);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup !== undefined)
      errors.push({ path: '/data/resources', message: `must not repeat resourceId ${JSON.stringify(dup)}` });
    return errors;
  }),
  OnDemandCharged: combine<'OnDemandCharged'>(instantFields('windowStart', 'windowEnd'), (d) =>
    after(d, 'windowEnd', 'windowStart'),
  ),
  DiscountGranted: combine<'DiscountGranted'>(instantFields('validFrom', 'validTo'), (d) =>
    d.validTo === undefined ? [] : after(d, 'validTo', 'validFrom'),
  ),
  DiscountChanged: instantFields('effectiveFrom'),
  DiscountRevoked: instantFields('effectiveFrom'),
  VoucherQuotaGranted: instantFields('expiresAt'),
  VoucherIssued: instantFields('expiresAt'),
  AdjustmentPosted: periodFields(['correctsPeriod']),
  // A close's period has a later one after it, for the events the close forwards.
  BillingPeriodClosed: periodFields(['period'], closablePeriodProblem),
  IncentiveRulesPublished: periodFields(['effectiveFrom']),
  StatementRevisionPublished: periodFields(['period']),
};

/**
 * Validates an envelope and its data. Unknown types and unknown versions are errors (never skipped);
 * `version` defaults to 1. Returns every problem found, each with the field's path. The bounds of
 * SPEC §1 that hold for every value (strings, nesting, metadata) are checked first; a field that
 * breaks one is reported for that alone.
 */
export function parseEvent(raw: unknown): ParseResult {
  if (!isPlainObject(raw)) {
    return { ok: false, errors: [{ path: '', message: `must be an event object (got ${describeValue(raw)})` }] };
  }
  const bounds = valueBoundErrors(raw, { envelope: true });
  // Metadata too deep to be measured safely is already reported as too deep.
  const errors = fieldErrors(raw, !bounds.some((b) => b.path.startsWith('/metadata/')));
  if (bounds.length === 0) return errors.length === 0 ? accepted(raw) : { ok: false, errors };
  const reported = (path: string) => bounds.some((b) => path === b.path || path.startsWith(`${b.path}/`));
  return { ok: false, errors: [...bounds, ...errors.filter((e) => !reported(e.path))] };
}

function fieldErrors(raw: Record<string, unknown>, measureMetadata: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw)) {
    if (!ENVELOPE_FIELDS.has(key)) errors.push({ path: `/${key}`, message: 'is not a known envelope field' });
  }
  const { eventId, type, version = 1, occurredAt, data, metadata } = raw;
  if (typeof eventId !== 'string' || !UUID_RE.test(eventId)) {
    errors.push({
      path: '/eventId',
      message: eventId === undefined ? 'is required' : `must be a UUID (got ${describeValue(eventId)})`,
    });
  }
  if (!isEventType(type)) {
    errors.push({
      path: '/type',
      message:
        type === undefined
          ? 'is required'
          : typeof type === 'string'
            ? `unknown event type ${JSON.stringify(type)}`
            : `must be an event type name (got ${describeValue(type)})`,
    });
  } else if (typeof version !== 'number' || !Number.isInteger(version)) {
    errors.push({ path: '/version', message: `must be an integer (got ${describeValue(version)})` });
  } else if (!KNOWN_VERSIONS[type].includes(version)) {
    errors.push({
      path: '/version',
      message: `unknown version ${version} of ${type} (known: ${KNOWN_VERSIONS[type].join(', ')})`,
    });
  }
  if (!isInstant(occurredAt)) {
    errors.push({
      path: '/occurredAt',
      message:
        occurredAt === undefined
          ? 'is required'
          : `must be an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" (got ${describeValue(occurredAt)})`,
    });
  } else {
    const bound = instantProblem(occurredAt);
    if (bound) errors.push({ path: '/occurredAt', message: bound });
  }
  if (metadata !== undefined && !isPlainObject(metadata)) {
    errors.push({ path: '/metadata', message: `must be an object (got ${describeValue(metadata)})` });
  } else if (metadata !== undefined && measureMetadata) {
    errors.push(...metadataBoundErrors(metadata));
  }
  if (!isPlainObject(data)) {
    errors.push({
      path: '/data',
      message: data === undefined ? 'is required' : `must be an object (got ${describeValue(data)})`,
    });
  } else if (isEventType(type)) {
    const dataErrors = schemaErrors(type, data);
    errors.push(...dataErrors);
    if (dataErrors.length === 0) {
      const check = FIELD_CHECKS[type] as Check<EventType> | undefined;
      if (check) errors.push(...check(data as EventDataMap[EventType], occurredAt as string));
    }
  }
  return errors;
}

function accepted(raw: Record<string, unknown>): ParseResult {
  const { eventId, type, version = 1, occurredAt, data, metadata } = raw;
  // A UUID in either case names the same event: lower case is the form the log stores and returns,
  // so a repeat is found whatever case the client wrote it in.
  const event = { eventId: (eventId as string).toLowerCase(), type, version, occurredAt, data } as DomainEvent;
  if (metadata !== undefined) event.metadata = metadata as Record<string, unknown>;
  return { ok: true, event };
}

/** `path: message; …`, for a problem+json `detail`. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  constructor(readonly errors: FieldError[]) {
    super(formatFieldErrors(errors));
  }
}

/** Parses or throws `InvalidEventError`. */
export function parseEventOrThrow(raw: unknown): DomainEvent {
  const r = parseEvent(raw);
  if (!r.ok) throw new InvalidEventError(r.errors);
  return r.event;
}

/**
 * A stored event (as the store returns it, with stream and positions) back to a `DomainEvent`:
 * takes the envelope fields only and validates them, so a stored event of an unknown type or
 * version fails loudly.
 */
export function eventFromStored(stored: {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  data: unknown;
  metadata?: unknown;
}): DomainEvent {
  const { eventId, type, version, occurredAt, data, metadata } = stored;
  const raw: Record<string, unknown> = { eventId, type, version, occurredAt, data };
  if (metadata !== undefined && metadata !== null) raw.metadata = metadata;
  return parseEventOrThrow(raw);
}

export { EVENT_TYPES };
