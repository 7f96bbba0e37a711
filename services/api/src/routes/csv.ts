import type { FastifyRequest } from 'fastify';

/** Whether the client asked for CSV (`Accept: text/csv`) rather than JSON. */
export function wantsCsv(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /(^|,)\s*text\/csv\b/i.test(accept) && !/(^|,)\s*application\/json\b/i.test(accept.split('text/csv')[0] ?? '');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV: a header row, then one row per item; nested values as JSON. */
export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) {
    lines.push(columns.map((column) => cell((row as Record<string, unknown>)[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
