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
 *   straight from the installed package and bills, from the page's origin and from another one;
 * - the elements under names of the page's choosing beside another library's `<run-history>`,
 *   and the warning that names that library; the README's plain-page snippet, as written, with
 *   the self-contained browser build;
 * - React, Preact, Solid and Vue pages type-check against the elements' framework typings; the
 *   package imports in Node and renders with Lit SSR;
 * - each tarball is fit to publish: the LICENSE, the notices of the code it bundles (the worker
 *   bundles Dexie, Comlink, zod, ...), source maps that every reference finds and that hold their
 *   sources, a minified worker bundle, the dependencies its files import and no others, and the
 *   registry metadata; Vite's dev server serves the packages without a source-map warning.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {createServer as createHttpServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {dirname, extname, join, normalize, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';
import {chromium, type Browser, type Page} from 'playwright-core';
import {build, createLogger, createServer as createViteServer} from 'vite';
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

/** Packages of the host projects the test plays: frameworks for the typings, Lit SSR. */
const HOST_PACKAGES = ['@types/react', 'preact', 'solid-js', 'vue', '@lit-labs/ssr', 'lit'];

/** The version of a package installed in the workspace (pinned by its lock file). */
function versionOf(name: string): string {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

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
      // What a host project of each kind has: the versions of the workspace's lock file, so the
      // install finds them in npm's cache.
      devDependencies: Object.fromEntries(HOST_PACKAGES.map((name) => [name, versionOf(name)])),
    }),
  );
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefer-offline',
      '--loglevel=error',
    ],
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

/** Every file under `directory`, as paths relative to it. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)));
}

function installed(name: (typeof PACKAGES)[number]): string {
  return join(project, 'node_modules', '@invoice-run', name);
}

interface SourceMap {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
}

/** The package a module path inside `node_modules` belongs to (`dexie`, `@lit/task`). */
function packageOfPath(path: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
}

