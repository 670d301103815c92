/**
 * The scheduler of one database (scheduling.md, "Firing"). A check looks at every schedule: the
 * firing times after its `since` instant and at or before `now` that are not recorded yet are due
 * (core's `dueFirings`); the latest `maxCatchUp` of them fire in time order, older ones are recorded
 * as skipped. Then the schedule's `since` moves to `now`.
 *
 * At most once, across tabs, workers and restarts:
 * - one check at a time leads: a check runs only if it gets the scheduler lock at once
 *   (`ifAvailable`); a tab that does not get it leaves the work to the one that has it;
 * - each firing holds the database lock (as every run does), and the engine records the firing
 *   together with its run, in one transaction, before the run starts; a firing time already
 *   recorded never fires again, whatever `since` says (a check that died halfway is harmless).
 *
 * A failing firing does not stop the check: it is recorded as refused with its reason (or, when
 * it was already recorded with its run and billing failed, the reason is added to that record) and
 * the check goes on with the next one.
 */
import {Dexie} from 'dexie';
import {
  InvoiceRunError,
  dueFirings,
  firingPeriod,
  firingTimes,
  localFiringTime,
  parseFiringTime,
  scheduledInvoiceDate,
  type FiringRecord,
  type Schedule,
  type StepResult,
} from '@invoice-run/core';
import type {FiredFiring, ScheduleOverview, SchedulerCheck, UpcomingFiring} from './api.js';
import type {InvoiceRunDb, ScheduleStateRow} from './db.js';
import {toInvoiceRunError} from './errors.js';
import type {Locks} from './locks.js';

export interface SchedulerHost {
  readonly db: InvoiceRunDb;
  readonly locks: Locks;
  /** The name of the scheduler lock of this database. */
  readonly lockName: string;
  /**
   * Fires one firing time of a stored schedule, holding the database lock, with the engine's
   * `fireSchedule` (merge rule included). `undefined` when the schedule is gone or disabled now.
   */
  fire(scheduleId: string, at: string, signal: AbortSignal): Promise<StepResult | undefined>;
}

/** How many coming firing times an overview lists. */
export const UPCOMING_FIRINGS = 3;

/** How far ahead an overview looks for them. */
const LOOK_AHEAD_MS = 30 * 366 * 86_400_000;

/**
 * Firings are keyed by local wall-clock time; an instant's local time is at most about a day away
 * from its UTC time, and clocks going back repeat an hour. Reading recorded firings from two days
 * before `since` (in local time) covers every firing after it.
 */
const RECORDED_MARGIN_MS = 2 * 86_400_000;

interface MutableCheck {
  readonly now: string;
  readonly led: boolean;
  readonly fired: FiredFiring[];
  readonly failed: FiringRecord[];
  readonly skipped: FiringRecord[];
  readonly refused: FiringRecord[];
  readonly problems: {scheduleId: string; code: string; message: string}[];
}

function reasonOf(error: unknown): {code: string; reason: string} {
  const mapped = toInvoiceRunError(error);
  if (mapped instanceof InvoiceRunError) {
    return {code: mapped.code, reason: `${mapped.code}: ${mapped.message}`};
  }
  if (mapped instanceof Error)
    return {code: mapped.name, reason: `${mapped.name}: ${mapped.message}`};
  return {code: 'ERROR', reason: String(mapped)};
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  const code = (error as {code?: unknown} | null)?.code;
  const name = (error as {name?: unknown} | null)?.name;
  return code === 'CANCELLED' || name === 'AbortError';
}

/** The state a schedule starts with when it is saved at `instant`. */
export function freshState(scheduleId: string, instant: string): ScheduleStateRow {
  return {scheduleId, savedAt: instant, since: instant, lastCheckedAt: null};
}

/**
 * Whether saving `next` over `previous` starts the schedule afresh from the save instant: a new
 * schedule, a changed `cron` or `timeZone` (its old firing times mean nothing now), or a disabled
 * one enabled again (what it missed while disabled is not caught up). Other edits keep `since`.
 */
export function restartsSchedule(previous: Schedule | undefined, next: Schedule): boolean {
  return (
    previous === undefined ||
    previous.cron !== next.cron ||
    previous.timeZone !== next.timeZone ||
    (!previous.enabled && next.enabled)
  );
}

