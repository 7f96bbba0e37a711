import { describe, expect, it } from 'vitest';
import { CoalescedLookup } from './coalesced-lookup.js';

/** A lookup that records its calls and answers when told to. */
function gatedLookup() {
  const calls: string[][] = [];
  const gates: Array<() => void> = [];
  const lookup = async (keys: string[]) => {
    calls.push(keys);
    await new Promise<void>((open) => gates.push(open));
    if (keys.includes('boom')) throw new Error('lookup failed');
    return new Map(keys.filter((key) => key.startsWith('k')).map((key) => [key, key.toUpperCase()]));
  };
  return { calls, gates, lookup };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CoalescedLookup', () => {
  it('runs callers that arrive while lookups run together, each getting only its own keys', async () => {
    const { calls, gates, lookup } = gatedLookup();
    const shared = new CoalescedLookup(lookup, 1);
    const first = shared.get(['k1', 'x1']);
    const second = shared.get(['k2', 'k1']);
    const third = shared.get(['k3', 'x3']);
    await tick();
    expect(calls).toEqual([['k1', 'x1']]);
    gates.shift()!();
    expect(await first).toEqual(new Map([['k1', 'K1']]));
    await tick();
    // The two that waited share one lookup of their keys, without repeats.
    expect(calls[1]).toEqual(['k2', 'k1', 'k3', 'x3']);
    gates.shift()!();
    expect(await second).toEqual(
      new Map([
        ['k2', 'K2'],
        ['k1', 'K1'],
      ]),
    );
    expect(await third).toEqual(new Map([['k3', 'K3']]));
    expect(await shared.get([])).toEqual(new Map());
    expect(calls).toHaveLength(2);
  });

  it('fails every caller of a failed lookup, and goes on with the next ones', async () => {
    const { gates, lookup } = gatedLookup();
    const shared = new CoalescedLookup(lookup, 1);
    const busy = shared.get(['k0']);
    const a = shared.get(['boom']);
    const b = shared.get(['k1']);
    await tick();
    gates.shift()!();
    await busy;
    await tick();
    gates.shift()!();
    await expect(a).rejects.toThrow('lookup failed');
    await expect(b).rejects.toThrow('lookup failed');
    const after = shared.get(['k2']);
    await tick();
    gates.shift()!();
    expect(await after).toEqual(new Map([['k2', 'K2']]));
  });
});