/** The package of a bare import specifier; undefined for relative paths and Node built-ins. */
function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The packages the modules and declarations of a package's dist import. */
function importedPackages(root: string): Set<string> {
  const imported = new Set<string>();
  for (const file of filesUnder(join(root, 'dist'))) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const text = readFileSync(join(root, 'dist', file), 'utf8');
    for (const match of text.matchAll(/\b(?:from|import)\s*\(?\s*(["'])([^"'\n]+)\1/g)) {
      const name = packageOfSpecifier(match[2]!);
      if (name !== undefined) imported.add(name);
    }
  }
  return imported;
}

test('each tarball carries the LICENSE and the notices of the code it bundles', () => {
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  expect(license).toMatch(/^MIT License/);
  const bundledBy = new Map<string, Set<string>>();
  for (const name of PACKAGES) {
    expect(readFileSync(join(installed(name), 'LICENSE'), 'utf8'), name).toBe(license);
    // The source maps name every module that went into the bundles.
    const bundled = new Set<string>();
    for (const file of filesUnder(join(installed(name), 'dist'))) {
      if (!file.endsWith('.map')) continue;
      const map = JSON.parse(
        readFileSync(join(installed(name), 'dist', file), 'utf8'),
      ) as SourceMap;
      for (const source of map.sources) {
        const bundledPackage = packageOfPath(source);
        if (bundledPackage !== undefined) bundled.add(bundledPackage);
      }
    }
    bundledBy.set(name, bundled);
    const noticesFile = join(installed(name), 'dist', 'THIRD-PARTY-NOTICES.txt');
    expect(existsSync(noticesFile), `${name} notices`).toBe(bundled.size > 0);
    if (bundled.size === 0) continue;
    const notices = readFileSync(noticesFile, 'utf8');
    for (const bundledPackage of bundled) {
      const source = join(root, 'node_modules', bundledPackage);
      const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
      expect(notices, `${name}: ${bundledPackage}`).toContain(
        `${bundledPackage} ${manifest.version}\nLicense: ${manifest.license}\n`,
      );
      for (const file of readdirSync(source)) {
        if (!/^(licen[cs]e|notice)(\.(md|txt))?$/i.test(file)) continue;
        const text = readFileSync(join(source, file), 'utf8').trim();
        expect(notices, `${name}: ${bundledPackage}/${file}`).toContain(text);
      }
    }
  }
  // The libraries leave their dependencies to the host; the worker ships whole.
  expect([...bundledBy.get('core')!]).toEqual([]);
  expect([...bundledBy.get('elements')!]).toEqual([]);
  expect([...bundledBy.get('worker')!].sort()).toEqual(
    expect.arrayContaining(['comlink', 'croner', 'dexie', 'zod']),
  );
  const workerNotices = readFileSync(
    join(installed('worker'), 'dist', 'THIRD-PARTY-NOTICES.txt'),
    'utf8',
  );
  expect(workerNotices).toContain('Apache License');
  expect(workerNotices).toContain('Copyright (c) 2014-2017 David Fahlander'); // Dexie's NOTICE
});

test('every source-map reference finds its map, and every map holds its sources', () => {
  for (const name of PACKAGES) {
    const dist = join(installed(name), 'dist');
    let references = 0;
    for (const file of filesUnder(dist)) {
      if (!file.endsWith('.js')) continue;
      const text = readFileSync(join(dist, file), 'utf8');
      for (const match of text.matchAll(/\/\/# sourceMappingURL=(\S+)/g)) {
        references++;
        const mapFile = join(dirname(join(dist, file)), match[1]!);
        expect(existsSync(mapFile), `${name}/dist/${file} -> ${match[1]}`).toBe(true);
        const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap;
        // The package ships no sources: each map carries the text of every source it names.
        expect(map.sourcesContent?.length, `${name}/dist/${file}`).toBe(map.sources.length);
        expect(map.sourcesContent?.every((content) => typeof content === 'string')).toBe(true);
      }
    }
    expect(references, name).toBeGreaterThan(0);
  }
});

test('the worker bundle a page loads is minified', () => {
  const assets = join(installed('worker'), 'dist', 'assets');
  const [bundle] = readdirSync(assets).filter((file) => /^worker-.*\.js$/.test(file));
  const text = readFileSync(join(assets, bundle!), 'utf8');
  // About 109 kB gzip minified; the same bundle unminified is about 160 kB.
  expect(gzipSync(text).length).toBeLessThan(130_000);
  expect(text.split('\n').length).toBeLessThan(400);
});

test('each package declares the packages its files import, and only those', () => {
  for (const name of PACKAGES) {
    const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8'));
    // A declaration file's `react` is the package of its types, `@types/react`.
    const declared = Object.keys({...manifest.dependencies, ...manifest.peerDependencies})
      .map((declared) => declared.replace(/^@types\//, ''))
      .sort();
    const imported = [...importedPackages(installed(name))]
      .filter((imported) => imported !== manifest.name)
      .sort();
    expect(declared, name).toEqual(imported);
  }
});

test('each package carries the metadata a registry page shows', () => {
  for (const name of PACKAGES) {
    const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8'));
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
      directory: `packages/${name}`,
    });
    expect(manifest.homepage).toMatch(new RegExp(`^https://.+/packages/${name}#readme$`));
    expect(manifest.keywords).toEqual(expect.arrayContaining(['invoice', 'billing']));
    expect(manifest.publishConfig).toEqual({access: 'public'});
  }
});

test("Vite's dev server serves the packages without a source-map warning", async () => {
  const logged: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (message) => void logged.push(message);
  logger.warnOnce = (message) => void logged.push(message);
  logger.error = (message) => void logged.push(message);
  const dev = await createViteServer({
    root: project,
    configFile: false,
    customLogger: logger,
    server: {host: '127.0.0.1', port: 0, strictPort: false},
    worker: {format: 'es'},
  });
  await dev.listen();
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.goto(`${dev.resolvedUrls!.local[0]}index.html`);
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true', undefined, {
      timeout: 120_000,
    });
  } finally {
    await page.close();
    await dev.close();
  }
  expect(problems).toEqual([]);
  expect(logged).toEqual([]);
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

test('React, Preact, Solid and Vue pages type-check against the framework typings', () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', join(project, 'frameworks', 'tsconfig.json')], {
    encoding: 'utf8',
  });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
  const exports = JSON.parse(readFileSync(join(installed('elements'), 'package.json'), 'utf8'))
    .exports as Record<string, unknown>;
  for (const framework of ['react', 'preact', 'solid', 'vue']) {
    expect(exports[`./${framework}`]).toEqual({types: `./dist/${framework}.d.ts`});
  }
});

