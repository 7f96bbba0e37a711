import pg from 'pg';
const counts = new Map();
const orig = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === 'string' ? config : (config?.name ?? config?.text ?? '?');
  const key = String(text).replace(/\s+/g, ' ').slice(0, 70);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return orig.call(this, config, ...rest);
};
const dump = () => {
  if (!process.argv[1]?.includes('main.js')) return;
  const lines = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v}\t${k}`);
  require('node:fs').writeFileSync(`/tmp/c13-queries-${process.pid}.txt`, lines.join('\n'));
};
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
process.on('SIGTERM', () => { dump(); process.exit(0); });
process.on('exit', dump);
