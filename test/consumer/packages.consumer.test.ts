/**
 * The packages as a stranger gets them: built, packed with `npm pack`, installed from the tarballs
 * into a project outside the workspace, then
 * - a TypeScript consumer type-checks against the bundled declarations alone;
 * - a page built with Vite (the README's snippet), served under a strict Content-Security-Policy,
 *   runs an invoice run through the components in Chromium, and a refusal from the worker is an
 *   `InvoiceRunError` of the page's own `@invoice-run/core`;
 * - the README's own-worker recipe (a host worker that imports `@invoice-run/worker/worker.js`,
 *   built by Vite) bills;
 * - a plain `<script type="module">` page, with no bundler, loads the client and its worker
 *   straight from the installed package and bills, from the page's origin and from another one.
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
const servers: Server[] = [];

/**
 * A policy that allows nothing but the page's own origin: no inline script or style, no eval, no
 * blob: workers. The SDK runs under it (README, "Security").
 */
const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {cwd, encoding: 'utf8', maxBuffer: 64 * 2 ** 20});
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

interface ServeOptions {
  /** The host name in the origin: `127.0.0.1` (default) or `localhost`, another origin. */
  readonly host?: string;
  /** Headers of every response. */
  readonly headers?: Record<string, string>;
}

/** Serves `directory` as static files on the loopback interface; returns its origin. */
async function serve(directory: string, options: ServeOptions = {}): Promise<string> {
  const server = createHttpServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      const body = readFileSync(join(directory, path.endsWith('/') ? `${path}index.html` : path));
      response.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        ...options.headers,
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no server address');
  return `http://${options.host ?? '127.0.0.1'}:${address.port}`;
}

/** Opens `url` and waits for the page's `window.result`. */
async function resultOf(url: string): Promise<unknown> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const result = await page.waitForFunction(
      () => (window as {result?: unknown}).result,
      undefined,
      {timeout: 60_000},
    );
    return await result.jsonValue();
  } finally {
    await page.close();
  }
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
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
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

test('a page built with Vite runs an invoice run through the components, under a strict CSP', async () => {
  await build({
    root: project,
    base: './',
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: join(project, 'dist'),
      target: 'es2022',
      emptyOutDir: true,
      rolldownOptions: {
        input: {index: join(project, 'index.html'), own: join(project, 'own.html')},
      },
    },
    worker: {format: 'es'},
  });
  const origin = await serve(join(project, 'dist'), {
    headers: {'content-security-policy': STRICT_CSP},
  });
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // Every request of the page and its worker: nothing but the page's own files may be asked for.
  const requests: string[] = [];
  page.context().on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const violations = ((window as {violations?: string[]}).violations ??= []);
      violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, {
    timeout: 60_000,
  });
  // A refusal from the worker is an InvoiceRunError of the page's own @invoice-run/core.
  expect(JSON.parse((await page.locator('body').getAttribute('data-refusal')) ?? '{}')).toEqual({
    instanceOf: true,
    guard: true,
    code: 'RUN_NOT_FOUND',
  });
  const loaded = requests.length;
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
  // The one report allowed: zod asks once whether it may compile its parsers (new Function),
  // catches the refusal and validates without; nothing is blocked that the page needs.
  const violations = await page.evaluate(
    () => (window as {violations?: string[]}).violations ?? [],
  );
  expect(violations.filter((violation) => violation !== 'script-src eval')).toEqual([]);
  // Nothing leaves the browser: only GETs of the page's own files, none while billing.
  expect(requests.slice(loaded)).toEqual([]);
  expect(
    requests.filter(
      (request) =>
        !new RegExp(`^GET ${origin}/(index\\.html|favicon\\.ico|assets/[\\w.-]+\\.js)$`).test(
          request,
        ),
    ),
  ).toEqual([]);
  await page.close();
});

test('the own-worker recipe: a host worker importing @invoice-run/worker/worker.js bills', async () => {
  // Built by the test before: Vite bundles own-worker.ts, which only imports the package's worker.
  const origin = await serve(join(project, 'dist'));
  expect(await resultOf(`${origin}/own.html`)).toEqual({
    status: 'completed',
    counters: {invoices: 1, credits: 0, lines: 1, errors: 0},
  });
});

test('a plain script-type-module page loads the client and its worker from the package', async () => {
  const origin = await serve(project);
  expect(await resultOf(`${origin}/plain.html`)).toEqual({
    status: 'completed',
    counters: {invoices: 1, credits: 0, lines: 1, errors: 0},
    totals: [{currency: 'EUR', net: '10.00', tax: '0.00', gross: '10.00'}],
  });
});

test('a page on one origin starts the SDK from assets on another (a CDN)', async () => {
  const page = await serve(project);
  const assets = await serve(project, {
    host: 'localhost',
    headers: {'access-control-allow-origin': '*'},
  });
  expect(new URL(page).origin).not.toBe(new URL(assets).origin);
  expect(await resultOf(`${page}/cross-origin.html?assets=${assets}/`)).toEqual({
    status: 'completed',
    counters: {invoices: 1, credits: 0, lines: 1, errors: 0},
  });
});

test('assets on another origin under a policy without blob: workers fail with WORKER_FAILED, saying what to do', async () => {
  const page = await serve(project, {
    headers: {
      'content-security-policy': `script-src 'self' 'unsafe-inline' http://localhost:*; worker-src 'self'`,
    },
  });
  const assets = await serve(project, {
    host: 'localhost',
    headers: {'access-control-allow-origin': '*'},
  });
  expect(await resultOf(`${page}/cross-origin.html?assets=${assets}/`)).toEqual({
    error: 'WORKER_FAILED',
    message: expect.stringMatching(/from this page's origin, or pass your own worker/),
  });
});
