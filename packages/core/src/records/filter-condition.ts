/**
 * Filter conditions: the small JSON language that selects subscriptions, transactions and generic
 * records for a run (`{"all": [...]}`, `{"any": [...]}`, `{"not": c}`, `{"field", "op", "value"}`).
 *
 * Validation is a plain recursive walk (`conditionFaults`) rather than a union of zod objects: a
 * union can only say that no branch matched, while a filter author needs the one fault and its
 * path (`all.0.op: unknown operator "bogus"`). `conditionSchema` wraps that walk for zod with
 * relative paths, so they nest under a parent schema's key, on `z.unknown()`, so that
 * `z.toJSONSchema` of a parent schema still works (a `z.custom` would make it throw).
 *
 * Evaluation compiles a condition once into a tree of closures with its dot paths split ahead of
 * time, since the engine runs it over 100,000+ records. Ordering compares decimals digit by digit,
 * never through binary doubles, so `0.1` equals `"0.1"` and `"12345678901234567.5"` is above
 * `"12345678901234567"` although both round to the same double.
 */
import {z} from 'zod';
import {RESERVED_KEYS} from './reserved-keys.js';

export const COMPARISON_OPERATORS = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'isNull',
  'isNotNull',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

type ListOperator = 'in' | 'notIn';
type NullOperator = 'isNull' | 'isNotNull';
type ValueOperator = Exclude<ComparisonOperator, ListOperator | NullOperator>;

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | {readonly [key: string]: JsonValue};

export type Comparison =
  | {readonly field: string; readonly op: ValueOperator; readonly value: JsonValue}
  | {readonly field: string; readonly op: ListOperator; readonly value: readonly JsonValue[]}
  /** `value` is not needed and, when given, ignored. */
  | {readonly field: string; readonly op: NullOperator; readonly value?: unknown};

export type Condition =
  | {readonly all: readonly Condition[]}
  | {readonly any: readonly Condition[]}
  | {readonly not: Condition}
  | Comparison;

// ---------------------------------------------------------------------------------------------
// Validation

export type ConditionPath = (string | number)[];

export interface ConditionFault {
  path: ConditionPath;
  message: string;
}

const SHAPE_KEYS = ['all', 'any', 'not', 'field'];
const COMPARISON_KEYS = ['field', 'op', 'value'];
const OPERATORS: ReadonlySet<string> = new Set(COMPARISON_OPERATORS);
const OPERATOR_LIST = COMPARISON_OPERATORS.join(', ');

/**
 * Every fault of a would-be condition, each at its path below `path`; none for a valid condition.
 * A fault in an object's shape stops the walk into that object, as the rest would only be noise.
 */
export function conditionFaults(value: unknown, path: ConditionPath = []): ConditionFault[] {
  const faults: ConditionFault[] = [];
  collectFaults(value, path, faults);
  return faults;
}

function collectFaults(value: unknown, path: ConditionPath, faults: ConditionFault[]): void {
  if (!isObject(value)) {
    faults.push({path, message: `expected a condition object, got ${kindOf(value)}`});
    return;
  }
  const keys = Object.keys(value);
  const shapes = keys.filter((key) => SHAPE_KEYS.includes(key));
  const [shape] = shapes;
  if (shape === undefined || shapes.length > 1) {
    const found =
      shapes.length > 1
        ? `found ${quoteList(shapes)}`
        : keys.length > 0
          ? `found only ${quoteList(keys)}`
          : 'found an empty object';
    faults.push({
      path,
      message: `a condition has exactly one of the keys "all", "any", "not" or "field"; ${found}`,
    });
    return;
  }
  if (shape === 'field') {
    comparisonFaults(value, keys, path, faults);
    return;
  }
  for (const key of keys) {
    if (key !== shape) {
      faults.push({
        path: [...path, key],
        message: `unexpected key "${key}"; a condition with "${shape}" has no other key`,
      });
    }
  }
  const inner = value[shape];
  if (shape === 'not') {
    collectFaults(inner, [...path, shape], faults);
    return;
  }
  if (!Array.isArray(inner)) {
    faults.push({
      path: [...path, shape],
      message: `"${shape}" must be an array of conditions, got ${kindOf(inner)}`,
    });
    return;
  }
  // An index loop, not forEach: a hole in a sparse array is a fault too.
  for (let index = 0; index < inner.length; index++) {
    collectFaults(inner[index], [...path, shape, index], faults);
  }
}

