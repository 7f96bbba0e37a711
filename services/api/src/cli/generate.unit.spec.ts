import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEvents } from '@reckon/generator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCommand } from './generate.js';

describe('reckon generate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reckon-generate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the events of generateEvents as NDJSON to --out, the same bytes for the same seed', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const a = join(dir, 'a.ndjson');
      const b = join(dir, 'b.ndjson');
      expect(await generateCommand(['--events', '1500', '--seed', 's1', '--out', a, '--months', '3'])).toBe(0);
      expect(await generateCommand(['--events', '1500', '--seed', 's1', '--out', b, '--months', '3'])).toBe(0);
      const text = await readFile(a, 'utf8');
      expect(await readFile(b, 'utf8')).toBe(text);
      const expected = Array.from(generateEvents({ events: 1500, seed: 's1', months: 3 }), (e) => JSON.stringify(e));
      expect(text).toBe(`${expected.join('\n')}\n`);
    } finally {
      stderr.mockRestore();
    }
  });

  it.each([
    [['--seed', 'x']],
    [['--events', '10']],
    [['--events', '-1', '--seed', 'x']],
    [['--events', '1e3', '--seed', 'x']],
    [['--events', '10', '--seed', 'x', '--start', '2026-13']],
    [['--events', '10', '--seed', 'x', '--months', '0']],
    [['--events', '10', '--seed', 'x', '--bogus']],
  ])('refuses %j with exit code 2', async (args) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await generateCommand(args)).toBe(2);
      expect(stderr).toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });
});
