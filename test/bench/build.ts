import { spawnSync } from 'node:child_process';

const built = new Set<string>();

/**
 * `pnpm build` (tsc -b, incremental) of the checkout at `root`, once per bench process: the bench
 * measures the code as `pnpm start` and the compiled CLI run it, not through tsx.
 */
export function buildTree(root: string): void {
  if (built.has(root)) return;
  const result = spawnSync('pnpm', ['build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pnpm build failed:\n${result.stdout}\n${result.stderr}`);
  built.add(root);
}
