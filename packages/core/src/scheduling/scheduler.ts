/**
 * The scheduler of one database (scheduling.md, "Firing"), over any store. A check looks at every
 * schedule: the firing times after its `since` instant and at or before `now` that are not
 * recorded yet are due (`dueFirings`); the latest `maxCatchUp` of them fire in time order, older
 * ones are recorded as skipped. Then the schedule's `since` moves to `now`.
 *
 * At most once, across tabs, processes and restarts:
 * - one check at a time leads: the host's `lead` runs a check only when no other scheduler of the
 *   database is checking (a Web Lock in a browser, an advisory lock on a server);
 * - each firing goes through the host's `fire` (which holds the database's billing lock), and the
 *   engine records the firing together with its run, in one transaction, before the run starts;
 *   a firing time already recorded never fires again, whatever `since` says (a check that died
 *   halfway is harmless).
 *
 * A failing firing does not stop the check: it is recorded as refused with its reason (or, when
 * it was already recorded with its run and billing failed, the reason is added to that record) and
 * the check goes on with the next one.
 */
import {InvoiceRunError} from '../primitives/errors.js';
import type {IsoDate} from '../primitives/dates.js';
import type {RunStatus} from '../records/model.js';
import {
  firingPeriod,
  firingTimes,
  localFiringTime,
  parseFiringTime,
  scheduledInvoiceDate,
  type Schedule,
} from './schedule.js';
import {dueFirings} from './scheduler-plan.js';
import type {StepResult} from '../engine.js';
import type {BillingStore, FiringRecord, ScheduleState} from '../store/store.js';

/** One coming firing of a schedule and what it would bill. */
export interface UpcomingFiring {
  /** The local wall-clock time in the schedule's zone, `YYYY-MM-DDTHH:MM`: the firing's id. */
  readonly at: string;
  /** The same moment as an ISO instant (UTC). */
  readonly instant: string;
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  /** `null`: the drafts get no invoice date. */
  readonly invoiceDate: IsoDate | null;
}

/** A schedule as the page shows it: when it fires next and what each firing would bill. */
export interface ScheduleOverview {
  readonly schedule: Schedule;
  /** When the schedule was saved (the instant its firings count from, until a check completes). */
  readonly savedAt: string | null;
  /** The last scheduler check that completed for it; firing times after it are still to come. */
  readonly lastCheckedAt: string | null;
  /** The next firing times after `now`, at most 3, earliest first; none while it is disabled. */
  readonly next: readonly UpcomingFiring[];
  /** The latest recorded firing (fired, skipped or refused), or `null`. */
  readonly lastFiring: FiringRecord | null;
}

/** A firing the scheduler fired: its run, and whether it merged into an existing one. */
export interface FiredFiring extends FiringRecord {
  readonly status: 'fired';
  readonly runId: string;
  readonly merged: boolean;
  /** How the run ended: `completed`, `completed-with-errors`, or `cancelled` (worker closing). */
  readonly runStatus: RunStatus;
}

/** What one scheduler check did. */
export interface SchedulerCheck {
  /** The instant checked (ISO). */
  readonly now: string;
  /**
   * `false`: another scheduler (a tab, a worker, a server process) was checking this database at that moment, so
   * this check did nothing (that one fires what is due).
   */
  readonly led: boolean;
  /** In the order fired: schedule by schedule (by id), each in time order. */
  readonly fired: readonly FiredFiring[];
  /**
   * Firings recorded with their run whose billing then failed (a full disk): `reason` says why; the
   * run shows `failed`, and View Remaining and restore complete it. They do not fire again.
   */
  readonly failed: readonly FiringRecord[];
  /** Missed firings beyond a schedule's `maxCatchUp`, recorded as skipped. */
  readonly skipped: readonly FiringRecord[];
  /** Firings that did not run, recorded as refused with the reason (`UNKNOWN_FILTER: ...`). */
  readonly refused: readonly FiringRecord[];
  /** Schedules the check could not plan at all (a stored schedule that is no longer valid). */
  readonly problems: readonly {
    readonly scheduleId: string;
    readonly code: string;
    readonly message: string;
  }[];
}

