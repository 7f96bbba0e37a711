import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Runs a TypeScript entry point of this directory in a child Node process (tsx as a loader, so the
 * child is one process whose peak RSS is its own) and returns the JSON of its last stdout line.
 */
export async function runChild<T>(script: string, args: object, nodeOptions: string[] = []): Promise<T> {
  const child = spawn(
    process.execPath,
    [
      ...nodeOptions,
      '--conditions=@reckon/source',
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'test/bench/projections', script),
      JSON.stringify(args),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${out.slice(-2000)}`);
  return JSON.parse(last) as T;
}
