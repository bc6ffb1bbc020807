/**
 * No import cycles in the packages' sources.
 *
 * A small import-graph checker: every `import … from '…'`, `export … from '…'`, `import '…'` and
 * `import('…')` with a relative specifier in packages/<pkg>/src (tests excluded) is an edge,
 * `import type` included (a type-only import still ties two modules together for a reader, and
 * turns into a real one the day a value is imported). `.js` specifiers resolve to the `.ts` file
 * beside them, a folder to its index.ts. Tarjan's algorithm finds the strongly connected
 * components; any with more than one module (or a module importing itself) is a cycle.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** Relative specifiers a module imports or re-exports, statically or with `import()`. */
export function specifiers(source: string): string[] {
  // Drop comments first so an example in a doc comment is not an edge (strings are left alone).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // import … from / export … from
    /\bimport\s*['"]([^'"]+)['"]/g, // import '…' (side effect)
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found.filter(s => s.startsWith('./') || s.startsWith('../'));
}

function resolveSpecifier(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find(c => existsSync(c) && statSync(c).isFile());
}

export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiers(readFileSync(file, 'utf8'))
      .map(s => resolveSpecifier(file, s))
      .filter((t): t is string => t !== undefined && /\.tsx?$/.test(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Tarjan's strongly connected components; returns those that are cycles. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('the checker sees import, import type, export from, side-effect and dynamic imports, not comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      'import {',
      '  g,',
      "} from './g.js';",
      "import x from 'external';",
      "// import { h } from './h.js';",
      "/* import { i } from './i.js'; */",
    ].join('\n');
    expect(specifiers(source).sort()).toEqual(['../b.js', './a.js', './c.js', './d.js', './e.js', './f.js', './g.js']);
  });

  it('the checker finds a cycle and only a cycle', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });

  /**
   * Cycles allowed: none. (The last one, flows/device-srp.ts ↔ flows/password-verifier.ts, went when
   * the device proof moved into password-verifier.ts, which also made the bundles smaller.)
   */
  const KNOWN: string[] = [];

  it('packages/*/src has no import cycles (import type included)', () => {
    const packages = readdirSync(join(ROOT, 'packages')).filter(p => existsSync(join(ROOT, 'packages', p, 'src')));
    const files = packages.flatMap(p => sourceFiles(join(ROOT, 'packages', p, 'src')));
    expect(files.length).toBeGreaterThan(100);
    const found = cycles(importGraph(files)).map(c => c.map(f => relative(ROOT, f)).join(' ↔ '));
    expect(found, `import cycles:\n${found.join('\n')}`).toEqual(KNOWN);
  });
});
