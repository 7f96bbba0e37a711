import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { buildTree } from '../build.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const HERE = path.join(REPO_ROOT, 'test/bench/projections');

/**
 * The child `script` as plain JavaScript beside it (`dist/`, not committed), its imports of
 * `@reckon/*` resolving to the packages' compiled `dist` after `pnpm build`. Only for children that
 * import packages, not files of this directory.
 */
function compiledChild(script: string): string {
  buildTree(REPO_ROOT);
  const source = readFileSync(path.join(HERE, script), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: script,
  });
  const out = path.join(HERE, 'dist', script.replace(/\.ts$/, '.js'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, outputText);
  return out;
}

/**
 * Runs an entry point of this directory in a child Node process, so that its peak RSS is its own,
 * and returns the JSON of its last stdout line. By default the child runs from source (tsx as a
 * loader); `compiled` runs it on the compiled packages without tsx, as `pnpm start` and
 * `node services/api/dist/cli.js` run the code: tsx's loader keeps a second V8 heap on a thread
 * of its own (about 60 MB of RSS), which a rebuild's memory figure must not count.
 */
export async function runChild<T>(
  script: string,
  args: object,
  nodeOptions: string[] = [],
  options: { compiled?: boolean } = {},
): Promise<T> {
  const entry = options.compiled
    ? [compiledChild(script)]
    : ['--conditions=@reckon/source', '--import', 'tsx', path.join(HERE, script)];
  const child = spawn(process.execPath, [...nodeOptions, ...entry, JSON.stringify(args)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
