#!/usr/bin/env node
// Runs the built command line when the package was built, else the TypeScript sources through
// tsx, so `npx invoice-run` works right after `npm ci` with no build step.
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const {register} = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/bin.ts', import.meta.url).href);
}