export class Scheduler {
  constructor(private readonly host: SchedulerHost) {}

  /** One check at `now`; see the module comment. */
  async check(now: Date, signal: AbortSignal): Promise<SchedulerCheck> {
    const nowIso = now.toISOString();
    const result: MutableCheck = {
      now: nowIso,
      led: true,
      fired: [],
      failed: [],
      skipped: [],
      refused: [],
      problems: [],
    };
    const outcome = await this.host.locks.requestIfAvailable(this.host.lockName, async () => {
      const {db} = this.host;
      const schedules = await db.schedules.toArray();
      const states = new Map(
        (await db.scheduleStates.toArray()).map((state) => [state.scheduleId, state]),
      );
      for (const schedule of schedules) {
        if (signal.aborted) break;
        try {
          await this.checkSchedule(schedule, states.get(schedule.id), now, result, signal);
        } catch (error) {
          // Storage failed around the firings (reading what is recorded, moving `since`): this
          // schedule is checked again next time; the others are checked now.
          if (isAbort(error, signal)) break;
          const {code, reason} = reasonOf(error);
          result.problems.push({scheduleId: schedule.id, code, message: reason});
        }
      }
    });
    return outcome.acquired ? result : {...result, led: false};
  }

  /** Every schedule with its coming firing times after `now` and what each would bill. */
  async overview(now: Date): Promise<ScheduleOverview[]> {
    const {db} = this.host;
    const schedules = await db.schedules.toArray();
    const states = new Map(
      (await db.scheduleStates.toArray()).map((state) => [state.scheduleId, state]),
    );
    const overviews: ScheduleOverview[] = [];
    for (const schedule of schedules) {
      const state = states.get(schedule.id);
      const lastFiring = await db.firings
        .where('[scheduleId+at]')
        .between([schedule.id, Dexie.minKey], [schedule.id, Dexie.maxKey])
        .last();
      overviews.push({
        schedule,
        savedAt: state?.savedAt ?? null,
        lastCheckedAt: state?.lastCheckedAt ?? null,
        next: schedule.enabled ? upcomingFirings(schedule, now) : [],
        lastFiring: lastFiring ?? null,
      });
    }
    return overviews;
  }

  private async checkSchedule(
    schedule: Schedule,
    state: ScheduleStateRow | undefined,
    now: Date,
    result: MutableCheck,
    signal: AbortSignal,
  ): Promise<void> {
    const {db} = this.host;
    const id = schedule.id;
    if (state === undefined) {
      // Stored before the scheduler kept state (or written around saveSchedule): it starts now.
      await db.transaction('rw', db.schedules, db.scheduleStates, async () => {
        if ((await db.schedules.get(id)) === undefined) return;
        if ((await db.scheduleStates.get(id)) !== undefined) return;
        await db.scheduleStates.put({...freshState(id, result.now), lastCheckedAt: result.now});
      });
      return;
    }
    const since = new Date(state.since);
    // The clock is behind the schedule's `since` (a test instant, a clock set back): nothing is due.
    if (!(now.getTime() > since.getTime())) return;

    let fire: readonly string[];
    try {
      const recorded = await this.recordedSince(schedule, since);
      const due = dueFirings(schedule, since, now, recorded);
      fire = due.fire;
      if (due.skip.length > 0) {
        result.skipped.push(...(await this.recordSkipped(schedule, due.skip)));
      }
    } catch (error) {
      // A stored schedule whose cron cannot be read: nothing can be planned; say so, move on.
      const {code, reason} = reasonOf(error);
      result.problems.push({scheduleId: id, code, message: reason});
      await this.advance(id, result.now);
      return;
    }

    let complete = true;
    for (const at of fire) {
      if (signal.aborted) return;
      let step: StepResult | undefined;
      try {
        step = await this.host.fire(id, at, signal);
      } catch (error) {
        if (isAbort(error, signal)) return;
        if ((error as {code?: unknown} | null)?.code === 'ALREADY_FIRED') continue;
        const recorded = await this.recordFailure(id, at, error);
        if (recorded === undefined) complete = false;
        else if (recorded.status === 'fired') result.failed.push(recorded);
        else result.refused.push(recorded);
        continue;
      }
      if (step === undefined) break; // deleted or disabled meanwhile: nothing more fires
      result.fired.push({
        scheduleId: id,
        at,
        runId: step.run.id,
        status: 'fired',
        reason: null,
        merged: step.merged,
        runStatus: step.run.status,
      });
    }
    // A firing that could not even be recorded (storage failing) is tried again by the next check.
    if (complete) await this.advance(id, result.now);
  }

