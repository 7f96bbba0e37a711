import { Writable } from 'node:stream';
import type { EventStore } from '@reckon/event-store';
import type { ProjectionCommandContext } from '../cli/rebuild-context.js';

/** A stream that keeps what is written to it. */
export function capture(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

type CapturedContext = ProjectionCommandContext & {
  stdout: ReturnType<typeof capture>;
  stderr: ReturnType<typeof capture>;
};

/** What a CLI command runs on in a test: the test's database and store, its output kept. */
export function cliContext(databaseUrl: string, store: EventStore): CapturedContext {
  return { databaseUrl, store, billingTz: 'Asia/Shanghai', stdout: capture(), stderr: capture() };
}
