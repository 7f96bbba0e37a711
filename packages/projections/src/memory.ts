import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps a long replay's heap near its live size. A rebuild allocates batch after batch of events
 * that live just long enough to reach the old generation; V8 sizes its heap by the machine's memory
 * and lets such garbage pile up to gigabytes before a full collection. When the heap passes
 * `limitMb`, we collect it ourselves (V8's `gc`, made callable at run time; a no-op if it cannot be).
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

const DEFAULT_LIMIT_MB = Number(process.env.RECKON_PROJECTION_HEAP_MB ?? 160);

export function relieveMemoryPressure(limitMb = DEFAULT_LIMIT_MB): void {
  if (process.memoryUsage().heapUsed < limitMb * 2 ** 20) return;
  collector()?.();
}
