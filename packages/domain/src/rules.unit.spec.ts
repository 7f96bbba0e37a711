import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from './rules.js';

describe('the invariant rules', () => {
  it('are the table docs/events.md calls stable: every name, with the text a refusal is described by', () => {
    const doc = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Invariants'), doc.indexOf('### Readings of SPEC §3'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` +\| (.*?) +\|$/gm)].map((m) => [m[1]!, m[2]!] as const);
    // The table may add a word on how the rule answers (in parentheses) after the rule's own text.
    const documented = Object.fromEntries(rows.map(([name, text]) => [name, text]));
    expect(Object.keys(documented).sort()).toEqual(Object.keys(RULES).sort());
    for (const [name, text] of Object.entries(RULES)) {
      const row = documented[name]!;
      expect(row.startsWith(text.replace(/\.$/, '')), `${name}: ${row}`).toBe(true);
    }
  });
});
