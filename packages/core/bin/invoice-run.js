#!/usr/bin/env node
// In a checkout of the repository the command line runs the TypeScript sources through tsx, so
// `npx invoice-run` works right after `npm ci` and never runs a stale build. The published
// package ships no sources and runs its build.
import {existsSync} from 'node:fs';
import {register as registerHooks} from 'node:module';
import {fileURLToPath} from 'node:url';

const source = new URL('../src/cli/bin.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  // The workspace packages (the server commands of @invoice-run/postgres) resolve to their
  // sources too (their `source` export condition), not to a build that may be stale or missing.
  registerHooks(
    'data:text/javascript,export function resolve(specifier, context, next) {' +
      ' return next(specifier, {...context, conditions: [...context.conditions, "source"]}); }',
  );
  const {register} = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
