import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { toCsv, wantsCsv } from './csv.js';

const cell = (value: unknown) => toCsv(['v'], [{ v: value }]).split('\r\n')[1];

describe('CSV cells (OWASP CSV injection)', () => {
  it('prefixes a text cell that a spreadsheet would read as a formula with a single quote', () => {
    expect(cell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(cell('@SUM(1+1)')).toBe(`'@SUM(1+1)`);
    expect(cell('+86 10 1234')).toBe(`'+86 10 1234`);
    expect(cell('-1+2')).toBe(`'-1+2`);
    expect(cell('-')).toBe(`'-`);
    expect(cell('\tcmd')).toBe(`'\tcmd`);
    expect(cell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('leaves numbers alone, negative amounts included, so amount columns still add up', () => {
    expect(cell('-20.00')).toBe('-20.00');
    expect(cell('-20')).toBe('-20');
    expect(cell(-5)).toBe('-5');
    expect(cell('1200.00')).toBe('1200.00');
  });

  it('leaves other text alone', () => {
    expect(cell('Acme, "Cloud" Ltd')).toBe('"Acme, ""Cloud"" Ltd"');
    expect(cell('a=b')).toBe('a=b');
    expect(cell('2026-10-05T10:00:00+08:00')).toBe('2026-10-05T10:00:00+08:00');
    expect(cell({ name: '=x' })).toBe('"{""name"":""=x""}"');
    expect(cell(null)).toBe('');
  });
});

describe('Accept: which lists answer in CSV', () => {
  const wants = (accept?: string) => wantsCsv({ headers: accept === undefined ? {} : { accept } } as FastifyRequest);

  it('answers CSV when text/csv is asked for above JSON, or as high and first', () => {
    expect(wants('text/csv')).toBe(true);
    expect(wants('text/csv, application/json')).toBe(true);
    expect(wants('application/json;q=0.5, text/csv')).toBe(true);
    expect(wants('TEXT/CSV; charset=utf-8')).toBe(true);
  });

  it('answers JSON otherwise: no Accept, JSON first or higher, and text/csv refused with q=0', () => {
    expect(wants()).toBe(false);
    expect(wants('*/*')).toBe(false);
    expect(wants('application/json, text/csv')).toBe(false);
    expect(wants('text/csv;q=0.5, application/json')).toBe(false);
    expect(wants('text/csv;q=0, application/json')).toBe(false);
    expect(wants('text/csv;q=0')).toBe(false);
    expect(wants('text/csv;q=abc')).toBe(false);
  });
});
