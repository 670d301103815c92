import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {PGlite} from '@electric-sql/pglite';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseScenarioText, runScenario} from '@invoice-run/core';
import {createPglite, pgliteDatabase} from './database.js';
import {migrate} from './migrations.js';
import {PostgresStore} from './postgres-store.js';

const scenarioDir = fileURLToPath(new URL('../../../test/scenarios/', import.meta.url));
const files = [
  ...readdirSync(scenarioDir).filter((file) => file.endsWith('.json')),
  ...(existsSync(`${scenarioDir}own`) ? readdirSync(`${scenarioDir}own`) : [])
    .filter((file) => file.endsWith('.json'))
    .map((file) => `own/${file}`),
].sort();
const TODAY = '2026-06-30';

let lite: PGlite;
let schemas = 0;

/** A store in a schema of its own of the one PGlite instance of this file. */
async function freshStore(): Promise<PostgresStore> {
  const db = await pgliteDatabase(lite, `test_${++schemas}`);
  await migrate(db);
  return new PostgresStore(db);
}

beforeAll(async () => {
  lite = await createPglite();
});

afterAll(async () => {
  await lite?.close();
});

describe('PostgresStore runs the scenario suite like the in-memory store', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });
  for (const file of files) {
    it(file, async () => {
      const scenario = parseScenarioText(readFileSync(scenarioDir + file, 'utf8'));
      const expected = await runScenario(scenario, {today: TODAY});
      const actual = await runScenario(scenario, {today: TODAY, store: await freshStore()});
      // The same text: records are kept as json, which keeps their keys' order.
      expect(JSON.stringify(actual, null, 2)).toBe(JSON.stringify(expected, null, 2));
    });
  }
});
