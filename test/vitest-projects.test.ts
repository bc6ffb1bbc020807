/**
 * `vitest.config.ts` splits the tests into four projects (unit, integration, browser, build): every
 * test file belongs to exactly one, so `npm test` still runs each file once; a file that launches
 * Chromium is never in unit or integration, and one that starts a server, a browser or a build is
 * never in unit.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { expect, it } from 'vitest';
import config from '../vitest.config.js';

const ROOT = join(import.meta.dirname, '..');
const ALL = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'];

type Project = { test: { name: string; include: string[]; exclude?: string[] } };
const projects = (config.test?.projects ?? []) as Project[];

/** The config's globs use `*` and `**` only: as regular expressions over repository paths. */
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '\0')
      .replace(/\*/g, '[^/]*')
      .replace(/\0/g, '(?:.*/)?')}$`,
  );
const TREE = (['packages', 'test'] as const)
  .flatMap(dir => (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).map(f => `${dir}/${f.split(sep).join('/')}`))
  .filter(f => !f.includes('/node_modules/') && !f.includes('/dist/') && f.endsWith('.test.ts'));

function files(include: string[], exclude: string[] = []): string[] {
  const [inc, exc] = [include.map(glob), exclude.map(glob)];
  return TREE.filter(f => inc.some(r => r.test(f)) && !exc.some(r => r.test(f))).sort();
}

it('has the four projects, and every test file is in exactly one', () => {
  expect(projects.map(p => p.test.name)).toEqual(['unit', 'integration', 'browser', 'build']);
  const owners = new Map<string, string[]>();
  for (const file of files(ALL)) owners.set(file, []);
  for (const { test } of projects) {
    for (const file of files(test.include, test.exclude)) owners.get(file)?.push(test.name) ?? owners.set(file, [`outside the suite: ${test.name}`]);
  }
  const wrong = [...owners].filter(([, names]) => names.length !== 1);
  expect(wrong).toEqual([]);
  expect(owners.size).toBeGreaterThan(90);
});

it('files that launch Chromium are in browser or build; files that start a server, browser or build are not unit', async () => {
  const unit = projects.find(p => p.test.name === 'unit')!.test;
  const inUnit = new Set(files(unit.include, unit.exclude));
  const misplaced: string[] = [];
  for (const file of files(ALL)) {
    if (file === 'test/vitest-projects.test.ts') continue; // its patterns would match themselves
    const text = await readFile(join(ROOT, file), 'utf8');
    const browser = /\bchromium\b|launchBrowser\(/.test(text);
    const project = projects.find(p => files(p.test.include, p.test.exclude).includes(file))!.test.name;
    if (browser && project !== 'browser' && project !== 'build') misplaced.push(`${file}: launches Chromium, in ${project}`);
    if (inUnit.has(file) && /\bstartServer\(|\bstart\(\)|\bstartLocal\(|from 'esbuild'|execFile(Sync)?\(|spawn\(/.test(text))
      misplaced.push(`${file}: starts a server, browser or build, in unit`);
  }
  expect(inUnit.size).toBeGreaterThan(0);
  expect(misplaced).toEqual([]);
});
