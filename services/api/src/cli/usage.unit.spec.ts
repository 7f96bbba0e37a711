import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { table } from './usage.js';

describe('table', () => {
  it('aligns columns by display width, so Chinese names line up with ASCII ones', () => {
    const text = table(
      ['customer', 'base', 'amount'],
      [
        ['杭州云计算有限公司', '1200.00', '60.00'],
        ['Globex', '-20.00', '-1.00'],
      ],
      new Set([1, 2]),
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    // Every line ends at the same column, and each amount column ends at the same column too.
    expect(new Set(lines.map((line) => stringWidth(line))).size).toBe(1);
    const endOf = (line: string, cell: string) => stringWidth(line.slice(0, line.indexOf(cell) + cell.length));
    expect(endOf(lines[2]!, '1200.00')).toBe(endOf(lines[3]!, '-20.00'));
    expect(lines[3]).toMatch(/^Globex {12}/); // 18 columns for the 9 CJK characters, then the gap
    // Counting characters instead of columns would have padded Globex to 9, not 18.
    expect(lines[2]!.length).toBeLessThan(lines[3]!.length);
  });
});
