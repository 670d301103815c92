/**
 * The partial comparison of scenarios.md "Expect blocks": every key written in `expect` must be
 * present and equal; keys left out are not compared; a list must have the expected length and each
 * element is compared the same partial way.
 */

export interface Mismatch {
  readonly step: number;
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Why they differ, when it is not just the value (a length, a missing key). */
  readonly note?: string;
}

const MISSING = Symbol('missing');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compareExpected(
  expected: unknown,
  actual: unknown,
  step: number,
  path: string,
): Mismatch[] {
  if (actual === MISSING) return [{step, path, expected, actual: undefined, note: 'missing'}];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{step, path, expected, actual, note: 'expected a list'}];
    const mismatches: Mismatch[] = [];
    if (expected.length !== actual.length) {
      const lengths = {expected: expected.length, actual: actual.length};
      mismatches.push({step, path, ...lengths, note: 'list length'});
    }
    const common = Math.min(expected.length, actual.length);
    for (let i = 0; i < common; i++) {
      mismatches.push(...compareExpected(expected[i], actual[i], step, `${path}[${i}]`));
    }
    return mismatches;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [{step, path, expected, actual, note: 'expected an object'}];
    return Object.entries(expected).flatMap(([key, value]) =>
      compareExpected(value, key in actual ? actual[key] : MISSING, step, `${path}.${key}`),
    );
  }
  return Object.is(expected, actual) ? [] : [{step, path, expected, actual}];
}

/** Compares each step's `expect` block with its output. */
export function checkScenario(
  steps: readonly {expect?: Record<string, unknown> | undefined}[],
  outputs: readonly Record<string, unknown>[],
): Mismatch[] {
  return steps.flatMap((step, index) =>
    step.expect === undefined
      ? []
      : compareExpected(step.expect, outputs[index], index, `steps[${index}]`),
  );
}

export function formatMismatch(mismatch: Mismatch): string {
  const show = (value: unknown) => (value === undefined ? '(missing)' : JSON.stringify(value));
  const note =
    mismatch.note === undefined || mismatch.note === 'missing' ? '' : ` (${mismatch.note})`;
  return `step ${mismatch.step}: ${mismatch.path}${note}: expected ${show(mismatch.expected)}, actual ${show(mismatch.actual)}`;
}
