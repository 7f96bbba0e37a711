/** Usage errors and tables of `pnpm reckon`, one form for every command. */
import stringWidth from 'string-width';

/** Exit code of a usage error (a wrong command, option or value), as the CLI documents it. */
export const USAGE_EXIT = 2;

/**
 * A usage error in two lines: what is wrong, then where the usage is. Not the whole usage text: it
 * would push the error itself off the screen.
 */
export function usageError(command: string, why: string, err: NodeJS.WritableStream = process.stderr): number {
  err.write(`reckon ${command}: ${why}\n${usageHint(command)}\n`);
  return USAGE_EXIT;
}

/**
 * A whole-number option within [min, max] (digits only: no `1e3`, no `0x10`), or the usage error
 * naming it; `fallback` when the option is absent (none: it is required).
 */
export function wholeNumber(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number | string {
  if (value === undefined) return fallback ?? `--${name} is required`;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    return `--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`;
  }
  return n;
}

export function usageHint(command?: string): string {
  return `(run 'pnpm reckon ${command ? `${command} ` : ''}--help' for usage)`;
}

function pad(cell: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(cell)));
  return right ? fill + cell : cell + fill;
}

/**
 * A plain-text table aligned by display width (a CJK character takes two columns, so 杭州云计算有限公司
 * lines up with ASCII names); the columns in `right` (amounts) are right-aligned.
 */
export function table(header: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    header
      .map((_, i) => pad(cells[i] ?? '', widths[i]!, right.has(i)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
