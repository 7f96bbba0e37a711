/**
 * PostgreSQL array literals (`{1,2,NULL}`, `{"a","b \"c\""}`) built in one pass, for array
 * parameters that carry a batch's column (`unnest($1::text[], …)`, the event store's append).
 *
 * The driver's own encoding of a JS array (pg's `arrayString`) runs two regular-expression
 * replacements over every element, numbers included, and grows the literal by concatenation: for
 * a command batch's append it was a fifth of the command path's allocations (2026-12-05, heap
 * sampling of `test/bench/commands-profile.ts`). Here a number is written as it is, a string is
 * scanned once and escaped only when it holds `"` or `\`, and the parts are joined once.
 */

const NEEDS_ESCAPE = /["\\]/g;

/** One string as an array element: always quoted (so `NULL`, `{`, `,` and spaces stay text). */
function quotedElement(text: string): string {
  return `"${text.includes('"') || text.includes('\\') ? text.replace(NEEDS_ESCAPE, '\\$&') : text}"`;
}

/** One element: null and undefined → NULL, numbers and bigints as written, booleans t/f, the rest as quoted text. */
export function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'string':
      return quotedElement(value);
    default:
      return quotedElement(String(value));
  }
}

/** An array literal of `count` elements: `map` gives the i-th, already written as an element. */
export function arrayLiteralOf(count: number, map: (index: number) => string): string {
  const parts = new Array<string>(count);
  for (let i = 0; i < count; i++) parts[i] = map(i);
  return `{${parts.join(',')}}`;
}

/** A one-dimensional array literal of `values` (elements as `arrayElement` writes them). */
export function arrayLiteral(values: readonly unknown[]): string {
  return arrayLiteralOf(values.length, (i) => arrayElement(values[i]));
}
