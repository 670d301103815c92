/**
 * Scheduled invoice runs (docs: scheduling.md): the SCHEDULE definition, the period and invoice
 * date of a firing, and the firing instants of a schedule's cron expression.
 *
 * Two kinds of time meet here and are kept apart on purpose:
 * - *instants* (`Date`), only for when a schedule fires: croner walks the cron expression in the
 *   schedule's `timeZone` (or the host's zone when it has none);
 * - *calendar dates* (`IsoDate`, epoch days inside), for everything derived from a firing: its local
 *   date, the period and the invoice date. These use the integer helpers of `dates.ts` and never a
 *   `Date`, so the host time zone cannot shift them.
 * `localFiringTime` is the single bridge: it reads an instant's wall-clock time in the schedule's
 * zone, and `parseFiringTime` turns that into the date the period rules start from.
 */
import {z} from 'zod';
import {
  addMonths,
  civilFromEpochDay,
  epochDayFromCivil,
  isoWeekday,
  parseIsoDate,
  toIsoDate,
} from '../primitives/dates.js';
import type {EpochDay, IsoDate} from '../primitives/dates.js';
import {InvoiceRunError, formatPath, issueMessage} from '../primitives/errors.js';
import {cronJob, firings, wallClockTime} from './firing-times.js';

// ---------------------------------------------------------------------------------------------
// Interval, alignment and invoice-date rules
// ---------------------------------------------------------------------------------------------

const ALIGNMENTS = ['previous', 'current', 'next'] as const;
type Alignment = (typeof ALIGNMENTS)[number];

type ParsedInterval =
  | {readonly kind: 'units'; readonly count: number; readonly unit: 'd' | 'w' | 'm'}
  | {readonly kind: 'range'; readonly from: number; readonly to: number};

/** `[-]N(d|w|m)`, N a positive integer without leading zeros. */
const UNIT_INTERVAL = /^(-?)([1-9]\d*)([dwm])$/;
/** `x-y`, days of month written with one or two digits ("1-15", "01-15"); bounds checked apart. */
const DAY_RANGE = /^(\d{1,2})-(\d{1,2})$/;
/** `(start|end)(+|-)N`, N a non-negative integer. */
const INVOICE_DATE_RULE = /^(start|end)([+-])(\d+)$/;

function parseInterval(text: string): ParsedInterval | undefined {
  const units = UNIT_INTERVAL.exec(text);
  if (units) {
    const magnitude = Number(units[2]);
    if (!Number.isSafeInteger(magnitude)) return undefined;
    return {
      kind: 'units',
      count: units[1] === '-' ? -magnitude : magnitude,
      unit: units[3] as 'd' | 'w' | 'm',
    };
  }
  const range = DAY_RANGE.exec(text);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (from < 1 || from > 31 || to < 1 || to > 31) return undefined;
    return {kind: 'range', from, to};
  }
  return undefined;
}

function intervalMessage(text: unknown): string {
  if (typeof text !== 'string') {
    return `interval must be a string such as "1m" or "16-15"${got(text)}`;
  }
  const range = DAY_RANGE.exec(text);
  if (range) return `interval "${text}" is a day range, but its days must be between 1 and 31`;
  return (
    `interval "${text}" is not N days/weeks/months ("1m", "-3m", "7d", "2w") ` +
    `or a day range ("16-15")`
  );
}

function parseInvoiceDateRule(
  rule: string,
): {readonly anchor: 'start' | 'end'; readonly days: number} | undefined {
  const match = INVOICE_DATE_RULE.exec(rule);
  if (!match) return undefined;
  const magnitude = Number(match[3]);
  if (!Number.isSafeInteger(magnitude)) return undefined;
  return {anchor: match[1] as 'start' | 'end', days: match[2] === '-' ? -magnitude : magnitude};
}