test('the editor data files describe every element of custom-elements.json', () => {
  const elements = installed('elements');
  const manifest = JSON.parse(readFileSync(join(elements, 'custom-elements.json'), 'utf8')) as {
    modules: {declarations?: {tagName?: string; events?: {name: string}[]}[]}[];
  };
  const declared = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.tagName !== undefined);
  const tags = declared.map((declaration) => declaration.tagName).sort();
  expect(tags).toHaveLength(8);
  const vscode = JSON.parse(
    readFileSync(join(elements, 'dist', 'vscode.html-custom-data.json'), 'utf8'),
  ) as {version: number; tags: {name: string; attributes: {name: string}[]}[]};
  expect(vscode.version).toBe(1.1);
  expect(vscode.tags.map((tag) => tag.name).sort()).toEqual(tags);
  expect(vscode.tags.find((tag) => tag.name === 'run-history')!.attributes).toContainEqual(
    expect.objectContaining({name: 'page-size'}),
  );
  const manifestOfPackage = JSON.parse(readFileSync(join(elements, 'package.json'), 'utf8'));
  const webTypes = JSON.parse(
    readFileSync(join(elements, manifestOfPackage['web-types']), 'utf8'),
  ) as {contributions: {html: {elements: {name: string; events: {name: string}[]}[]}}};
  const webElements = webTypes.contributions.html.elements;
  expect(webElements.map((element) => element.name).sort()).toEqual(tags);
  for (const declaration of declared) {
    expect(
      webElements.find((element) => element.name === declaration.tagName)!.events,
      declaration.tagName,
    ).toEqual((declaration.events ?? []).map(({name}) => expect.objectContaining({name})));
  }
});

test('the package imports in Node and renders every element with Lit SSR', () => {
  const output = run(process.execPath, ['ssr.mjs'], project);
  expect(JSON.parse(output)).toEqual({
    exports: true,
    registered: true,
    shadowRoots: [
      'invoice-run-provider',
      'invoice-run-form',
      'run-history',
      'remaining-picker',
      'run-schedules',
      'invoice-grid',
      'line-explanation',
      'invoice-document',
    ],
  });
});

test("another library's <run-history> keeps its tag, and the warning names that library", async () => {
  const origin = await serve(project);
  const result = (await resultOf(`${origin}/conflict.html`)) as {
    warnings: string[];
    registered: Record<string, string | undefined>;
    historyIsOurs: boolean;
    formIsOurs: boolean;
  };
  expect(result.historyIsOurs).toBe(false);
  expect(result.formIsOurs).toBe(true);
  expect(result.registered).toEqual({
    'invoice-run-provider': 'invoice-run-provider',
    'invoice-run-form': 'invoice-run-form',
    'remaining-picker': 'remaining-picker',
    'run-schedules': 'run-schedules',
    'invoice-grid': 'invoice-grid',
    'line-explanation': 'line-explanation',
    'invoice-document': 'invoice-document',
  });
  expect(result.warnings).toHaveLength(1);
  expect(result.warnings[0]).toContain(
    '<run-history> is already registered by another library (class OtherHistory), not by @invoice-run/elements',
  );
  expect(result.warnings[0]).not.toMatch(/another copy|version/);
  expect(result.warnings[0]).toContain("defineElements({prefix: 'acme'})");
});

test('the elements under other names work together beside that library', async () => {
  const origin = await serve(project);
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.goto(`${origin}/renamed.html`);
    const history = page.locator('acme-run-history');
    // The history got its client from the renamed provider and lists the run the page made.
    await history.getByText('January').waitFor({timeout: 60_000});
    await history
      .getByRole('button', {name: /View Remaining/})
      .first()
      .click();
    // View Remaining opens our picker under its new name, not the other library's element.
    const picker = history.locator('acme-remaining-picker');
    await picker.getByText('Nothing remains to be billed for this run.').waitFor({timeout: 60_000});
    expect(await history.locator('remaining-picker').count()).toBe(0);
    expect(await page.evaluate(() => (window as {warnings?: string[]}).warnings)).toEqual([]);
  } finally {
    await page.close();
  }
  expect(problems).toEqual([]);
});

