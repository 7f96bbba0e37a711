import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps a long replay's heap near its live size. A rebuild allocates batch after batch of events
 * that live just long enough to reach the old generation; V8 sizes its heap by the machine's memory
 * and lets such garbage pile up to gigabytes before a full collection. When the heap has grown well
 * past its live size, we collect it ourselves (V8's `gc`, made callable at run time; a no-op if it
 * cannot be).
 */
let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) {
      collect = exposed;
    } else {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    }
  } catch {
    collect = null;
  }
  return collect;
}

const GROWTH_MB = Number(process.env.RECKON_PROJECTION_HEAP_GROWTH_MB ?? 96);
/** Heap in use right after our last collection: what the process really keeps alive. */
let floor = 0;

/**
 * Collects when the heap has grown more than `growthMb` past what was alive after the last
 * collection; adapts to processes (like the API) whose live heap is large anyway.
 */
export function relieveMemoryPressure(growthMb = GROWTH_MB): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used < floor + growthMb * 2 ** 20) return;
  const gc = collector();
  if (!gc) return;
  gc();
  floor = v8.getHeapStatistics().used_heap_size;
}
