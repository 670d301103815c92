/**
 * How the records of scheduling change, written once for every store: a schedule's state moves
 * forward only, and a failed firing keeps what was recorded before it.
 */
import type {FiringRecord, ScheduleState} from '../store/store.js';

/** `state` with `since` and `lastCheckedAt` moved forward to `instant` (never back). */
export function advancedState(state: ScheduleState, instant: string): ScheduleState {
  return {
    ...state,
    since: later(state.since, instant),
    lastCheckedAt: state.lastCheckedAt === null ? instant : later(state.lastCheckedAt, instant),
  };
}

function later(a: string, b: string): string {
  return new Date(a).getTime() >= new Date(b).getTime() ? a : b;
}

/**
 * A firing as recorded after it failed with `reason`: one recorded with its run keeps it and gains
 * the reason (when it has none); a refused one stays; otherwise a refused firing.
 */
export function failedFiring(
  earlier: FiringRecord | undefined,
  scheduleId: string,
  at: string,
  reason: string,
): FiringRecord {
  if (earlier?.status === 'refused') return earlier;
  if (earlier?.status === 'fired') return {...earlier, reason: earlier.reason ?? reason};
  return {scheduleId, at, runId: null, status: 'refused', reason};
}
