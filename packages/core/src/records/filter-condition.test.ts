import {describe, it, expect} from 'vitest';
import fc from 'fast-check';
import {z} from 'zod';
import {
  COMPARISON_OPERATORS,
  compileCondition,
  conditionFaults,
  conditionSchema,
  evaluateCondition,
  readPath,
  type ComparisonOperator,
  type Condition,
} from './filter-condition.js';

/** Whether `{field: "v", op, value}` matches a record whose `v` is `actual` (absent: missing). */
function test(actual: unknown, op: ComparisonOperator, value?: unknown): boolean {
  const condition = {field: 'v', op, value} as Condition;
  return evaluateCondition(condition, actual === undefined ? {} : {v: actual});
}

/** The issues of a failed parse, as `[path, message]` pairs. */
function issuesOf(value: unknown): [PropertyKey[], string][] {
  const result = conditionSchema.safeParse(value);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => [issue.path, issue.message]);
}

/** The one issue of a failed parse. */
function issueOf(value: unknown): {path: PropertyKey[]; message: string} {
  const issues = issuesOf(value);
  expect(issues).toHaveLength(1);
  const [[path, message] = [[], '']] = issues;
  return {path, message};
}

const OPERATOR_LIST = 'eq, ne, lt, le, gt, ge, in, notIn, contains, startsWith, isNull, isNotNull';

describe('readPath', () => {
  const subject = {
    status: 'active',
    count: 0,
    flag: false,
    empty: null,
    undef: undefined,
    tags: ['a', 'b'],
    fields: {region: 'EU'},
    account: {name: 'ACME', fields: {segment: 'enterprise'}},
  };

  it('reads top-level and nested properties', () => {
    expect(readPath(subject, 'status')).toBe('active');
    expect(readPath(subject, 'count')).toBe(0);
    expect(readPath(subject, 'flag')).toBe(false);
    expect(readPath(subject, 'fields.region')).toBe('EU');
    expect(readPath(subject, 'account.fields.segment')).toBe('enterprise');
    expect(readPath(subject, 'fields')).toEqual({region: 'EU'});
  });

  it('gives null, never undefined, for anything missing', () => {
    expect(readPath(subject, 'empty')).toBeNull();
    expect(readPath(subject, 'undef')).toBeNull();
    expect(readPath(subject, 'nope')).toBeNull();
    expect(readPath(subject, 'fields.nope')).toBeNull();
    expect(readPath(subject, 'nope.deeper.still')).toBeNull();
    expect(readPath(subject, 'empty.x')).toBeNull();
    expect(readPath(subject, 'status.length')).toBeNull();
    expect(readPath(subject, 'count.x')).toBeNull();
    expect(readPath(null, 'status')).toBeNull();
    expect(readPath(undefined, 'status')).toBeNull();
    expect(readPath('text', 'length')).toBeNull();
  });

  it('reads only own properties of objects, not of arrays or prototypes', () => {
    expect(readPath(subject, 'tags')).toEqual(['a', 'b']);
    expect(readPath(subject, 'tags.0')).toBeNull();
    expect(readPath(subject, 'tags.length')).toBeNull();
    expect(readPath(subject, 'constructor')).toBeNull();
    expect(readPath(subject, 'toString')).toBeNull();
    expect(readPath(subject, '__proto__')).toBeNull();
    expect(readPath(subject, 'fields.hasOwnProperty')).toBeNull();
  });
});

