import type { ReplayProgress } from '@reckon/projections';
import cliProgress from 'cli-progress';

/** A progress bar (events/s, ETA) on a terminal; a plain line at most once a second otherwise. */
export function replayProgress(
  label: string,
  stream: NodeJS.WriteStream | NodeJS.WritableStream,
): { update: (p: ReplayProgress) => void; stop: () => void } {
  const rate = (p: ReplayProgress) => Math.round(p.events / Math.max(p.elapsedMs / 1000, 0.001));
  if ((stream as NodeJS.WriteStream).isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} |{bar}| {value}/{total} events | {speed} events/s | eta {eta_formatted}`,
        stream: stream as NodeJS.WriteStream,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          bar.start(p.head, 0, { speed: 0 });
          started = true;
        }
        bar.setTotal(p.head);
        bar.update(p.position, { speed: rate(p) });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastPrinted = 0;
  return {
    update: (p) => {
      if (Date.now() - lastPrinted < 1000 && p.position < p.head) return;
      lastPrinted = Date.now();
      const speed = rate(p);
      const eta = speed > 0 ? Math.round(Math.max(p.head - p.position, 0) / speed) : 0;
      stream.write(`${label}: ${p.position}/${p.head} events, ${speed} events/s, eta ${eta} s\n`);
    },
    stop: () => {},
  };
}