// ---------------------------------------------------------------------------------------------
// Cron and time zone checks
// ---------------------------------------------------------------------------------------------

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, {timeZone: name});
    return true;
  } catch {
    return false;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a cron expression is refused, or `undefined` when it is a usable 5-field expression. */
function cronProblem(cron: string, timeZone: string | undefined): string | undefined {
  const fields = cron.trim() === '' ? [] : cron.trim().split(/\s+/);
  if (fields.length === 1 && fields[0]?.startsWith('@')) {
    // croner would accept "@daily" and friends; the spec asks for 5 fields, so say how to write it.
    return (
      `cron "${cron}" is a nickname; write it as 5 fields ` +
      `(minute hour day-of-month month day-of-week), such as "0 0 * * *" for every midnight`
    );
  }
  if (fields.length !== 5) {
    const extra =
      fields.length === 6
        ? ' (a seconds field is not supported)'
        : fields.length === 7
          ? ' (seconds and year fields are not supported)'
          : '';
    return (
      `cron "${cron}" has ${fields.length} field${fields.length === 1 ? '' : 's'}${extra}; ` +
      `a schedule's cron has exactly 5 (minute hour day-of-month month day-of-week), ` +
      `such as "0 6 1 * *"`
    );
  }
  let job: ReturnType<typeof cronJob>;
  try {
    job = cronJob(cron, timeZone);
  } catch (error) {
    return `cron "${cron}" is not a valid cron expression: ${errorMessage(error)}`;
  }
  try {
    // A pattern such as "0 0 30 2 *" parses but matches no date at all.
    if (job.nextRun() === null) return `cron "${cron}" never fires: no date matches it`;
  } catch (error) {
    return `cron "${cron}" cannot be evaluated: ${errorMessage(error)}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** An input value as written in a message. */
function shown(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input);
  if (typeof input !== 'object' || input === null) return String(input);
  try {
    return JSON.stringify(input);
  } catch {
    return String(input);
  }
}

/** The tail of a "must be" message: what was found instead. */
function got(input: unknown): string {
  return input === undefined ? ', but it is missing' : `, not ${shown(input)}`;
}

const filterList = (field: string) =>
  z
    .array(
      z.string({
        error: (issue) => `${field} entries must be filter names (strings)${got(issue.input)}`,
      }),
      {error: (issue) => `${field} must be a list of filter names${got(issue.input)}`},
    )
    .default([]);

/**
 * How far `shiftDays` may move the reference date, either way: a year. A shift is meant to move a
 * firing across a month's end by a few days (bill on the 1st as if it were the last day before);
 * beyond a year it only ever comes from a typing slip, since a period further away is what the
 * interval and alignment say. docs/decisions.md records the choice.
 */
export const SHIFT_DAYS_LIMIT = 365;

const wholeNumber = (field: string, rule: string) =>
  z.number({error: (issue) => `${field} must be ${rule}${got(issue.input)}`}).int({
    error: (issue) => `${field} must be ${rule}${got(issue.input)}`,
  });

const scheduleFields = z.object({
  id: z
    .string({error: (issue) => `id must be a non-empty string${got(issue.input)}`})
    .min(1, {error: 'id must be a non-empty string'}),
  name: z.string({error: (issue) => `name must be a string${got(issue.input)}`}).optional(),
  enabled: z
    .boolean({error: (issue) => `enabled must be true or false${got(issue.input)}`})
    .default(true),
  // Checked against croner by the object-level refinement below, which also knows the timeZone.
  cron: z.string({
    error: (issue) =>
      issue.input === undefined
        ? 'cron is required: a 5-field cron expression such as "0 6 1 * *"'
        : `cron must be a 5-field cron expression such as "0 6 1 * *"${got(issue.input)}`,
  }),
  timeZone: z
    .string({error: (issue) => `timeZone must be an IANA time zone name${got(issue.input)}`})
    .refine(isTimeZone, {
      error: (issue) =>
        `timeZone ${shown(issue.input)} is not an IANA time zone name (such as "Europe/Berlin")`,
    })
    .optional(),
  interval: z
    .string({error: (issue) => intervalMessage(issue.input)})
    .refine((text) => parseInterval(text) !== undefined, {
      error: (issue) => intervalMessage(issue.input),
    })
    .default('1m'),
  alignment: z
    .enum(ALIGNMENTS, {
      error: (issue) => `alignment ${shown(issue.input)} is not "previous", "current" or "next"`,
    })
    .default('previous'),
  shiftDays: wholeNumber(
    'shiftDays',
    `a whole number of days from -${SHIFT_DAYS_LIMIT} to ${SHIFT_DAYS_LIMIT}`,
  )
    .min(-SHIFT_DAYS_LIMIT, {
      error: (issue) =>
        `shiftDays must be a whole number of days from -${SHIFT_DAYS_LIMIT} to ${SHIFT_DAYS_LIMIT}${got(issue.input)}`,
    })
    .max(SHIFT_DAYS_LIMIT, {
      error: (issue) =>
        `shiftDays must be a whole number of days from -${SHIFT_DAYS_LIMIT} to ${SHIFT_DAYS_LIMIT}${got(issue.input)}`,
    })
    .default(0),
  startOfWeek: wholeNumber('startOfWeek', 'a whole number from 1 (Monday) to 7 (Sunday)')
    .min(1, {error: 'startOfWeek must be a whole number from 1 (Monday) to 7 (Sunday)'})
    .max(7, {error: 'startOfWeek must be a whole number from 1 (Monday) to 7 (Sunday)'})
    .default(1),
  invoiceDate: z
    .string({
      error: (issue) =>
        `invoiceDate must be a rule such as "end+0" or "start-3", or null${got(issue.input)}`,
    })
    .refine((rule) => parseInvoiceDateRule(rule) !== undefined, {
      error: (issue) =>
        `invoiceDate ${shown(issue.input)} is not start or end plus or minus N days ` +
        `("end+0", "start-3", "end+14") or null`,
    })
    .nullable()
    .default(null),
  subscriptionFilter: z
    .string({
      error: (issue) => `subscriptionFilter must be a filter name${got(issue.input)}`,
    })
    .optional(),
  transactionFilters: filterList('transactionFilters'),
  genericFilters: filterList('genericFilters'),
  maxCatchUp: wholeNumber('maxCatchUp', 'a whole number of firings, 0 or more')
    .min(0, {error: 'maxCatchUp must be a whole number of firings, 0 or more'})
    .default(3),
});

/**
 * A schedule as stored (scheduling.md, SCHEDULE). Parsing fills the defaults (`name` = `id`).
 * Unknown keys are dropped, as everywhere zod objects are used without `.strict()`.
 */
export const scheduleSchema = scheduleFields
  .superRefine(
    (schedule, ctx) => {
      // Runs even when other fields failed (see `when`), so a bad cron is reported together with
      // them; a timeZone that failed its own check is left out rather than reported twice.
      const timeZone =
        typeof schedule.timeZone === 'string' && isTimeZone(schedule.timeZone)
          ? schedule.timeZone
          : undefined;
      const problem = cronProblem(schedule.cron, timeZone);
      if (problem !== undefined) ctx.addIssue({code: 'custom', path: ['cron'], message: problem});
    },
    {
      when: (payload) => {
        const value: unknown = payload.value;
        return (
          typeof value === 'object' &&
          value !== null &&
          typeof (value as {cron?: unknown}).cron === 'string'
        );
      },
    },
  )
  .transform((schedule) => ({...schedule, name: schedule.name ?? schedule.id}));

export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;

// ---------------------------------------------------------------------------------------------
// Firing time
// ---------------------------------------------------------------------------------------------

const FIRING_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A local wall-clock firing time `YYYY-MM-DDTHH:MM[:SS]` (no zone, no fraction) split into its
 * calendar date and its time `HH:MM` (`HH:MM:SS` only when the seconds are not zero), or
 * `undefined` when it is malformed or names an impossible date or time.
 */
export function parseFiringTime(at: string): {date: IsoDate; time: string} | undefined {
  const match = FIRING_TIME.exec(at);
  if (!match) return undefined;
  const [, date = '', hours = '', minutes = '', seconds = '00'] = match;
  if (parseIsoDate(date) === undefined) return undefined;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const time = seconds === '00' ? `${hours}:${minutes}` : `${hours}:${minutes}:${seconds}`;
  return {date, time};
}

// ---------------------------------------------------------------------------------------------
// Period of a firing
// ---------------------------------------------------------------------------------------------

type PeriodRules = Pick<Schedule, 'interval' | 'alignment' | 'shiftDays' | 'startOfWeek'>;

/** The day `dayOfMonth` of the month starting at `monthStart`, clamped to its last day. */
function dayOfMonthIn(monthStart: EpochDay, dayOfMonth: number): EpochDay {
  return addMonths(monthStart, 0, dayOfMonth);
}

/**
 * Units `d`, `w`, `m`. Unit k is the k-th unit after D's unit (k = 0: D's unit, k < 0: before it);
 * the period is units `first..last`, so it ends the day before unit `last + 1` starts. Months are
 * stepped from the first of the month, so `addMonths` never needs to clamp.
 */
function unitPeriod(
  d: EpochDay,
  count: number,
  unit: 'd' | 'w' | 'm',
  alignment: Alignment,
  startOfWeek: number,
): [EpochDay, EpochDay] {
  let unitStart: (k: number) => EpochDay;
  if (unit === 'd') {
    unitStart = (k) => d + k;
  } else if (unit === 'w') {
    const weekStart = d - ((isoWeekday(d) - startOfWeek + 7) % 7);
    unitStart = (k) => weekStart + 7 * k;
  } else {
    const {year, month} = civilFromEpochDay(d);
    const monthStart = epochDayFromCivil(year, month, 1);
    unitStart = (k) => addMonths(monthStart, k);
  }
  const n = Math.abs(count);
  let first: number;
  let last: number;
  switch (alignment) {
    case 'previous':
      [first, last] = [-n, -1];
      break;
    case 'next':
      [first, last] = [1, n];
      break;
    case 'current':
      // The sign of N only matters here: forwards from D's unit, or backwards ending with it.
      [first, last] = count > 0 ? [0, n - 1] : [1 - n, 0];
      break;
  }
  return [unitStart(first), unitStart(last + 1) - 1];
}

/**
 * Day range `x-y`. The period ends in the month `endMonth`: D's month, or the month before when D's
 * day of month is before x *as written* (so 31-30 fired on Feb 28 still counts 28 < 31).
 */
function dayRangePeriod(d: EpochDay, from: number, to: number): [EpochDay, EpochDay] {
  const {year, month, day} = civilFromEpochDay(d);
  let endMonth = epochDayFromCivil(year, month, 1);
  if (day < from) endMonth = addMonths(endMonth, -1);
  const startMonth = addMonths(endMonth, -1);
  const end = dayOfMonthIn(endMonth, to);
  if (from <= to) return [dayOfMonthIn(endMonth, from), end];
  if (from === to + 1) {
    // A monthly repeating range: start the day after the previous month's period ends. This only
    // differs from clamping day x when x is past the end of the start month (30-29 ending in
    // March starts on March 1, not on the clamped Feb 28, which already ends February's period).
    return [dayOfMonthIn(startMonth, to) + 1, end];
  }
  return [dayOfMonthIn(startMonth, from), end];
}

/**
 * The period of a firing on the local date `firingDate` (scheduling.md, "The period of a firing").
 * Throws a RangeError on rules the schema would refuse.
 */
export function firingPeriod(
  schedule: PeriodRules,
  firingDate: IsoDate,
): {periodStart: IsoDate; periodEnd: IsoDate} {
  const fired = parseIsoDate(firingDate);
  if (fired === undefined) {
    throw new RangeError(`Not a calendar date: ${JSON.stringify(firingDate)}`);
  }
  const interval = parseInterval(schedule.interval);
  if (interval === undefined) throw new RangeError(intervalMessage(schedule.interval));
  if (!Number.isSafeInteger(schedule.shiftDays)) {
    throw new RangeError(`shiftDays must be a whole number of days, not ${schedule.shiftDays}`);
  }
  const d = fired + schedule.shiftDays;
  let period: [EpochDay, EpochDay];
  if (interval.kind === 'range') {
    period = dayRangePeriod(d, interval.from, interval.to);
  } else {
    if (!(ALIGNMENTS as readonly string[]).includes(schedule.alignment)) {
      throw new RangeError(
        `alignment ${shown(schedule.alignment)} is not previous, current or next`,
      );
    }
    const {startOfWeek} = schedule;
    if (!Number.isInteger(startOfWeek) || startOfWeek < 1 || startOfWeek > 7) {
      throw new RangeError(`startOfWeek must be 1 (Monday) to 7 (Sunday), not ${startOfWeek}`);
    }
    period = unitPeriod(d, interval.count, interval.unit, schedule.alignment, startOfWeek);
  }
  return {periodStart: toIsoDate(period[0]), periodEnd: toIsoDate(period[1])};
}

/**
 * The invoice date of a run by the rule `(start|end)(+|-)N`, or `null` for no rule.
 * Throws a RangeError on a rule the schema would refuse.
 */
export function scheduledInvoiceDate(
  rule: string | null | undefined,
  period: {periodStart: IsoDate; periodEnd: IsoDate},
): IsoDate | null {
  if (rule === null || rule === undefined) return null;
  const parsed = parseInvoiceDateRule(rule);
  if (parsed === undefined) {
    throw new RangeError(
      `invoiceDate ${JSON.stringify(rule)} is not start or end plus or minus N days`,
    );
  }
  const anchorDate = parsed.anchor === 'start' ? period.periodStart : period.periodEnd;
  const anchor = parseIsoDate(anchorDate);
  if (anchor === undefined)
    throw new RangeError(`Not a calendar date: ${JSON.stringify(anchorDate)}`);
  return toIsoDate(anchor + parsed.days);
}

// ---------------------------------------------------------------------------------------------
// Firing instants
// ---------------------------------------------------------------------------------------------

/**
 * The firing instants of a schedule strictly after `after` and at or before `until`, at most
 * `limit` of them, earliest first. The cron expression is read in `timeZone`, or in the host's
 * time zone when the schedule has none.
 *
 * Across DST changes croner's rules apply: a fixed-time expression ("30 2 * * *") whose time falls
 * in a spring-forward gap fires at the first instant after the gap, and fires once (on the first
 * occurrence) when its time occurs twice; expressions with wildcards or steps in the time fields
 * skip the missing times and fire on both occurrences of a repeated time (which then share one
 * `localFiringTime`: identify firings by instant, not by wall-clock time).
 */
export function firingTimes(
  schedule: Pick<Schedule, 'cron' | 'timeZone'>,
  after: Date,
  until: Date,
  limit: number,
): Date[] {
  return firings(schedule, after, until, limit).map((firing) => firing.instant);
}

/**
 * The wall-clock time `YYYY-MM-DDTHH:MM` of an instant in the schedule's time zone (the host's
 * when it has none), with `:SS` appended only when the seconds are not zero (never for 5-field
 * cron firings). `parseFiringTime` reads it back; its date is the firing's local date.
 */
export function localFiringTime(schedule: Pick<Schedule, 'timeZone'>, instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('localFiringTime needs a valid date');
  return wallClockTime(schedule.timeZone, instant);
}

/** A schedule as validated for storing or firing; `INVALID_SCHEDULE` with every fault otherwise. */
export function validateSchedule(input: unknown): Schedule {
  const parsed = scheduleSchema.safeParse(input, {reportInput: true});
  if (parsed.success) return parsed.data;
  const faults = parsed.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issueMessage(issue),
  }));
  throw new InvoiceRunError(
    'INVALID_SCHEDULE',
    `The schedule is invalid: ${faults.map((fault) => `${fault.path}: ${fault.message}`).join('; ')}`,
    faults,
  );
}
