import { describe, expect, it } from 'vitest';
import { decodeCursor, keysetPage, listDigest } from './cursor.js';

describe('a keyset page', () => {
  const digest = listDigest('things', { partnerId: 'P1' });
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('shows `limit` rows and, when the row past them was read, continues after the last shown', () => {
    const page = keysetPage(rows, 2, digest, (last) => [last.id]);
    expect(page.shown).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(decodeCursor(page.nextCursor!, digest)).toEqual(['b']);
  });

  it('has no next page when no row past the page was read', () => {
    expect(keysetPage(rows, 3, digest, (last) => [last.id])).toEqual({ shown: rows, nextCursor: null });
    expect(keysetPage([], 3, digest, () => ['x'])).toEqual({ shown: [], nextCursor: null });
  });

  it('gives a cursor that another list refuses', () => {
    const page = keysetPage(rows, 1, digest, (last) => [last.id]);
    expect(() => decodeCursor(page.nextCursor!, listDigest('things', { partnerId: 'P2' }))).toThrow();
  });
});
