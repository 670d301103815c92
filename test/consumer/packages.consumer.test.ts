/**
 * The packages as a stranger gets them: built, packed with `npm pack`, installed from the tarballs
 * into a project outside the workspace, then
 * - a TypeScript consumer type-checks against the bundled declarations alone;
 * - a page built with Vite (the README's snippet) runs an invoice run through the components in
 *   Chromium;
 * - a plain `<script type="module">` page, with no bundler, loads the client and its worker
 *   straight from the installed package and bills.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer as createHttpServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {extname, join, normalize} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium, type Browser} from 'playwright-core';
import {build} from 'vite';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {chromiumFlags, chromiumPath} from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture', import.meta.url));
const PACKAGES = ['core', 'worker', 'elements'] as const;
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css',
};

let project: string;
let browser: Browser;
let server: Server;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20});
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Serves `directory` as static files on 127.0.0.1, for pages that need no bundler. */
async function serve(directory: string): Promise<string> {
  server = createHttpServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      const body = readFileSync(join(directory, path.endsWith('/') ? `${path}index.html` : path));
      response.writeHead(200, {'content-type': MIME[extname(path)] ?? 'application/octet-stream'});
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no server address');
  return `http://127.0.0.1:${address.port}`;
}

beforeAll(async () => {
  run(process.execPath, ['scripts/build-package.mjs'], root);
  project = mkdtempSync(join(tmpdir(), 'invoice-run-consumer-'));
  const tarballs = PACKAGES.map((name) => {
    const output = run(
      'npm',
      ['pack', '--silent', '--pack-destination', project],
      join(root, 'packages', name),
    );
    return output.trim().split('\n').pop()!;
  });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'invoice-run-consumer',
      private: true,
      type: 'module',
      dependencies: Object.fromEntries(
        PACKAGES.map((name, index) => [`@invoice-run/${name}`, `file:./${tarballs[index]}`]),
      ),
    }),
  );
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
    project,
  );
  cpSync(fixture, project, {recursive: true});
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumFlags,
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (project) rmSync(project, {recursive: true, force: true});
});

test('the tarballs hold builds and declarations, not sources or tests', () => {
  for (const name of PACKAGES) {
    const installed = join(project, 'node_modules', '@invoice-run', name);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.exports['.'])[0]).toBe('types');
    const files = execFileSync('find', ['.', '-type', 'f'], {cwd: installed, encoding: 'utf8'});
    expect(files).toContain('./dist/index.js');
    expect(files).toContain('./dist/index.d.ts');
    expect(files).not.toMatch(/\.test\.|\/src\//);
  }
});

test('a TypeScript consumer type-checks against the bundled declarations', () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', join(project, 'tsconfig.json')], {encoding: 'utf8'});
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('a page built with Vite runs an invoice run through the components', async () => {
  await build({
    root: project,
    base: './',
    configFile: false,
    logLevel: 'warn',
    build: {outDir: join(project, 'dist'), target: 'es2022', emptyOutDir: true},
    worker: {format: 'es'},
  });
  const origin = await serve(join(project, 'dist'));
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, {
    timeout: 60_000,
  });
  const form = page.locator('invoice-run-form');
  await form.getByLabel('Period start').fill('2026-01-01');
  await form.getByLabel('Period end').fill('2026-01-31');
  await form.getByRole('button', {name: 'Start run'}).click();
  const summary = form.locator('[part~="summary"]');
  await summary.waitFor({state: 'visible', timeout: 60_000});
  const figures = await summary.innerText();
  expect(figures).toMatch(/Invoices\s+2\b/);
  // 30.00 + 12.00 x 5 x 17/31 = 30.00 + 32.90 = 62.90 net.
  expect(figures).toContain('62.90');
  expect(problems).toEqual([]);
  await page.close();
  server.close();
});

test('a plain script-type-module page loads the client and its worker from the package', async () => {
  const origin = await serve(project);
  const page = await browser.newPage();
  await page.goto(`${origin}/plain.html`);
  const result = await page.waitForFunction(
    () => (window as {result?: unknown}).result,
    undefined,
    {
      timeout: 60_000,
    },
  );
  expect(await result.jsonValue()).toEqual({
    status: 'completed',
    counters: {invoices: 1, credits: 0, lines: 1, errors: 0},
    totals: [{currency: 'EUR', net: '10.00', tax: '0.00', gross: '10.00'}],
  });
  await page.close();
});
