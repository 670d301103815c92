#!/usr/bin/env node
// `npm test`: type-check, lint, and every test runner of the workspace, then one closing line
// `N passed, N failed` summed over all of them (CI reads that line; web-test-runner's and
// vitest's own summaries are not in that form). Exits non-zero when anything failed.
//
// The core's tests run three times, under UTC and two zones a day apart (UTC+14 and UTC-9), so
// any date that shifts with the host's time zone fails somewhere.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {chromiumPath} from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, '.test-results');
rmSync(results, {recursive: true, force: true});
mkdirSync(results, {recursive: true});

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** A check that passes or fails as a whole (type-check, lint): it counts as one test. */
function check(name, command, args) {
  return {
    name,
    command,
    args,
    count: (status) => (status === 0 ? {passed: 1, failed: 0} : {passed: 0, failed: 1}),
  };
}

function vitest(name, packageDir, env = {}) {
  const output = join(results, `${name}.json`);
  return {
    name,
    command: bin('vitest'),
    args: [
      'run',
      '--root',
      packageDir,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${output}`,
    ],
    env,
    count: (status) => {
      if (!existsSync(output)) return {passed: 0, failed: 1};
      const report = JSON.parse(readFileSync(output, 'utf8'));
      const failed = report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
      return {passed: report.numPassedTests, failed};
    },
  };
}

/** A web-test-runner run (npm script `script`), counted from the JUnit file it writes. */
function webTestRunner(name, script, junitFile) {
  const output = join(results, junitFile);
  return {
    name,
    browser: true,
    command: 'npm',
    args: ['run', '--silent', script],
    count: (status) => {
      if (!existsSync(output)) return {passed: 0, failed: 1};
      const xml = readFileSync(output, 'utf8');
      const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
      let passed = 0;
      let failed = 0;
      for (const testCase of cases) {
        if (/<(failure|error)\b/.test(testCase)) failed++;
        else if (!/<skipped\b/.test(testCase)) passed++;
      }
      if (status !== 0 && failed === 0) failed = 1;
      return {passed, failed};
    },
  };
}

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tasks = [
  check('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']),
  check('eslint', bin('eslint'), ['.']),
  check('prettier', bin('prettier'), ['--check', '.']),
  // The committed API reference (docs/api) is what the TSDoc of the public entries gives now.
  check('docs-api', process.execPath, ['scripts/docs-api.mjs', '--check']),
  vitest('core-utc', 'packages/core', {TZ: 'UTC'}),
  vitest('core-kiritimati', 'packages/core', {TZ: 'Pacific/Kiritimati'}),
  vitest('core-anchorage', 'packages/core', {TZ: 'America/Anchorage'}),
];
if (existsSync(join(root, 'packages/worker/vitest.config.ts')))
  tasks.push(vitest('worker', 'packages/worker'));
// PGlite, and a PostgreSQL server of its own (installed with apt-get when missing).
if (existsSync(join(root, 'packages/postgres/vitest.config.ts')))
  tasks.push(vitest('postgres', 'packages/postgres'));
if (packageJson.scripts?.['test:browser']) {
  tasks.push(webTestRunner('worker-chromium', 'test:browser', 'browser-junit.xml'));
}
if (packageJson.scripts?.['test:elements']) {
  tasks.push(webTestRunner('elements-chromium', 'test:elements', 'elements-junit.xml'));
}
if (packageJson.scripts?.['test:e2e']) tasks.push({...vitest('e2e', 'test/e2e'), browser: true});
if (packageJson.scripts?.['test:consumer']) {
  tasks.push({...vitest('consumer', 'test/consumer'), browser: true});
}

/**
 * The browser tests need Chromium: CHROME_PATH, or Debian's package. On a fresh Debian machine,
 * as root, it is installed with apt-get (the only browser source this network reaches).
 */
function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (process.env.CHROME_PATH !== undefined || !canInstall) {
    process.stdout.write(
      `Chromium not found at ${chromiumPath}; the browser tests will fail (set CHROME_PATH).\n`,
    );
    return;
  }
  process.stdout.write("Chromium is missing: installing Debian's chromium package with apt-get\n");
  const apt = (args) =>
    execFileSync('apt-get', args, {
      stdio: 'inherit',
      env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', 'chromium']);
}

if (tasks.some((task) => task.browser)) ensureChromium();

let passed = 0;
let failed = 0;
const rows = [];
for (const task of tasks) {
  process.stdout.write(`\n== ${task.name}\n`);
  const started = Date.now();
  const run = spawnSync(task.command, task.args, {
    cwd: root,
    stdio: 'inherit',
    env: {...process.env, ...task.env},
  });
  const status = run.status ?? 1;
  const counts = task.count(status);
  passed += counts.passed;
  failed += counts.failed;
  rows.push(
    `${task.name.padEnd(18)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed  ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
process.stdout.write(`\n${rows.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
