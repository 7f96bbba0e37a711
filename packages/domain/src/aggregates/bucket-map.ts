/**
 * A persistent string-keyed map as plain JSON (a hash trie): a leaf is an object of at most
 * `LEAF_MAX` entries; a fuller leaf becomes a branch, an array of 32 children chosen by the next 5
 * bits of the key's hash. An update copies one path (a few arrays of 32 and one small leaf), so
 * states stay immutable and an event costs the same however many entries an aggregate holds (a
 * reseller's funds keep an entry per outstanding order: tens of thousands over a year).
 *
 * `{}` is the empty map. Entries iterate in no particular order.
 */
export type BucketMap<V> = Leaf<V> | Branch<V>;
type Leaf<V> = Readonly<Record<string, V>>;
type Branch<V> = readonly (BucketMap<V> | null)[];

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** Below this depth a full leaf splits; at it the 32-bit hash is spent and leaves only grow. */
const MAX_DEPTH = Math.floor(32 / BITS);
const LEAF_MAX = 16;

/** FNV-1a of the key. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const slot = (hash: number, depth: number): number => (hash >>> (depth * BITS)) & MASK;

export function bucketGet<V>(map: BucketMap<V>, key: string): V | undefined {
  const hash = hashOf(key);
  let node: BucketMap<V> | null | undefined = map;
  for (let depth = 0; Array.isArray(node); depth++) node = (node as Branch<V>)[slot(hash, depth)];
  const leaf = node as Leaf<V> | null | undefined;
  return leaf && Object.hasOwn(leaf, key) ? leaf[key] : undefined;
}

function leafSize(leaf: Leaf<unknown>): number {
  let n = 0;
  for (const _ in leaf) n++;
  return n;
}

function setIn<V>(
  node: BucketMap<V> | null | undefined,
  hash: number,
  depth: number,
  key: string,
  value: V,
): BucketMap<V> {
  if (Array.isArray(node)) {
    const branch = node as Branch<V>;
    const copy = branch.slice();
    const i = slot(hash, depth);
    copy[i] = setIn(branch[i], hash, depth + 1, key, value);
    return copy;
  }
  const leaf = (node ?? {}) as Leaf<V>;
  if (depth >= MAX_DEPTH || Object.hasOwn(leaf, key) || leafSize(leaf) < LEAF_MAX) return { ...leaf, [key]: value };
  // Full: split into a branch of the next 5 bits.
  let branch: BucketMap<V> = new Array<BucketMap<V> | null>(WIDTH).fill(null);
  for (const k in leaf) branch = setIn(branch, hashOf(k), depth, k, leaf[k] as V);
  return setIn(branch, hash, depth, key, value);
}

export function bucketSet<V>(map: BucketMap<V>, key: string, value: V): BucketMap<V> {
  return setIn(map, hashOf(key), 0, key, value);
}

function deleteIn<V>(
  node: BucketMap<V> | null | undefined,
  hash: number,
  depth: number,
  key: string,
): BucketMap<V> | null | undefined {
  if (Array.isArray(node)) {
    const branch = node as Branch<V>;
    const i = slot(hash, depth);
    const child = deleteIn(branch[i], hash, depth + 1, key);
    if (child === branch[i]) return node;
    const copy = branch.slice();
    copy[i] = child ?? null;
    return copy.every((c) => c === null) ? null : copy;
  }
  const leaf = node as Leaf<V> | null | undefined;
  if (!leaf || !Object.hasOwn(leaf, key)) return node;
  const { [key]: _gone, ...rest } = leaf;
  return leafSize(rest) === 0 ? null : rest;
}

export function bucketDelete<V>(map: BucketMap<V>, key: string): BucketMap<V> {
  return deleteIn(map, hashOf(key), 0, key) ?? {};
}

export function bucketEntries<V>(map: BucketMap<V>): [string, V][] {
  const out: [string, V][] = [];
  const walk = (node: BucketMap<V> | null | undefined): void => {
    if (!node) return;
    if (Array.isArray(node)) for (const child of node as Branch<V>) walk(child);
    else for (const [k, v] of Object.entries(node as Leaf<V>)) out.push([k, v]);
  };
  walk(map);
  return out;
}
