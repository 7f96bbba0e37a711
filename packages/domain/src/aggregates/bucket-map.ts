/**
 * A persistent string-keyed map as plain JSON: entries spread over 64 buckets, so an update copies
 * the bucket index and one bucket instead of the whole map. States stay immutable and cheap to
 * evolve even when an aggregate holds many entries (a reseller's outstanding orders).
 */
export type BucketMap<V> = Readonly<Record<string, Readonly<Record<string, V>>>>;

const BUCKETS = 64;

/** FNV-1a of the key, modulo the bucket count. */
function bucketOf(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return String((h >>> 0) % BUCKETS);
}

export function bucketGet<V>(map: BucketMap<V>, key: string): V | undefined {
  const bucket = map[bucketOf(key)];
  return bucket && Object.hasOwn(bucket, key) ? bucket[key] : undefined;
}

export function bucketSet<V>(map: BucketMap<V>, key: string, value: V): BucketMap<V> {
  const b = bucketOf(key);
  return { ...map, [b]: { ...map[b], [key]: value } };
}

export function bucketDelete<V>(map: BucketMap<V>, key: string): BucketMap<V> {
  const b = bucketOf(key);
  const bucket = map[b];
  if (!bucket || !Object.hasOwn(bucket, key)) return map;
  const { [key]: _gone, ...rest } = bucket;
  const next = { ...map };
  if (Object.keys(rest).length === 0) delete next[b];
  else next[b] = rest;
  return next;
}

export function bucketEntries<V>(map: BucketMap<V>): [string, V][] {
  return Object.values(map).flatMap((bucket) => Object.entries(bucket));
}