describe('eq and ne', () => {
  it('match equal values of each JSON type', () => {
    expect(test('active', 'eq', 'active')).toBe(true);
    expect(test(5, 'eq', 5)).toBe(true);
    expect(test(0, 'eq', 0)).toBe(true);
    expect(test(true, 'eq', true)).toBe(true);
    expect(test(false, 'eq', false)).toBe(true);
    expect(test(null, 'eq', null)).toBe(true);
    expect(test('active', 'ne', 'active')).toBe(false);
    expect(test(5, 'ne', 5)).toBe(false);
  });

  it('do not match different values', () => {
    expect(test('active', 'eq', 'inactive')).toBe(false);
    expect(test('active', 'eq', 'Active')).toBe(false);
    expect(test(5, 'eq', 6)).toBe(false);
    expect(test(true, 'eq', false)).toBe(false);
    expect(test('active', 'ne', 'inactive')).toBe(true);
    expect(test(5, 'ne', 6)).toBe(true);
  });

  it('are strict: a number is not its string, nor its decimal spelling', () => {
    expect(test(5, 'eq', '5')).toBe(false);
    expect(test('5', 'eq', 5)).toBe(false);
    expect(test('0.10', 'eq', '0.1')).toBe(false);
    expect(test(1, 'eq', true)).toBe(false);
    expect(test(0, 'eq', false)).toBe(false);
    expect(test(5, 'ne', '5')).toBe(true);
    expect(test('5', 'ne', 5)).toBe(true);
  });

  it('treat a missing field as null, and null equals only null', () => {
    expect(test(undefined, 'eq', null)).toBe(true);
    expect(test(null, 'eq', null)).toBe(true);
    expect(test(undefined, 'ne', null)).toBe(false);
    for (const other of [0, '', false, 'null', [], {}]) {
      expect(test(other, 'eq', null)).toBe(false);
      expect(test(other, 'ne', null)).toBe(true);
      expect(test(null, 'eq', other)).toBe(false);
      expect(test(undefined, 'eq', other)).toBe(false);
      expect(test(undefined, 'ne', other)).toBe(true);
    }
  });

  it('compare arrays and objects by content', () => {
    expect(test([1, 'a'], 'eq', [1, 'a'])).toBe(true);
    expect(test([1, 'a'], 'eq', ['a', 1])).toBe(false);
    expect(test([1], 'eq', [1, 1])).toBe(false);
    expect(test({a: 1, b: [null]}, 'eq', {b: [null], a: 1})).toBe(true);
    expect(test({a: 1}, 'eq', {a: '1'})).toBe(false);
    expect(test({a: 1}, 'eq', {a: 1, b: 2})).toBe(false);
    expect(test({a: 1, b: 2}, 'eq', {a: 1, c: 2})).toBe(false);
    expect(test({}, 'eq', [])).toBe(false);
    expect(test('x', 'eq', ['x'])).toBe(false);
    expect(test({a: 1}, 'ne', {a: 2})).toBe(true);
  });
});

describe('in and notIn', () => {
  it('match when the field strictly equals an element', () => {
    expect(test('EU', 'in', ['US', 'EU'])).toBe(true);
    expect(test(2, 'in', [1, 2, 3])).toBe(true);
    expect(test(false, 'in', [false])).toBe(true);
    expect(test('APAC', 'in', ['US', 'EU'])).toBe(false);
    expect(test('EU', 'notIn', ['US', 'EU'])).toBe(false);
    expect(test('APAC', 'notIn', ['US', 'EU'])).toBe(true);
  });

  it('are strict about types', () => {
    expect(test(5, 'in', ['5'])).toBe(false);
    expect(test('5', 'in', [5])).toBe(false);
    expect(test(0, 'in', [false, '', null])).toBe(false);
    expect(test(5, 'notIn', ['5'])).toBe(true);
  });

  it('match a missing field only through a null element', () => {
    expect(test(undefined, 'in', ['EU'])).toBe(false);
    expect(test(undefined, 'in', ['EU', null])).toBe(true);
    expect(test(null, 'in', [null])).toBe(true);
    expect(test(undefined, 'notIn', ['EU'])).toBe(true);
    expect(test(undefined, 'notIn', [null])).toBe(false);
  });

  it('with an empty list match nothing and everything', () => {
    expect(test('EU', 'in', [])).toBe(false);
    expect(test(undefined, 'in', [])).toBe(false);
    expect(test('EU', 'notIn', [])).toBe(true);
  });

  it('compare structured elements by content', () => {
    expect(test([1, 2], 'in', ['x', [1, 2]])).toBe(true);
    expect(test({a: 1}, 'in', [{a: 1}])).toBe(true);
    expect(test([1, 2], 'in', [[2, 1]])).toBe(false);
    expect(test('x', 'in', [['x'], 'x'])).toBe(true);
    expect(test([1, 2], 'notIn', [[1, 2]])).toBe(false);
  });
});

