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
  },
});
