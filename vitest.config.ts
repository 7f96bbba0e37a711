import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Workspace packages export their TypeScript sources under the `@reckon/source` condition and their
 * compiled `dist/` otherwise (docs/architecture.md, "Build"): the tests run the sources, no build needed.
 * The other conditions are Vite's defaults for Node.
 */
const conditions = ['@reckon/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  environments: { ssr: { resolve: { conditions } }, __vitest__: { resolve: { conditions } } },
  test: {
    include: ['packages/*/src/**/*.spec.ts', 'services/*/src/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core, not Vitest's default of one fewer: most files spend their time waiting
    // on PostgreSQL or on child processes, and on a 2-core machine the default runs them one at a
    // time. Measured on the database tests (`vitest run .int.spec .e2e.spec`, 2 cores): 478 s with
    // one worker, 274 s with two, 263 s with three (and the slowest file 1.9x longer).
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
