/** One measured figure: `key` is its name in the JSON line, `label` and `unit` are for the table. */
export interface Figure {
  key: string;
  value: number;
  unit: string;
  label: string;
}

export interface BenchContext {
  /** A database of its own on the bench server (created fresh for the run). */
  url: string;
  /** The server's admin URL, to create more databases when a section needs a clean one. */
  adminUrl: string;
  log: (line: string) => void;
}

/** A part of `pnpm bench`; main.ts runs the sections in order and prints every figure. */
export interface BenchSection {
  name: string;
  run(context: BenchContext): Promise<Figure[]>;
}

export function perSecond(count: number, elapsedMs: number): number {
  return Math.round((count * 1000) / elapsedMs);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * Runs a throughput measurement `runs` times and keeps the fastest. The bench machine is shared:
 * other processes only ever slow a run down, so the best run is the closest to what the code does.
 */
export async function bestOf<T extends { eps: number }>(runs: number, measure: () => Promise<T>): Promise<T> {
  let best: T | undefined;
  for (let run = 0; run < runs; run++) {
    const result = await measure();
    if (!best || result.eps > best.eps) best = result;
  }
  return best!;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

export function formatTable(sections: Array<{ name: string; figures: Figure[] }>): string {
  const lines: string[] = [];
  const width = Math.max(...sections.flatMap((s) => s.figures.map((f) => f.label.length)), 10);
  for (const section of sections) {
    lines.push('', section.name, '-'.repeat(section.name.length));
    for (const figure of section.figures) {
      const value = Number.isInteger(figure.value) ? figure.value.toLocaleString('en-GB') : figure.value.toFixed(2);
      lines.push(`  ${figure.label.padEnd(width)}  ${value.padStart(12)} ${figure.unit.padEnd(9)} ${figure.key}`);
    }
  }
  return lines.join('\n');
}