/** What a scheduler needs from where it runs. */
export interface SchedulerHost {
  readonly store: BillingStore;
  /**
   * Runs `check` when no other scheduler of this database is checking; `{acquired: false}` at
   * once otherwise (that one fires what is due).
   */
  lead(check: () => Promise<void>): Promise<{readonly acquired: boolean}>;
  /**
   * Fires one firing time of a stored schedule, holding the database's billing lock, with the
   * engine's `fireSchedule` (merge rule included). `undefined` when the schedule is gone or
   * disabled now.
   */
  fire(scheduleId: string, at: string, signal: AbortSignal): Promise<StepResult | undefined>;
  /** Turns a storage failure into a coded error (the browser's quota, a closed database). */
  readonly describeError?: (error: unknown) => unknown;
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

function isAbort(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  const code = (error as {code?: unknown} | null)?.code;
  const name = (error as {name?: unknown} | null)?.name;
  return code === 'CANCELLED' || name === 'AbortError';
}

/** The state a schedule starts with when it is saved at `instant`. */
export function freshState(scheduleId: string, instant: string): ScheduleState {
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

/** The state of a schedule saved at `savedAt` over `previous` (with its state). */
export function stateAfterSave(
  previous: Schedule | undefined,
  state: ScheduleState | undefined,
  next: Schedule,
  savedAt: string,
): ScheduleState {
  return state === undefined || restartsSchedule(previous, next)
    ? freshState(next.id, savedAt)
    : {...state, savedAt};
}

export class Scheduler {
  constructor(private readonly host: SchedulerHost) {}

  /** One check at `now`; see the module comment. */
  async check(now: Date, signal: AbortSignal): Promise<SchedulerCheck> {
    const result: MutableCheck = {
      now: now.toISOString(),
      led: true,
      fired: [],
      failed: [],
      skipped: [],
      refused: [],
      problems: [],
    };
    const {store} = this.host;
    const outcome = await this.host.lead(async () => {
      const schedules = await store.readSchedules();
      const states = new Map(
        (await store.readScheduleStates()).map((state) => [state.scheduleId, state]),
      );
      for (const schedule of schedules) {
        if (signal.aborted) break;
        try {
          await this.checkSchedule(schedule, states.get(schedule.id), now, result, signal);
        } catch (error) {
          // Storage failed around the firings (reading what is recorded, moving `since`): this
          // schedule is checked again next time; the others are checked now.
          if (isAbort(error, signal)) break;
          const {code, reason} = this.reasonOf(error);
          result.problems.push({scheduleId: schedule.id, code, message: reason});
        }
      }
    });
    return outcome.acquired ? result : {...result, led: false};
  }

  /** Every schedule with its coming firing times after `now` and what each would bill. */
  async overview(now: Date): Promise<ScheduleOverview[]> {
    const {store} = this.host;
    const schedules = await store.readSchedules();
    const states = new Map(
      (await store.readScheduleStates()).map((state) => [state.scheduleId, state]),
    );
    const overviews: ScheduleOverview[] = [];
    for (const schedule of schedules) {
      const state = states.get(schedule.id);
      overviews.push({
        schedule,
        savedAt: state?.savedAt ?? null,
        lastCheckedAt: state?.lastCheckedAt ?? null,
        next: schedule.enabled ? upcomingFirings(schedule, now) : [],
        lastFiring: (await store.readLastFiring(schedule.id)) ?? null,
      });
    }
    return overviews;
  }

  private reasonOf(error: unknown): {code: string; reason: string} {
    const mapped = this.host.describeError?.(error) ?? error;
    if (mapped instanceof InvoiceRunError) {
      return {code: mapped.code, reason: `${mapped.code}: ${mapped.message}`};
    }
    if (mapped instanceof Error)
      return {code: mapped.name, reason: `${mapped.name}: ${mapped.message}`};
    return {code: 'ERROR', reason: String(mapped)};
  }

  private async checkSchedule(
    schedule: Schedule,
    state: ScheduleState | undefined,
    now: Date,
    result: MutableCheck,
    signal: AbortSignal,
  ): Promise<void> {
    const {store} = this.host;
    const id = schedule.id;
    if (state === undefined) {
      // Stored before the scheduler kept state (or written around saveSchedule): it starts now.
      await store.startScheduleState({...freshState(id, result.now), lastCheckedAt: result.now});
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
        const reason =
          `missed while no scheduler ran; only the latest ${schedule.maxCatchUp} missed ` +
          `firing${schedule.maxCatchUp === 1 ? ' is' : 's are'} caught up (maxCatchUp)`;
        result.skipped.push(
          ...(await store.recordSkippedFirings(
            due.skip.map((at) => ({scheduleId: id, at, runId: null, status: 'skipped', reason})),
          )),
        );
      }
    } catch (error) {
      // A stored schedule whose cron cannot be read: nothing can be planned; say so, move on.
      const {code, reason} = this.reasonOf(error);
      result.problems.push({scheduleId: id, code, message: reason});
      await store.advanceScheduleState(id, result.now);
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
    if (complete) await store.advanceScheduleState(id, result.now);
  }

  /** The local firing times recorded for a schedule from a little before `since` on. */
  private async recordedSince(schedule: Schedule, since: Date): Promise<Set<string>> {
    const from = localFiringTime(schedule, new Date(since.getTime() - RECORDED_MARGIN_MS));
    const firings = await this.host.store.readFiringsFrom(schedule.id, from);
    return new Set(firings.map((firing) => firing.at));
  }

  /**
   * Records why a firing failed; `undefined` when storage refuses even this (the next check tries
   * the firing time again).
   */
  private async recordFailure(
    scheduleId: string,
    at: string,
    error: unknown,
  ): Promise<FiringRecord | undefined> {
    try {
      return await this.host.store.recordFiringFailure(scheduleId, at, this.reasonOf(error).reason);
    } catch {
      return undefined;
    }
  }
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
