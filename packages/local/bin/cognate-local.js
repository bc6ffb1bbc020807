#!/usr/bin/env node
import { main } from '../dist/node/cli.js';

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`cognate-local: ${error?.stack ?? error}\n`);
  process.exit(1);
});