describe('lt, le, gt and ge', () => {
  /** The four results for `actual <op> value`, as a compact string: "lt le gt ge" true/false. */
  function order(actual: unknown, value: unknown): string {
    return (['lt', 'le', 'gt', 'ge'] as const)
      .map((op) => (test(actual, op, value) ? op : '-'))
      .join(' ');
  }
  const LESS = 'lt le - -';
  const EQUAL = '- le - ge';
  const GREATER = '- - gt ge';
  const NONE = '- - - -';

  it('compare numbers', () => {
    expect(order(1, 2)).toBe(LESS);
    expect(order(2, 2)).toBe(EQUAL);
    expect(order(3, 2)).toBe(GREATER);
    expect(order(-1.5, -1.25)).toBe(LESS);
    expect(order(0, -0)).toBe(EQUAL);
  });

  it('compare decimal strings as numbers, not as text', () => {
    expect(order('10', '9')).toBe(GREATER);
    expect(order('9', '10')).toBe(LESS);
    expect(order('-1.5', '-1.25')).toBe(LESS);
    expect(order('-10', '-9')).toBe(LESS);
    expect(order('-1', '1')).toBe(LESS);
    expect(order('0.10', '0.1')).toBe(EQUAL);
    expect(order('007', '7')).toBe(EQUAL);
    expect(order('-0', '0')).toBe(EQUAL);
    expect(order('-0.000', '0.0')).toBe(EQUAL);
    expect(order('1.05', '1.5')).toBe(LESS);
    expect(order('0.5', '0.49999')).toBe(GREATER);
    expect(order('2', '1.99999999')).toBe(GREATER);
  });

  it('compare decimals exactly, beyond the precision of a double', () => {
    expect(order('12345678901234567.5', '12345678901234567')).toBe(GREATER);
    expect(order('9007199254740993', '9007199254740992')).toBe(GREATER);
    expect(order('0.30000000000000000001', '0.3')).toBe(GREATER);
    expect(order('-0.30000000000000000001', '-0.3')).toBe(LESS);
    expect(order('123456789012345678901234567890', '123456789012345678901234567891')).toBe(LESS);
  });

  it('compare a number with a decimal string at its shortest decimal spelling', () => {
    expect(order(5, '10')).toBe(LESS);
    expect(order('10', 5)).toBe(GREATER);
    expect(order(0.1, '0.1')).toBe(EQUAL);
    expect(order('0.1', 0.1)).toBe(EQUAL);
    expect(order(0.1 + 0.2, '0.3')).toBe(GREATER);
    expect(order(19.99, '19.990')).toBe(EQUAL);
    expect(order(-2.5, '-2.49')).toBe(LESS);
    expect(order(1e-7, '0.0000001')).toBe(EQUAL);
    expect(order(1.5e-7, '0.00000015')).toBe(EQUAL);
    expect(order(-1e-7, '0')).toBe(LESS);
    expect(order(1e21, '1000000000000000000000')).toBe(EQUAL);
    expect(order(1e21, '999999999999999999999.9')).toBe(GREATER);
    expect(order(1.5e300, '1' + '0'.repeat(300))).toBe(GREATER);
    expect(order(2 ** 53 + 1, '9007199254740992')).toBe(EQUAL); // 2 ** 53 + 1 is no double
  });

  it('compare other strings by UTF-16 code units, so ISO dates compare as dates', () => {
    expect(order('2024-01-31', '2024-02-01')).toBe(LESS);
    expect(order('2024-02-01', '2024-02-01')).toBe(EQUAL);
    expect(order('2025-01-01', '2024-12-31')).toBe(GREATER);
    expect(order('b', 'a')).toBe(GREATER);
    expect(order('B', 'a')).toBe(LESS);
    expect(order('abc', 'abcd')).toBe(LESS);
    expect(order('', 'a')).toBe(LESS);
    // Only when both are plain decimals do strings compare as numbers.
    expect(order('10', '9a')).toBe(LESS);
    expect(order('1e3', '999')).toBe(LESS);
    expect(order('+5', '4')).toBe(LESS);
  });

  it('are false for mixed types, null, booleans and missing fields', () => {
    expect(order(5, 'abc')).toBe(NONE);
    expect(order('abc', 5)).toBe(NONE);
    expect(order(1000, '1e3')).toBe(NONE);
    expect(order('1e3', 1000)).toBe(NONE);
    expect(order(5, ' 5')).toBe(NONE);
    expect(order(5, '+5')).toBe(NONE);
    expect(order(5, '5.')).toBe(NONE);
    expect(order(5, '.5')).toBe(NONE);
    expect(order('2024-01-01', 2024)).toBe(NONE);
    expect(order(null, 0)).toBe(NONE);
    expect(order(0, null)).toBe(NONE);
    expect(order(null, null)).toBe(NONE);
    expect(order(undefined, 0)).toBe(NONE);
    expect(order(undefined, '')).toBe(NONE);
    expect(order(true, false)).toBe(NONE);
    expect(order(true, true)).toBe(NONE);
    expect(order(1, true)).toBe(NONE);
    expect(order(false, 0)).toBe(NONE);
    expect(order([1], [2])).toBe(NONE);
    expect(order({a: 1}, {a: 1})).toBe(NONE);
    expect(order([1], 0)).toBe(NONE);
  });

  it('agree with exact rational order on random decimals', () => {
    /** A decimal as digits and a scale: `-1234, 2` is -12.34, spelled with optional padding. */
    const decimal = fc
      .record({
        units: fc.bigInt({min: -(10n ** 25n), max: 10n ** 25n}),
        scale: fc.integer({min: 0, max: 12}),
        leadingZeros: fc.integer({min: 0, max: 2}),
        trailingZeros: fc.integer({min: 0, max: 2}),
      })
      .map(({units, scale, leadingZeros, trailingZeros}) => {
        const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
        const whole = '0'.repeat(leadingZeros) + digits.slice(0, digits.length - scale);
        const fraction = digits.slice(digits.length - scale) + '0'.repeat(trailingZeros);
        const text = `${units < 0n ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
        return {text, units, scale};
      });
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const scale = Math.max(a.scale, b.scale);
        const x = a.units * 10n ** BigInt(scale - a.scale);
        const y = b.units * 10n ** BigInt(scale - b.scale);
        const expected = x < y ? LESS : x > y ? GREATER : EQUAL;
        expect(order(a.text, b.text)).toBe(expected);
      }),
    );
  });

  it('agree with double order for numbers against decimal strings', () => {
    const number = fc.oneof(
      fc.double({noNaN: true, noDefaultInfinity: true}),
      fc
        .tuple(fc.integer({min: -1e9, max: 1e9}), fc.integer({min: 0, max: 12}))
        .map(([units, scale]) => units / 10 ** scale),
    );
    fc.assert(
      fc.property(number, number, (a, b) => {
        const expected = a < b ? LESS : a > b ? GREATER : EQUAL;
        expect(order(a, b)).toBe(expected);
        // String() spells a number at its shortest decimal, with an exponent only when extreme.
        if (!String(b).includes('e')) expect(order(a, String(b))).toBe(expected);
        if (!String(a).includes('e')) {
          expect(order(String(a), b)).toBe(expected);
          expect(order(a, String(a))).toBe(EQUAL);
        }
      }),
    );
  });
});

describe('contains and startsWith', () => {
  it('test substrings and prefixes, case-sensitively', () => {
    expect(test('Premium Support', 'contains', 'Support')).toBe(true);
    expect(test('Premium Support', 'contains', 'support')).toBe(false);
    expect(test('Premium Support', 'contains', 'Gold')).toBe(false);
    expect(test('Premium Support', 'startsWith', 'Prem')).toBe(true);
    expect(test('Premium Support', 'startsWith', 'prem')).toBe(false);
    expect(test('Premium Support', 'startsWith', 'Support')).toBe(false);
    expect(test('abc', 'contains', '')).toBe(true);
    expect(test('abc', 'startsWith', '')).toBe(true);
    expect(test('', 'contains', 'a')).toBe(false);
  });

  it('are false unless both sides are strings', () => {
    expect(test(12345, 'contains', '23')).toBe(false);
    expect(test(12345, 'startsWith', '12')).toBe(false);
    expect(test('12345', 'contains', 23)).toBe(false);
    expect(test('12345', 'startsWith', 12)).toBe(false);
    expect(test(['a', 'b'], 'contains', 'a')).toBe(false);
    expect(test(null, 'contains', 'null')).toBe(false);
    expect(test(undefined, 'startsWith', '')).toBe(false);
    expect(test('null', 'contains', null)).toBe(false);
    expect(test(true, 'contains', 'true')).toBe(false);
  });
});

describe('isNull and isNotNull', () => {
  it('test for null or a missing field', () => {
    expect(test(null, 'isNull')).toBe(true);
    expect(test(undefined, 'isNull')).toBe(true);
    expect(evaluateCondition({field: 'a.b.c', op: 'isNull'}, {a: 'text'})).toBe(true);
    for (const value of [0, '', false, [], {}, 'x']) {
      expect(test(value, 'isNull')).toBe(false);
      expect(test(value, 'isNotNull')).toBe(true);
    }
    expect(test(null, 'isNotNull')).toBe(false);
    expect(test(undefined, 'isNotNull')).toBe(false);
  });

  it('ignore a given value', () => {
    expect(test(null, 'isNull', 'anything')).toBe(true);
    expect(test('x', 'isNull', null)).toBe(false);
    expect(test('x', 'isNotNull', 'y')).toBe(true);
  });
});

describe('all, any and not', () => {
  const active = {field: 'status', op: 'eq', value: 'active'} as const;
  const eu = {field: 'fields.region', op: 'eq', value: 'EU'} as const;
  const records = [
    {id: 1, status: 'active', fields: {region: 'EU'}},
    {id: 2, status: 'active', fields: {region: 'US'}},
    {id: 3, status: 'inactive', fields: {region: 'EU'}},
    {id: 4, status: 'inactive'},
  ];
  function ids(condition: Condition): number[] {
    const matches = compileCondition(condition);
    return records.filter(matches).map((record) => record.id);
  }

  it('combine conditions', () => {
    expect(ids({all: [active, eu]})).toEqual([1]);
    expect(ids({any: [active, eu]})).toEqual([1, 2, 3]);
    expect(ids({not: active})).toEqual([3, 4]);
    expect(ids({not: {not: active}})).toEqual([1, 2]);
    expect(ids({all: [active]})).toEqual([1, 2]);
    expect(ids({any: [eu]})).toEqual([1, 3]);
  });

  it('nest', () => {
    expect(ids({any: [{all: [active, eu]}, {not: {any: [active, eu]}}]})).toEqual([1, 4]);
    expect(ids({all: [{not: active}, {any: [eu, {field: 'fields', op: 'isNull'}]}]})).toEqual([
      3, 4,
    ]);
    expect(ids({all: [{all: [{all: [active]}]}, {not: {all: []}}]})).toEqual([]);
  });

  it('with no conditions: all matches everything, any nothing', () => {
    expect(ids({all: []})).toEqual([1, 2, 3, 4]);
    expect(ids({any: []})).toEqual([]);
    expect(ids({not: {any: []}})).toEqual([1, 2, 3, 4]);
    expect(evaluateCondition({all: []}, null)).toBe(true);
    expect(evaluateCondition({any: []}, null)).toBe(false);
  });

  it('reach the account attached to a subscription', () => {
    const subscription = {
      number: 'S-1',
      status: 'active',
      account: {name: 'ACME GmbH', fields: {segment: 'enterprise'}},
    };
    const condition: Condition = {
      all: [
        {field: 'account.fields.segment', op: 'in', value: ['enterprise', 'mid-market']},
        {field: 'account.name', op: 'startsWith', value: 'ACME'},
        {field: 'number', op: 'eq', value: 'S-1'},
      ],
    };
    expect(evaluateCondition(condition, subscription)).toBe(true);
    expect(evaluateCondition(condition, {...subscription, account: {name: 'ACME'}})).toBe(false);
    expect(evaluateCondition(condition, {number: 'S-1'})).toBe(false);
    expect(
      evaluateCondition({field: 'account.fields.segment', op: 'isNull'}, {number: 'S-1'}),
    ).toBe(true);
  });

  it('compile once and stay correct over many subjects', () => {
    const matches = compileCondition({
      all: [
        {field: 'fields.amount', op: 'ge', value: '100.50'},
        {field: 'date', op: 'lt', value: '2024-07-01'},
      ],
    });
    let count = 0;
    for (let index = 0; index < 10_000; index++) {
      const amount = (index / 10).toFixed(2);
      const date = `2024-${String((index % 12) + 1).padStart(2, '0')}-15`;
      if (matches({fields: {amount}, date})) count++;
    }
    // Amounts 100.50 and up are indices 1005..9999; half of every twelve months is before July.
    const expected = Array.from({length: 10_000}, (_, index) => index).filter(
      (index) => index >= 1005 && index % 12 < 6,
    ).length;
    expect(count).toBe(expected);
  });
});

describe('conditionSchema', () => {
  it('accepts valid conditions and returns them unchanged', () => {
    const conditions: unknown[] = [
      {all: []},
      {any: []},
      {not: {all: []}},
      {field: 'status', op: 'eq', value: 'active'},
      {field: 'fields.region', op: 'in', value: ['EU', null, 1, true]},
      {field: 'x', op: 'eq', value: {nested: [1, {deep: null}]}},
      {field: 'x', op: 'isNull'},
      {field: 'x', op: 'isNotNull', value: 'ignored'},
      {
        any: [
          {
            all: [
              {field: 'a', op: 'lt', value: 1},
              {not: {field: 'b', op: 'contains', value: 'x'}},
            ],
          },
          {field: 'account.fields.segment', op: 'notIn', value: []},
        ],
      },
      ...COMPARISON_OPERATORS.map((op) => ({
        field: 'x',
        op,
        value: op === 'in' || op === 'notIn' ? [] : 1,
      })),
    ];
    for (const condition of conditions) {
      expect(conditionFaults(condition)).toEqual([]);
      expect(conditionSchema.parse(condition)).toBe(condition);
    }
  });

  it('reports an unknown operator at its exact path, with the known ones', () => {
    expect(issueOf({all: [{field: 'x', op: 'bogus', value: 1}]})).toEqual({
      path: ['all', 0, 'op'],
      message: `unknown operator "bogus"; expected one of ${OPERATOR_LIST}`,
    });
    expect(issueOf({field: 'x', op: 'NOTIN', value: []}).message).toBe(
      `unknown operator "NOTIN" (did you mean "notIn"?); expected one of ${OPERATOR_LIST}`,
    );
    expect(issueOf({field: 'x', op: 5, value: 1})).toEqual({
      path: ['op'],
      message: `"op" must be one of ${OPERATOR_LIST}; got a number`,
    });
  });

  it('keeps the paths when nested in another schema', () => {
    const filter = z.object({id: z.string(), condition: conditionSchema});
    const result = filter.safeParse({
      id: 'f1',
      condition: {all: [{field: 'x', op: 'bogus', value: 1}]},
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['condition', 'all', 0, 'op'],
    ]);
    const list = z.array(filter).safeParse([{id: 'f1', condition: {any: [{all: 'x'}]}}]);
    expect(list.error?.issues.map((issue) => issue.path)).toEqual([
      [0, 'condition', 'any', 0, 'all'],
    ]);
    const missing = filter.safeParse({id: 'f1'});
    expect(missing.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['condition'], 'expected a condition object, got nothing'],
    ]);
    const valid = filter.parse({id: 'f1', condition: {field: 'x', op: 'isNull'}});
    const condition: Condition = valid.condition;
    expect(condition).toEqual({field: 'x', op: 'isNull'});
  });

  it('leaves a parent schema representable as JSON Schema', () => {
    const schema = z.toJSONSchema(z.object({condition: conditionSchema}));
    expect(schema.properties?.condition).toMatchObject({description: expect.any(String)});
  });

  it('reports a value that is not an object', () => {
    expect(issueOf('status = active')).toEqual({
      path: [],
      message: 'expected a condition object, got a string',
    });
    expect(issueOf(null).message).toBe('expected a condition object, got null');
    expect(issueOf([]).message).toBe('expected a condition object, got an array');
    expect(issueOf({not: 5})).toEqual({
      path: ['not'],
      message: 'expected a condition object, got a number',
    });
    expect(issueOf({any: [{all: []}, true]})).toEqual({
      path: ['any', 1],
      message: 'expected a condition object, got a boolean',
    });
    // eslint-disable-next-line no-sparse-arrays
    expect(issueOf({all: [{all: []}, , {all: []}]})).toEqual({
      path: ['all', 1],
      message: 'expected a condition object, got nothing',
    });
  });

  it('reports an object with none or several of all, any, not and field', () => {
    const expected = 'a condition has exactly one of the keys "all", "any", "not" or "field"';
    expect(issueOf({})).toEqual({path: [], message: `${expected}; found an empty object`});
    expect(issueOf({op: 'eq', value: 1})).toEqual({
      path: [],
      message: `${expected}; found only "op" and "value"`,
    });
    expect(issueOf({all: [], any: []})).toEqual({
      path: [],
      message: `${expected}; found "all" and "any"`,
    });
    expect(issueOf({not: {all: []}, field: 'x', op: 'isNull'})).toEqual({
      path: [],
      message: `${expected}; found "not" and "field"`,
    });
    expect(issueOf({all: [{any: [{Field: 'x', op: 'isNull'}]}]})).toEqual({
      path: ['all', 0, 'any', 0],
      message: `${expected}; found only "Field" and "op"`,
    });
  });

  it('reports all or any that is not an array', () => {
    expect(issueOf({all: {field: 'x', op: 'isNull'}})).toEqual({
      path: ['all'],
      message: '"all" must be an array of conditions, got an object',
    });
    expect(issueOf({not: {any: 'x'}})).toEqual({
      path: ['not', 'any'],
      message: '"any" must be an array of conditions, got a string',
    });
    expect(issueOf({any: null}).path).toEqual(['any']);
  });

  it('reports a field that is not a non-empty string', () => {
    expect(issueOf({field: '', op: 'isNull'})).toEqual({
      path: ['field'],
      message:
        '"field" must be a non-empty path such as "status" or "fields.region", got an empty string',
    });
    expect(issueOf({any: [{field: 5, op: 'eq', value: 5}]})).toEqual({
      path: ['any', 0, 'field'],
      message: '"field" must be a non-empty path such as "status" or "fields.region", got a number',
    });
    expect(issueOf({field: null, op: 'isNull'}).path).toEqual(['field']);
  });

  it('reports a missing operator', () => {
    expect(issueOf({field: 'x', value: 1})).toEqual({
      path: ['op'],
      message: `missing "op"; expected one of ${OPERATOR_LIST}`,
    });
  });

  it('reports a missing value for every operator that needs one', () => {
    const needing = COMPARISON_OPERATORS.filter((op) => op !== 'isNull' && op !== 'isNotNull');
    expect(needing).toHaveLength(10);
    for (const op of needing) {
      expect(issueOf({not: {field: 'x', op}})).toEqual({
        path: ['not', 'value'],
        message: `operator "${op}" needs a "value"`,
      });
      expect(issueOf({field: 'x', op, value: undefined}).path).toEqual(['value']);
    }
    expect(conditionFaults({field: 'x', op: 'isNull'})).toEqual([]);
    expect(conditionFaults({field: 'x', op: 'isNotNull'})).toEqual([]);
  });

  it('reports in and notIn with a value that is not an array', () => {
    expect(issueOf({field: 'x', op: 'in', value: 'EU'})).toEqual({
      path: ['value'],
      message: 'operator "in" needs an array "value", got a string',
    });
    expect(issueOf({all: [{field: 'x', op: 'notIn', value: null}]})).toEqual({
      path: ['all', 0, 'value'],
      message: 'operator "notIn" needs an array "value", got null',
    });
  });

  it('reports a value that is not JSON at its own path', () => {
    expect(issueOf({field: 'x', op: 'eq', value: Number.NaN})).toEqual({
      path: ['value'],
      message: 'expected a JSON value, got the number NaN',
    });
    expect(issueOf({field: 'x', op: 'in', value: ['a', undefined]})).toEqual({
      path: ['value', 1],
      message:
        'expected a JSON value (string, number, boolean, null, array or plain object), got nothing',
    });
    expect(issueOf({field: 'x', op: 'eq', value: {at: new Date(0)}})).toEqual({
      path: ['value', 'at'],
      message:
        'expected a JSON value (string, number, boolean, null, array or plain object), got a Date',
    });
  });

  it('reports unexpected keys in a comparison or a combinator', () => {
    expect(issueOf({field: 'x', op: 'eq', value: 1, values: [1]})).toEqual({
      path: ['values'],
      message: 'unexpected key "values"; a comparison has only "field", "op" and "value"',
    });
    expect(issueOf({all: [], op: 'eq'})).toEqual({
      path: ['op'],
      message: 'unexpected key "op"; a condition with "all" has no other key',
    });
    expect(issueOf({any: [{not: {all: []}, comment: 'x'}]})).toEqual({
      path: ['any', 0, 'comment'],
      message: 'unexpected key "comment"; a condition with "not" has no other key',
    });
  });

  it('reports every fault, each at its own path', () => {
    expect(
      issuesOf({
        all: [
          {field: '', op: 'eq', value: 1, extra: true},
          {any: 'x'},
          {field: 'ok', op: 'in', value: 'x'},
          {not: {field: 'y', op: 'bogus'}},
        ],
      }).map(([path]) => path),
    ).toEqual([
      ['all', 0, 'extra'],
      ['all', 0, 'field'],
      ['all', 1, 'any'],
      ['all', 2, 'value'],
      ['all', 3, 'not', 'op'],
    ]);
  });

  it('exposes the faults with a base path', () => {
    expect(conditionFaults({any: [{field: 'x', op: 'lt'}]}, ['filters', 2, 'condition'])).toEqual([
      {
        path: ['filters', 2, 'condition', 'any', 0, 'value'],
        message: 'operator "lt" needs a "value"',
      },
    ]);
  });
});

describe('field paths', () => {
  it.each(['__proto__', 'fields.__proto__', 'fields.constructor', 'account.prototype.x'])(
    'refuse %s, which names JavaScript’s object machinery',
    (field) => {
      expect(issueOf({field, op: 'eq', value: 1})).toEqual({
        path: ['field'],
        message: expect.stringContaining('object machinery'),
      });
    },
  );
});