/** The README blocks of a plain page: HTML that imports the browser build. */
function plainSnippets(readme: string): string[] {
  return [...readme.matchAll(/```html\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .filter((block) => block.includes('browser/invoice-run.js'));
}

/** The labels of the form's fields and button in one language. */
interface FormLabels {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly start: string;
}

/**
 * Writes the README's plain page as written, in `lang`, with the data the snippet calls
 * dataFromTheCrm; opens it in `page` and bills January through its form. Resolves with the text
 * of the run's summary.
 */
async function billOnPlainPage(
  page: Page,
  snippet: string,
  lang: string,
  labels: FormLabels,
): Promise<string> {
  const data = (await import(join(project, 'browser-data.js'))) as {data: unknown};
  const file = `readme-plain-${lang}.html`;
  writeFileSync(
    join(project, file),
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>plain</title>` +
      `<script>var dataFromTheCrm = ${JSON.stringify(data.data)};</script></head>` +
      `<body>\n${snippet}</body></html>\n`,
  );
  const origin = await serve(project);
  await page.goto(`${origin}/${file}`);
  // The snippet gives the provider its client once the import has finished; until then Start
  // is disabled and says it is connecting.
  await page.waitForFunction(
    () => (document.querySelector('invoice-run-provider') as {client?: unknown}).client,
    undefined,
    {timeout: 60_000},
  );
  const form = page.locator('invoice-run-form');
  await form.getByLabel(labels.periodStart).fill('2026-01-01');
  await form.getByLabel(labels.periodEnd).fill('2026-01-31');
  await form.getByRole('button', {name: labels.start}).click();
  const summary = form.locator('[part~="summary"]');
  await summary.waitFor({state: 'visible', timeout: 60_000});
  return summary.innerText();
}

test("the READMEs' plain-page snippet, as written, bills through the browser build", async () => {
  const snippets = [
    ...plainSnippets(readFileSync(join(root, 'README.md'), 'utf8')),
    ...plainSnippets(readFileSync(join(root, 'packages', 'elements', 'README.md'), 'utf8')),
  ];
  expect(snippets).toHaveLength(2);
  expect(new Set(snippets).size).toBe(1);
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const requests: string[] = [];
  page.context().on('request', (request) => requests.push(new URL(request.url()).pathname));
  try {
    const figures = await billOnPlainPage(page, snippets[0]!, 'en', {
      periodStart: 'Period start',
      periodEnd: 'Period end',
      start: 'Start run',
    });
    expect(figures).toMatch(/Invoices\s+1\b/);
    expect(figures).toContain('10.00');
    await page.locator('run-history').getByRole('button', {name: /Open/}).first().waitFor();
  } finally {
    await page.close();
  }
  expect(problems).toEqual([]);
  // One module for the page and the worker beside it: nothing else of the packages is loaded.
  expect(requests.filter((path) => path.includes('/node_modules/'))).toEqual([
    '/node_modules/@invoice-run/elements/browser/invoice-run.js',
    expect.stringMatching(
      /^\/node_modules\/@invoice-run\/elements\/browser\/invoice-run\.worker-[\w-]+\.js$/,
    ),
  ]);
});

test('the same plain page with lang="de" bills in German, with no English label left', async () => {
  const [snippet] = plainSnippets(readFileSync(join(root, 'README.md'), 'utf8'));
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    const figures = await billOnPlainPage(page, snippet!, 'de', {
      periodStart: 'Beginn des Zeitraums',
      periodEnd: 'Ende des Zeitraums',
      start: 'Lauf starten',
    });
    expect(figures).toMatch(/Rechnungen\s+1\b/);
    // German writes the amount with a decimal comma.
    expect(figures).toContain('10,00');
    const text = await page.evaluate(() => {
      const parts: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll('*')) {
          if (element.shadowRoot !== null) {
            parts.push(element.shadowRoot.textContent ?? '');
            walk(element.shadowRoot);
          }
        }
      };
      walk(document);
      return parts.join('\n');
    });
    for (const english of ['Start run', 'Period start', 'Invoices', 'Run history', 'Preview']) {
      expect(text).not.toContain(english);
    }
  } finally {
    await page.close();
  }
  expect(problems).toEqual([]);
});
