/**
 * Which firings of a schedule are due when the scheduler looks (scheduling.md, "Firing"): the
 * firing times since it last looked, minus those already recorded. A firing time within the last
 * `onTimeMs` is on time and fires. Older ones were missed (no page was open): they are fired in
 * time order, at most the latest `maxCatchUp` of them, and the rest are recorded as skipped, never
 * silently dropped. Pure: the clock and the record of firings are parameters.
 *
 * A firing is identified by its local wall-clock time (`YYYY-MM-DDTHH:MM`), as scenario files
 * write it. When clocks go back, a cron that matches the repeated hour twice therefore fires once:
 * both instants would bill the same period.
 */
import {firings} from './firing-times.js';
import type {Schedule} from './schedule.js';

export interface DueFirings {
  /** Local firing times to fire now, oldest first. */
  readonly fire: readonly string[];
  /** Older missed firing times beyond `maxCatchUp`, to record as skipped, oldest first. */
  readonly skip: readonly string[];
}

/** A firing this recent is on time, not missed: the scheduler looks about once a minute. */
export const ON_TIME_MS = 90_000;

/** Firing times are listed in batches, so a long gap costs memory for its strings only. */
const BATCH = 10_000;

/**
 * @param since the instant the scheduler last looked (or the schedule was saved); firings after it count
 * @param now the current instant
 * @param recorded local firing times already recorded for this schedule (fired, skipped or refused)
 */
export function dueFirings(
  schedule: Pick<Schedule, 'enabled' | 'cron' | 'timeZone' | 'maxCatchUp'>,
  since: Date,
  now: Date,
  recorded: ReadonlySet<string>,
  onTimeMs: number = ON_TIME_MS,
): DueFirings {
  if (!schedule.enabled) return {fire: [], skip: []};
  const missed = new Set<string>();
  const onTime = new Set<string>();
  const onTimeFrom = now.getTime() - onTimeMs;
  for (let after = since; ;) {
    const batch = firings(schedule, after, now, BATCH);
    for (const {instant, at} of batch) {
      if (recorded.has(at)) continue;
      if (instant.getTime() >= onTimeFrom) onTime.add(at);
      else missed.add(at);
    }
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.instant;
  }
  const late = [...missed].filter((at) => !onTime.has(at));
  const cut = Math.max(0, late.length - Math.max(0, schedule.maxCatchUp));
  return {fire: [...late.slice(cut), ...onTime], skip: late.slice(0, cut)};
}
