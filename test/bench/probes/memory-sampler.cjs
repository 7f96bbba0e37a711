/**
 * Preloaded into a Node.js process (`node -r test/bench/probes/memory-sampler.cjs …`): every second
 * appends its resident set, V8's heap and each heap space (committed / used, MiB) to
 * MEMORY_SAMPLES (default /tmp/memory-samples.log), to see where a peak of resident memory sits.
 */
const { appendFileSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');

const out = process.env.MEMORY_SAMPLES ?? '/tmp/memory-samples.log';
const mib = (bytes) => (bytes / 1048576).toFixed(0);
writeFileSync(out, '');
setInterval(() => {
  const m = process.memoryUsage();
  const spaces = v8
    .getHeapSpaceStatistics()
    .map((s) => `${s.space_name.replace('_space', '')}=${mib(s.space_size)}/${mib(s.space_used_size)}`)
    .join(' ');
  appendFileSync(
    out,
    `${process.uptime().toFixed(0)} rss=${mib(m.rss)} heapTotal=${mib(m.heapTotal)} heapUsed=${mib(m.heapUsed)} external=${mib(m.external)} ${spaces}\n`,
  );
}, 1000).unref();