function comparisonFaults(
  comparison: Record<string, unknown>,
  keys: readonly string[],
  path: ConditionPath,
  faults: ConditionFault[],
): void {
  for (const key of keys) {
    if (!COMPARISON_KEYS.includes(key)) {
      faults.push({
        path: [...path, key],
        message: `unexpected key "${key}"; a comparison has only "field", "op" and "value"`,
      });
    }
  }
  const {field, op, value} = comparison;
  if (typeof field !== 'string' || field === '') {
    faults.push({
      path: [...path, 'field'],
      message: `"field" must be a non-empty path such as "status" or "fields.region", got ${
        field === '' ? 'an empty string' : kindOf(field)
      }`,
    });
  } else {
    const reserved = field.split('.').find((key) => RESERVED_KEYS.has(key));
    if (reserved !== undefined) {
      faults.push({
        path: [...path, 'field'],
        message: `"field" must not name "${reserved}": it is JavaScript's object machinery, never a field of a record`,
      });
    }
  }
  if (op === undefined) {
    faults.push({path: [...path, 'op'], message: `missing "op"; expected one of ${OPERATOR_LIST}`});
    return;
  }
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    faults.push({path: [...path, 'op'], message: unknownOperatorMessage(op)});
    return;
  }
  if (op === 'isNull' || op === 'isNotNull') return;
  if (value === undefined) {
    faults.push({path: [...path, 'value'], message: `operator "${op}" needs a "value"`});
    return;
  }
  if ((op === 'in' || op === 'notIn') && !Array.isArray(value)) {
    faults.push({
      path: [...path, 'value'],
      message: `operator "${op}" needs an array "value", got ${kindOf(value)}`,
    });
    return;
  }
  jsonFaults(value, [...path, 'value'], faults);
}

function unknownOperatorMessage(op: unknown): string {
  if (typeof op !== 'string') return `"op" must be one of ${OPERATOR_LIST}; got ${kindOf(op)}`;
  const lower = op.toLowerCase();
  const near = COMPARISON_OPERATORS.find((known) => known.toLowerCase() === lower);
  const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
  return `unknown operator ${JSON.stringify(op)}${hint}; expected one of ${OPERATOR_LIST}`;
}

/** A comparison's value must survive JSON: no `undefined`, `NaN`, dates or class instances. */
function jsonFaults(value: unknown, path: ConditionPath, faults: ConditionFault[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      faults.push({path, message: `expected a JSON value, got the number ${value}`});
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      jsonFaults(value[index], [...path, index], faults);
    }
    return;
  }
  if (isObject(value)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      for (const [key, item] of Object.entries(value)) jsonFaults(item, [...path, key], faults);
      return;
    }
  }
  faults.push({
    path,
    message: `expected a JSON value (string, number, boolean, null, array or plain object), got ${kindOf(value)}`,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'object': {
      const name: unknown = (Object.getPrototypeOf(value) as {constructor?: unknown} | null)
        ?.constructor;
      return typeof name === 'function' && name !== Object ? `a ${name.name}` : 'an object';
    }
    case 'number':
      return Number.isFinite(value) ? 'a number' : `the number ${value}`;
    default:
      return `a ${typeof value}`;
  }
}

function quoteList(items: readonly string[]): string {
  const quoted = items.map((item) => JSON.stringify(item));
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
    : quoted.join('');
}

/**
 * A condition, validated by `conditionFaults` with one zod issue per fault. The assertion is what
 * the check guarantees: any value that passes is a `Condition`.
 */
export const conditionSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const {path, message} of conditionFaults(value)) {
      // A copy: a parent schema prefixes its key by mutating the issue's path in place.
      ctx.addIssue({code: 'custom', path: [...path], message});
    }
  })
  .meta({
    description:
      'A filter condition: {"all": [...]}, {"any": [...]}, {"not": condition} or {"field", "op", "value"}.',
  }) as z.ZodType<Condition>;

// ---------------------------------------------------------------------------------------------
// Reading fields

/** One step of a path: an own property of a non-array object, `null` when missing. */
function readKey(subject: unknown, key: string): unknown {
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) return null;
  if (!Object.hasOwn(subject, key)) return null;
  const value = (subject as Record<string, unknown>)[key];
  return value === undefined ? null : value;
}

/**
 * The value at a dot path (`account.fields.segment`): `null` when it is missing or runs through a
 * missing or non-object value. Only own properties count, so `constructor` or `toString` is
 * missing, as it would be in the record's JSON.
 */
export function readPath(subject: unknown, path: string): unknown {
  let current = subject;
  for (const key of path.split('.')) {
    current = readKey(current, key);
    if (current === null) return null;
  }
  return current;
}

