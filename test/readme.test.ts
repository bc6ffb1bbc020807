/** The README's support table is generated from the registries; this keeps it from drifting. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { updatedReadme } from '../scripts/support-table.mjs';

it('README support table matches the operation registry', async () => {
  const current = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(current).toBe(await updatedReadme());
});
