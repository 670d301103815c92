/**
 * The firing times of a cron expression in a time zone, with each one's local wall-clock time.
 *
 * croner is the authority on what a cron expression means. Asked for one firing at a time in a
 * named zone, it converts every candidate through `Intl` and searches for offset changes, which
 * costs a tenth of a millisecond per firing: a minutely schedule missed for ten days (14,400 firing
 * times) took seconds. Here the time line is cut at the zone's offset changes instead:
 * - between two changes the offset is one number, so local wall-clock time is the instant plus
 *   that offset. A firing time there is a local day croner matches, at one of the times of day the
 *   expression lists (a 5-field cron's minutes and hours are plain sets, the same every day), and
 *   both its instant and its `YYYY-MM-DDTHH:MM` are plain arithmetic;
 * - around each change (a DST switch), where a local time can be missing or occur twice, croner
 *   walks the zone itself, so its rules for gaps and repeated hours apply unchanged.
 * A test checks the result against croner's own walk for many expressions and zones.
 */
import {Cron, CronPattern} from 'croner';
import {toIsoDate} from '../primitives/dates.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/**
 * Offsets are sampled this far apart to find where they change, then the change is narrowed to the
 * second. Zones change their offset a few times a year at most, never twice within hours.
 */
const OFFSET_SAMPLE_MS = 6 * 3_600_000;

export interface CronSchedule {
  readonly cron: string;
  /** An IANA zone; absent: the host's zone. */
  readonly timeZone?: string | undefined;
}

/** A firing time: its instant, and its local wall-clock time in the schedule's zone. */
export interface Firing {
  readonly instant: Date;
  /** `YYYY-MM-DDTHH:MM` (`localFiringTime`), the id of the firing. */
  readonly at: string;
}

/**
 * A croner job that never starts a timer: it has no callback and is paused, and it has no name, so
 * it is not registered in croner's global `scheduledJobs` either. `mode: '5-part'` makes croner
 * itself refuse second and year fields, in case a caller skipped the schema.
 */
export function cronJob(cron: string, timeZone: string | undefined): Cron {
  return new Cron(cron, {paused: true, mode: '5-part', timezone: timeZone});
}

/** A reader of a zone's wall clock: fields of the local time of an instant. */
function wallClockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  // en-US with numeric parts gives ASCII digits whatever the host locale; h23 keeps midnight at 00
  // (hour12: false alone can print "24" in some engines).
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

function wallClockText(format: Intl.DateTimeFormat, instant: Date): string {
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes, width: number): string =>
    (parts.find((p) => p.type === type)?.value ?? '').padStart(width, '0');
  const wallClock =
    `${part('year', 4)}-${part('month', 2)}-${part('day', 2)}` +
    `T${part('hour', 2)}:${part('minute', 2)}`;
  const seconds = part('second', 2);
  return seconds === '00' ? wallClock : `${wallClock}:${seconds}`;
}

/**
 * The wall-clock time `YYYY-MM-DDTHH:MM` of an instant in a time zone (the host's when absent),
 * with `:SS` appended only when the seconds are not zero.
 */
export function wallClockTime(timeZone: string | undefined, instant: Date): string {
  return wallClockText(wallClockFormat(timeZone), instant);
}

/** The offset of a zone at an instant, in minutes east of UTC. */
function offsetReader(timeZone: string | undefined): (ms: number) => number {
  if (timeZone === undefined) return (ms) => -new Date(ms).getTimezoneOffset();
  const format = wallClockFormat(timeZone);
  return (ms) => {
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) fields[part.type] = Number(part.value);
    const second = Math.floor(ms / 1000) * 1000;
    const wall = Date.UTC(
      fields['year']!,
      fields['month']! - 1,
      fields['day']!,
      fields['hour']!,
      fields['minute']!,
      fields['second']!,
    );
    return (wall - second) / MINUTE_MS;
  };
}

