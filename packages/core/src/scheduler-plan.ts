/**
 * Which firings of a schedule are due when the scheduler looks (scheduling.md, "Firing"): the
 * firing times since it last looked, minus those already recorded; missed firings are fired in
 * time order, at most the latest `maxCatchUp` of them, and the older ones are recorded as skipped,
 * never silently dropped. Pure: the clock and the record of firings are parameters.
 *
 * A firing is identified by its local wall-clock time (`YYYY-MM-DDTHH:MM`), as scenario files
 * write it. When clocks go back, a cron that matches the repeated hour twice therefore fires once:
 * both instants would bill the same period.
 */
import {firingTimes, localFiringTime, type Schedule} from './schedule.js';

export interface DueFirings {
  /** Local firing times to fire now, oldest first. */
  readonly fire: readonly string[];
  /** Older missed firing times beyond `maxCatchUp`, to record as skipped. */
  readonly skip: readonly string[];
}

/** Enough for a minutely cron left alone for two months; beyond that the oldest are not listed. */
export const MAX_FIRINGS_LOOKED_AT = 100_000;

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
): DueFirings {
  if (!schedule.enabled) return {fire: [], skip: []};
  const missed = new Set<string>();
  for (const instant of firingTimes(schedule, since, now, MAX_FIRINGS_LOOKED_AT)) {
    const at = localFiringTime(schedule, instant);
    if (!recorded.has(at)) missed.add(at);
  }
  const times = [...missed];
  const keep = Math.max(0, schedule.maxCatchUp);
  const cut = Math.max(0, times.length - keep);
  return {fire: times.slice(cut), skip: times.slice(0, cut)};
}
