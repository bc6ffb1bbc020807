#!/usr/bin/env node
/**
 * Generates the README's support table from cognate-local's operation registry (and cognate's
 * API list), so it cannot drift. `--check` exits 1 when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readmePath = `${root}README.md`;
const START = '<!-- support-table:start -->';
const END = '<!-- support-table:end -->';

export async function renderSupportTable() {
  const { USER_POOL_OPERATIONS, ALL_USER_POOL_OPERATIONS } = await import(`${root}packages/local/dist/registry.js`);
  let apis = [];
  try {
    ({ SUPPORTED_APIS: apis } = await import(`${root}packages/cognate/dist/support.js`));
  } catch {
    apis = [];
  }
  const lines = [];
  lines.push('### cognate-local: user pool operations (`AWSCognitoIdentityProviderService`)', '');
  lines.push('| operation | status | notes |', '| --- | --- | --- |');
  for (const name of ALL_USER_POOL_OPERATIONS) {
    const entry = USER_POOL_OPERATIONS[name];
    if (entry) lines.push(`| ${name} | ✅ works | ${entry.note ?? ''} |`);
  }
  const missing = ALL_USER_POOL_OPERATIONS.filter(n => !USER_POOL_OPERATIONS[n]);
  lines.push(
    '',
    missing.length
      ? `Not yet (answered with 400 \`UnsupportedOperationException\`): ${missing.map(n => `\`${n}\``).join(', ')}.`
      : 'Every user pool operation is implemented.',
  );
  const { IDENTITY_OPERATIONS, ALL_IDENTITY_OPERATIONS } = await import(`${root}packages/local/dist/identity/registry.js`);
  lines.push('', '### cognate-local: identity pool operations (`AWSCognitoIdentityService`)', '', '| operation | status | notes |', '| --- | --- | --- |');
  for (const name of ALL_IDENTITY_OPERATIONS) {
    const entry = IDENTITY_OPERATIONS[name];
    if (entry) lines.push(`| ${name} | ✅ works | ${entry.note ?? ''} |`);
  }
  const identityMissing = ALL_IDENTITY_OPERATIONS.filter(n => !IDENTITY_OPERATIONS[n]);
  lines.push('', identityMissing.length ? `Not yet: ${identityMissing.map(n => `\`${n}\``).join(', ')}.` : 'Every identity pool operation is implemented.');
  if (apis.length) {
    lines.push('', '### cognate: APIs', '', '| API | import | status | notes |', '| --- | --- | --- | --- |');
    for (const api of apis)
      lines.push(
        `| \`${api.name}\` | \`${api.from}\` | ${api.status === 'works' ? '✅ works' : api.status === 'types' ? '🕒 types only' : '❌ not yet'} | ${api.note ?? ''} |`,
      );
  }
  return lines.join('\n');
}

export async function updatedReadme() {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error('README is missing the support-table markers');
  return readme.slice(0, start + START.length) + '\n' + (await renderSupportTable()) + '\n' + readme.slice(end);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const next = await updatedReadme();
  if (process.argv.includes('--check')) {
    if (next !== readFileSync(readmePath, 'utf8')) {
      console.error('README support table is out of date: run `npm run support-table`');
      process.exit(1);
    }
  } else {
    writeFileSync(readmePath, next);
  }
}