type Reader = (subject: unknown) => unknown;

function compilePath(path: string): Reader {
  const keys = path.split('.');
  const [first] = keys;
  if (keys.length === 1 && first !== undefined) return (subject) => readKey(subject, first);
  return (subject) => {
    let current = subject;
    for (const key of keys) {
      current = readKey(current, key);
      if (current === null) return null;
    }
    return current;
  };
}

// ---------------------------------------------------------------------------------------------
// Equality

/** Strict equality of JSON values: primitives by `===`, arrays and plain objects by content. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) {
      if (!jsonEqual(a[index], b[index])) return false;
    }
    return true;
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
}

function isStructured(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

// ---------------------------------------------------------------------------------------------
// Ordering

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const CHAR_MINUS = 45;
const CHAR_ZERO = 48;

/** A finite number at its shortest decimal spelling, without exponent: 1e-7 is `"0.0000001"`. */
function plainDecimalOf(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.charCodeAt(0) === CHAR_MINUS;
  const mantissa = text.slice(negative ? 1 : 0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + Number(text.slice(e + 1));
  const sign = negative ? '-' : '';
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Where the significant digits of a plain decimal lie: integer digits `[start, point)` without
 * leading zeros, fraction digits `(point, end)` without trailing zeros (`end === point` when there
 * are none).
 */
interface DecimalSpan {
  readonly sign: -1 | 0 | 1;
  readonly start: number;
  readonly point: number;
  readonly end: number;
}

function scanDecimal(text: string): DecimalSpan {
  const negative = text.charCodeAt(0) === CHAR_MINUS;
  let point = text.indexOf('.');
  if (point < 0) point = text.length;
  let start = negative ? 1 : 0;
  while (start < point && text.charCodeAt(start) === CHAR_ZERO) start++;
  let end = text.length;
  while (end > point + 1 && text.charCodeAt(end - 1) === CHAR_ZERO) end--;
  if (end === point + 1) end = point;
  const sign = start === point && end === point ? 0 : negative ? -1 : 1;
  return {sign, start, point, end};
}

/** Compares two plain decimals (`^-?\d+(\.\d+)?$`) exactly: -1, 0 or 1. */
function compareDecimals(a: string, b: string): number {
  const x = scanDecimal(a);
  const y = scanDecimal(b);
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1;
  if (x.sign === 0) return 0;
  const wholeDigits = x.point - x.start;
  if (wholeDigits !== y.point - y.start) return wholeDigits < y.point - y.start ? -x.sign : x.sign;
  for (let index = 0; index < wholeDigits; index++) {
    const difference = a.charCodeAt(x.start + index) - b.charCodeAt(y.start + index);
    if (difference !== 0) return difference < 0 ? -x.sign : x.sign;
  }
  const xFraction = x.end === x.point ? 0 : x.end - x.point - 1;
  const yFraction = y.end === y.point ? 0 : y.end - y.point - 1;
  const common = Math.min(xFraction, yFraction);
  for (let index = 1; index <= common; index++) {
    const difference = a.charCodeAt(x.point + index) - b.charCodeAt(y.point + index);
    if (difference !== 0) return difference < 0 ? -x.sign : x.sign;
  }
  // The longer fraction ends in a non-zero digit, so it is the larger magnitude.
  if (xFraction === yFraction) return 0;
  return xFraction < yFraction ? -x.sign : x.sign;
}

/** The constant side of `lt`/`le`/`gt`/`ge`, classified once at compile time. */
interface Bound {
  readonly value: string | number;
  /** Its plain decimal spelling when it is a finite number or a plain decimal string. */
  readonly decimal: string | undefined;
}

function boundOf(value: unknown): Bound | undefined {
  if (typeof value === 'number') {
    return {value, decimal: Number.isFinite(value) ? plainDecimalOf(value) : undefined};
  }
  if (typeof value === 'string') {
    return {value, decimal: PLAIN_DECIMAL.test(value) ? value : undefined};
  }
  return undefined;
}

/** -1, 0 or 1; `NaN` when the two do not compare, which every ordering test rejects. */
function compareToBound(actual: unknown, bound: Bound): number {
  if (typeof actual === 'number') {
    const other = bound.value;
    if (typeof other === 'number') {
      // Distinct doubles have distinct shortest decimals, in the same order.
      return actual < other ? -1 : actual > other ? 1 : actual === other ? 0 : NaN;
    }
    if (bound.decimal === undefined || Number.isNaN(actual)) return NaN;
    if (!Number.isFinite(actual)) return actual > 0 ? 1 : -1;
    return compareDecimals(plainDecimalOf(actual), bound.decimal);
  }
  if (typeof actual === 'string') {
    if (bound.decimal !== undefined && PLAIN_DECIMAL.test(actual)) {
      return compareDecimals(actual, bound.decimal);
    }
    const other = bound.value;
    if (typeof other === 'string') return actual < other ? -1 : actual > other ? 1 : 0;
  }
  return NaN;
}

// ---------------------------------------------------------------------------------------------
// Compiling

export type ConditionPredicate = (subject: unknown) => boolean;

const always: ConditionPredicate = () => true;
const never: ConditionPredicate = () => false;

/**
 * Whether a compiled predicate is the one of `{"all": []}`, which matches every subject: a caller
 * can then skip building subjects for it.
 */
export function matchesEverything(predicate: ConditionPredicate): boolean {
  return predicate === always;
}

function negate(predicate: ConditionPredicate): ConditionPredicate {
  return (subject) => !predicate(subject);
}

/**
 * A predicate for a valid condition (see `conditionSchema`), to run over many subjects: paths are
 * split and constants classified once, and a call allocates nothing in the common cases.
 */
export function compileCondition(condition: Condition): ConditionPredicate {
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    const [only] = parts;
    if (only === undefined) return always;
    if (parts.length === 1) return only;
    return (subject) => {
      for (const part of parts) if (!part(subject)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    const [only] = parts;
    if (only === undefined) return never;
    if (parts.length === 1) return only;
    return (subject) => {
      for (const part of parts) if (part(subject)) return true;
      return false;
    };
  }
  if ('not' in condition) return negate(compileCondition(condition.not));
  return compileComparison(condition);
}

function compileComparison(comparison: Comparison): ConditionPredicate {
  const read = compilePath(comparison.field);
  switch (comparison.op) {
    case 'eq':
      return equalTo(read, comparison.value);
    case 'ne':
      return negate(equalTo(read, comparison.value));
    case 'in':
      return memberOf(read, comparison.value);
    case 'notIn':
      return negate(memberOf(read, comparison.value));
    case 'lt':
      return ordered(read, comparison.value, (order) => order < 0);
    case 'le':
      return ordered(read, comparison.value, (order) => order <= 0);
    case 'gt':
      return ordered(read, comparison.value, (order) => order > 0);
    case 'ge':
      return ordered(read, comparison.value, (order) => order >= 0);
    case 'contains':
      return textTest(read, comparison.value, (text, part) => text.includes(part));
    case 'startsWith':
      return textTest(read, comparison.value, (text, part) => text.startsWith(part));
    case 'isNull':
      return (subject) => read(subject) === null;
    case 'isNotNull':
      return (subject) => read(subject) !== null;
  }
  throw new TypeError(
    `Not a valid condition: ${JSON.stringify(comparison)}; validate it with conditionSchema first`,
  );
}

function equalTo(read: Reader, expected: unknown): ConditionPredicate {
  if (isStructured(expected)) return (subject) => jsonEqual(read(subject), expected);
  return (subject) => read(subject) === expected;
}

function memberOf(read: Reader, list: readonly unknown[]): ConditionPredicate {
  const primitives = new Set<unknown>();
  const structured: unknown[] = [];
  for (const item of list) {
    if (isStructured(item)) structured.push(item);
    // A Set finds NaN, which `===` never equals.
    else if (!Number.isNaN(item)) primitives.add(item);
  }
  if (structured.length === 0) return (subject) => primitives.has(read(subject));
  return (subject) => {
    const actual = read(subject);
    if (!isStructured(actual)) return primitives.has(actual);
    for (const item of structured) if (jsonEqual(actual, item)) return true;
    return false;
  };
}

function ordered(
  read: Reader,
  expected: unknown,
  accept: (order: number) => boolean,
): ConditionPredicate {
  const bound = boundOf(expected);
  if (bound === undefined) return never;
  return (subject) => accept(compareToBound(read(subject), bound));
}

function textTest(
  read: Reader,
  expected: unknown,
  test: (text: string, part: string) => boolean,
): ConditionPredicate {
  if (typeof expected !== 'string') return never;
  return (subject) => {
    const actual = read(subject);
    return typeof actual === 'string' && test(actual, expected);
  };
}

/** Whether `subject` (a record, or a subscription with its `account` attached) matches. */
export function evaluateCondition(condition: Condition, subject: unknown): boolean {
  return compileCondition(condition)(subject);
}