/** `HH:MM` of a minute of the day. */
function timeOfDay(minute: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/**
 * The firing times of `schedule` strictly after `after` and at or before `until`, at most `limit`,
 * earliest first (see `firingTimes` in schedule.ts for the DST rules, which are croner's).
 */
export function firings(schedule: CronSchedule, after: Date, until: Date, limit: number): Firing[] {
  if (Number.isNaN(after.getTime()) || Number.isNaN(until.getTime())) {
    throw new RangeError('firingTimes needs valid dates for after and until');
  }
  const found: Firing[] = [];
  if (!(limit >= 1) || until.getTime() <= after.getTime()) return found;
  const {timeZone} = schedule;
  const zoneJob = cronJob(schedule.cron, timeZone);
  // The same expression read on a clock without offset: it says whether a local day matches.
  const dayJob = new Cron(schedule.cron, {paused: true, mode: '5-part', utcOffset: 0});
  const pattern = new CronPattern(schedule.cron, undefined, {mode: '5-part'});
  const minutesOfDay: number[] = [];
  pattern.hour.forEach((hour, h) => {
    if (hour) pattern.minute.forEach((minute, m) => minute && minutesOfDay.push(h * 60 + m));
  });
  const times = minutesOfDay.map(timeOfDay);
  const offsetAt = offsetReader(timeZone);
  const format = wallClockFormat(timeZone);
  const full = () => found.length >= limit;

  /** Firing times in `(from, to]`, walked by croner in the zone. */
  const walkZone = (from: number, to: number): void => {
    let previous = new Date(from);
    while (!full()) {
      // nextRun(previous) is strictly after previous (croner works in whole seconds).
      const next = zoneJob.nextRun(previous);
      if (next === null || next.getTime() > to) return;
      if (next.getTime() <= previous.getTime()) return; // never loop on a misbehaving engine
      found.push({instant: next, at: wallClockText(format, next)});
      previous = next;
    }
  };

  /** Firing times in `(from, to]`, where the zone's offset is `offset` minutes throughout. */
  const walkFixed = (from: number, to: number, offset: number): void => {
    if (!Number.isInteger(offset) || minutesOfDay.length === 0) return walkZone(from, to);
    const shift = offset * MINUTE_MS;
    const lastDay = Math.floor((to + shift) / DAY_MS);
    for (let day = Math.floor((from + shift) / DAY_MS); day <= lastDay && !full(); day++) {
      if (!dayJob.match(new Date(day * DAY_MS + minutesOfDay[0]! * MINUTE_MS))) continue;
      const date = toIsoDate(day);
      for (let index = 0; index < minutesOfDay.length && !full(); index++) {
        const instant = day * DAY_MS + minutesOfDay[index]! * MINUTE_MS - shift;
        if (instant <= from) continue;
        if (instant > to) return;
        found.push({instant: new Date(instant), at: `${date}T${times[index]!}`});
      }
    }
  };

  /** The first whole second in `(from, to]` whose offset differs from `offset`, if any. */
  const nextChange = (from: number, to: number, offset: number): number | undefined => {
    let low = from;
    for (;;) {
      const high = Math.min(low + OFFSET_SAMPLE_MS, to);
      if (offsetAt(high) !== offset) {
        // low has `offset`, high does not: narrow down to the second.
        let [lo, hi] = [low, high];
        while (hi - lo > 1000) {
          const middle = Math.floor((lo + (hi - lo) / 2) / 1000) * 1000;
          if (middle <= lo) break;
          if (offsetAt(middle) === offset) lo = middle;
          else hi = middle;
        }
        return hi;
      }
      if (high >= to) return undefined;
      low = high;
    }
  };

  let from = after.getTime();
  const end = until.getTime();
  while (from < end && !full()) {
    const offset = offsetAt(from);
    const change = nextChange(from, end, offset);
    if (change === undefined) {
      walkFixed(from, end, offset);
      break;
    }
    // Local times near a change can be missing or repeated: croner decides there. The margin
    // covers every instant whose local time the change makes missing or repeated, and a little more.
    const margin = (Math.abs(offsetAt(change) - offset) + 10) * MINUTE_MS;
    const zoneFrom = Math.max(from, change - margin);
    if (zoneFrom > from) walkFixed(from, zoneFrom, offset);
    const zoneTo = Math.min(end, change + margin);
    walkZone(zoneFrom, zoneTo);
    from = zoneTo;
  }
  return found;
}
