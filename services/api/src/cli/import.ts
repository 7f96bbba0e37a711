import type { Readable } from 'node:stream';
import { type DomainEvent, describeJsonTextError, parseJsonText } from '@reckon/domain';
import type { AppendOutcome, CommandContext, CommandHandler } from '../application/command-handler.js';
import { isBlank, MAX_LINE_BYTES, ndjsonLines } from './ndjson.js';

export interface ImportOptions {
  /** Lines planned and appended together (default 500). */
  batchSize?: number;
  /** All or nothing: any refused line aborts the import with nothing appended. */
  atomic?: boolean;
  /** Called after each batch with the lines read so far (blank ones included, as the file has them). */
  onProgress?: (linesDone: number) => void;
}

export interface RefusedLine {
  line: number;
  reason: string;
}

export interface ImportSummary {
  /** Non-blank lines read. */
  lines: number;
  accepted: number;
  duplicates: number;
  refused: RefusedLine[];
  /** Atomic mode only: true when a refusal stopped everything (then `accepted` is 0). */
  aborted: boolean;
}

interface Line {
  line: number;
  event: DomainEvent;
}

function reasonOf(outcome: Exclude<AppendOutcome, { kind: 'appended' }>): string {
  switch (outcome.kind) {
    case 'invalid':
      return outcome.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
    case 'refused':
      return `${outcome.rule}: ${outcome.detail}`;
    case 'conflict':
    case 'forbidden':
      return outcome.detail;
    case 'busy':
      return `concurrent modification: the streams kept changing (${outcome.attempts} attempts)`;
  }
}

/**
 * Imports NDJSON events through the command handler, the same pipeline as `POST /v1/events`.
 * Batches are planned together; a refused line is reported and the valid lines around it still go
 * in (unless `atomic`, where the whole input is one batch and any refusal stops it).
 */
export async function importEvents(
  commands: CommandHandler,
  input: Readable,
  context: CommandContext,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500;
  const summary: ImportSummary = { lines: 0, accepted: 0, duplicates: 0, refused: [], aborted: false };
  let lineNumber = 0;
  let batch: Line[] = [];
  const held: Line[] = []; // atomic mode: everything, appended at the end

  // The same reader and bounds as a POST /v1/events body: strict UTF-8, no repeated key, nesting ≤ 32.
  const parseLine = (bytes: Buffer): DomainEvent | undefined => {
    const text = parseJsonText(bytes);
    if (!text.ok) {
      summary.refused.push({ line: lineNumber, reason: describeJsonTextError(text.error) });
      return undefined;
    }
    const parsed = commands.parse([text.value]);
    if (parsed.ok) return parsed.events[0];
    summary.refused.push({
      line: lineNumber,
      reason: parsed.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '),
    });
    return undefined;
  };

  /**
   * Appends a batch; when the planner refuses line k, the lines before k are still good (each was
   * decided against the state the earlier ones leave, as one-by-one appends would be), so they go
   * in as a batch, k is reported, and the rest is tried again as a batch.
   */
  const flush = async () => {
    if (batch.length === 0) return;
    const queue: Line[][] = [batch];
    batch = [];
    while (queue.length > 0) {
      const chunk = queue.shift()!;
      const outcome = await commands.appendParsed(
        chunk.map((l) => l.event),
        context,
      );
      if (outcome.kind === 'appended') {
        summary.accepted += outcome.appended;
        summary.duplicates += outcome.duplicates;
        continue;
      }
      const index = outcome.kind === 'refused' || outcome.kind === 'conflict' ? outcome.index : -1;
      const bad = chunk[index];
      if (bad) {
        summary.refused.push({ line: bad.line, reason: reasonOf(outcome) });
        queue.unshift(...[chunk.slice(0, index), chunk.slice(index + 1)].filter((part) => part.length > 0));
        continue;
      }
      for (const { line, event } of chunk) {
        const one = await commands.appendParsed([event], context);
        if (one.kind === 'appended') {
          summary.accepted += one.appended;
          summary.duplicates += one.duplicates;
        } else {
          summary.refused.push({ line, reason: reasonOf(one) });
        }
      }
    }
  };

  for await (const bytes of ndjsonLines(input)) {
    lineNumber++;
    if (!Buffer.isBuffer(bytes)) {
      summary.lines++;
      summary.refused.push({
        line: lineNumber,
        reason: `the line is ${bytes.tooLong} bytes, longer than any event (at most ${MAX_LINE_BYTES} bytes are read)`,
      });
      continue;
    }
    if (isBlank(bytes)) continue;
    summary.lines++;
    const event = parseLine(bytes);
    if (!event) continue;
    if (options.atomic) {
      held.push({ line: lineNumber, event });
      if (summary.lines % batchSize === 0) options.onProgress?.(lineNumber);
      continue;
    }
    batch.push({ line: lineNumber, event });
    if (batch.length >= batchSize) {
      await flush();
      options.onProgress?.(lineNumber);
    }
  }
  if (!options.atomic) {
    await flush();
    options.onProgress?.(lineNumber);
    // In line order: a line that does not parse is refused as it is read, before the planner's
    // refusals of earlier lines of the same batch.
    summary.refused.sort((a, b) => a.line - b.line);
    return summary;
  }

  options.onProgress?.(lineNumber);
  if (summary.refused.length > 0 || held.length === 0) {
    summary.aborted = summary.refused.length > 0;
    return summary;
  }
  const outcome = await commands.appendParsed(
    held.map((l) => l.event),
    context,
  );
  if (outcome.kind === 'appended') {
    summary.accepted = outcome.appended;
    summary.duplicates = outcome.duplicates;
    return summary;
  }
  const index = outcome.kind === 'invalid' ? (outcome.errors[0]?.index ?? 0) : 'index' in outcome ? outcome.index : 0;
  summary.refused.push({ line: held[index]?.line ?? 0, reason: reasonOf(outcome) });
  summary.aborted = true;
  return summary;
}
