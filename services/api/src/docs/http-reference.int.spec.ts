import { readFileSync } from 'node:fs';
import { useTestDatabase } from '@reckon/database/vitest';
import { describe, expect, it } from 'vitest';
import { formatMarkdown, openApiDocument, REFERENCE_PATH, renderReference } from './http-reference.js';

describe('docs/http-reference.md', () => {
  const db = useTestDatabase('api_http_reference');

  it('is what `pnpm docs:http` generates from the OpenAPI document now (run it after changing a route)', async () => {
    const doc = await openApiDocument(db.url);
    const fresh = formatMarkdown(renderReference(doc));
    // Every route of the document is in the reference.
    for (const [route, methods] of Object.entries(doc.paths)) {
      if (route.startsWith('/docs')) continue;
      for (const method of Object.keys(methods)) expect(fresh).toContain(`### ${method.toUpperCase()} ${route}`);
    }
    // Every table row has its header's columns: a `|` inside a cell (an enum "a" | "b") is escaped once.
    const cells = (row: string) => row.split(/(?<!\\)\|/).length;
    for (const table of fresh.match(/^\|.*\|$(\n^\|.*\|$)+/gm) ?? []) {
      const [header, ...rows] = table.split('\n');
      for (const row of rows) expect(cells(row), row).toBe(cells(header!));
    }
    expect(readFileSync(REFERENCE_PATH, 'utf8'), 'docs/http-reference.md is stale: run pnpm docs:http').toBe(fresh);
  });
});
