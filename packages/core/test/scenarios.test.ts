// Every scenario file of the repository (the public conformance set copied from shared/, and our
// own edge cases under own/) runs as a test and must match its expect blocks.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {checkScenario, formatMismatch, parseScenarioText, runScenario} from '../src/index.js';

const scenarioRoot = join(import.meta.dirname, '../../../test/scenarios');

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarioFiles(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

const files = scenarioFiles(scenarioRoot);

describe('conformance scenarios', () => {
  it('finds the public scenarios', () => {
    expect(
      files.filter((file) => /[/\\]0\d-[^/\\]+\.json$/.test(file)).length,
    ).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    it(file.slice(scenarioRoot.length + 1), async () => {
      const scenario = parseScenarioText(readFileSync(file, 'utf8'));
      const result = await runScenario(scenario, {today: '2026-11-26'});
      const mismatches = checkScenario(scenario.steps, result.steps).map(formatMismatch);
      expect(mismatches).toEqual([]);
      expect(scenario.steps.some((step) => step.expect !== undefined)).toBe(true);
    });
  }
});