  /** The local firing times recorded for a schedule from a little before `since` on. */
  private async recordedSince(schedule: Schedule, since: Date): Promise<Set<string>> {
    const {db} = this.host;
    const from = localFiringTime(schedule, new Date(since.getTime() - RECORDED_MARGIN_MS));
    const keys = await db.firings
      .where('[scheduleId+at]')
      .between([schedule.id, from], [schedule.id, Dexie.maxKey])
      .primaryKeys();
    return new Set(keys.map((key) => key[1]));
  }

  /** Records missed firing times as skipped, in one transaction; never over a recorded one. */
  private async recordSkipped(
    schedule: Schedule,
    times: readonly string[],
  ): Promise<FiringRecord[]> {
    const {db} = this.host;
    const reason =
      `missed while no scheduler ran; only the latest ${schedule.maxCatchUp} missed ` +
      `firing${schedule.maxCatchUp === 1 ? ' is' : 's are'} caught up (maxCatchUp)`;
    return db.transaction('rw', db.firings, async () => {
      const keys = times.map((at): [string, string] => [schedule.id, at]);
      const existing = await db.firings.bulkGet(keys);
      const records = times.flatMap((at, index): FiringRecord[] =>
        existing[index] === undefined
          ? [{scheduleId: schedule.id, at, runId: null, status: 'skipped', reason}]
          : [],
      );
      await db.firings.bulkPut(records);
      return records;
    });
  }

  /**
   * Records why a firing failed. Refused before it was recorded: a refused firing with the reason
   * (unless the engine has recorded the refusal itself). Recorded with its run and then failed: the
   * reason is added to that record. `undefined` when storage refuses even this.
   */
  private async recordFailure(
    scheduleId: string,
    at: string,
    error: unknown,
  ): Promise<FiringRecord | undefined> {
    const {db} = this.host;
    const {reason} = reasonOf(error);
    try {
      return await db.transaction('rw', db.firings, async () => {
        const earlier = await db.firings.get([scheduleId, at]);
        if (earlier?.status === 'refused') return earlier;
        const record: FiringRecord =
          earlier?.status === 'fired'
            ? {...earlier, reason: earlier.reason ?? reason}
            : {scheduleId, at, runId: null, status: 'refused', reason};
        await db.firings.put(record);
        return record;
      });
    } catch {
      return undefined;
    }
  }

  /** Moves a schedule's `since` to `now` (never back) after a completed check. */
  private async advance(scheduleId: string, now: string): Promise<void> {
    const {db} = this.host;
    await db.transaction('rw', db.scheduleStates, async () => {
      const state = await db.scheduleStates.get(scheduleId);
      if (state === undefined) return; // deleted meanwhile
      await db.scheduleStates.put({
        ...state,
        since: later(state.since, now),
        lastCheckedAt: state.lastCheckedAt === null ? now : later(state.lastCheckedAt, now),
      });
    });
  }
}

function later(a: string, b: string): string {
  return new Date(a).getTime() >= new Date(b).getTime() ? a : b;
}

/** The next firing times of a schedule after `now`, with the period and invoice date of each. */
export function upcomingFirings(
  schedule: Schedule,
  now: Date,
  count = UPCOMING_FIRINGS,
): UpcomingFiring[] {
  try {
    const until = new Date(now.getTime() + LOOK_AHEAD_MS);
    return firingTimes(schedule, now, until, count).map((instant) => {
      const at = localFiringTime(schedule, instant);
      const date = parseFiringTime(at)?.date ?? at.slice(0, 10);
      const period = firingPeriod(schedule, date);
      return {
        at,
        instant: instant.toISOString(),
        ...period,
        invoiceDate: scheduledInvoiceDate(schedule.invoiceDate, period),
      };
    });
  } catch {
    return []; // a stored schedule whose rules cannot be read (checks report it as a problem)
  }
}
