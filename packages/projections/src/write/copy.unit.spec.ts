import { Decimal } from '@reckon/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyChunks, copyField } from './copy.js';

/** COPY's text of the rows as `copyField` defines it: fields joined by tabs, rows ended by newlines. */
const reference = (rows: unknown[][]) => Buffer.from(rows.map((r) => `${r.map(copyField).join('\t')}\n`).join(''));

describe('COPY text encoding', () => {
  const unit = fc.oneof(
    fc.constantFrom('\\', '\t', '\n', '\r', 'N', '\u0001', '\u007f', 'a', '1'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  );
  const field = fc.oneof(
    fc.constant(null),
    fc.string({ unit, maxLength: 30 }),
    fc.integer(),
    fc.boolean(),
    fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => new Decimal(`${n}e-8`)),
  );

  it('writes the bytes of the rows’ copyFields, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 20 }), (rows) => {
        expect(Buffer.concat([...copyChunks(rows.length, (i) => rows[i]!)])).toEqual(reference(rows));
      }),
      { numRuns: 500 },
    );
  });

  it('splits long rows across chunks without losing a byte', () => {
    const long = `${'x'.repeat(100_000)}\t名\\${'y'.repeat(200_000)}`;
    const rows = Array.from({ length: 5 }, (_, i) => [i, long, null]);
    const chunks = [...copyChunks(rows.length, (i) => rows[i]!)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks)).toEqual(reference(rows));
  });
});
