import {Cron} from 'croner';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {dueFirings} from './scheduler-plan.js';
import {scheduleSchema} from './schedule.js';

const monthly = scheduleSchema.parse({
  id: 'monthly',
  cron: '0 6 1 * *',
  timeZone: 'Europe/Berlin',
  subscriptionFilter: 'all',
});

describe('dueFirings', () => {
  afterEach(() => vi.restoreAllMocks());

  it('fires nothing before the first firing time', () => {
    const due = dueFirings(
      monthly,
      new Date('2026-03-01T06:00:00Z'),
      new Date('2026-03-20T12:00:00Z'),
      new Set(),
    );
    expect(due).toEqual({fire: [], skip: []});
  });

  it('fires a firing time that has passed since the last look, in local time', () => {
    const due = dueFirings(
      monthly,
      new Date('2026-03-25T00:00:00Z'),
      new Date('2026-04-01T05:00:00Z'),
      new Set(),
    );
    // 06:00 in Berlin (CEST, UTC+2 from March 29) is 04:00 UTC.
    expect(due).toEqual({fire: ['2026-04-01T06:00'], skip: []});
  });

  it('catches up the latest maxCatchUp missed firings in time order and skips the older ones', () => {
    const due = dueFirings(
      monthly,
      new Date('2025-12-15T00:00:00Z'),
      new Date('2026-06-10T00:00:00Z'),
      new Set(),
    );
    expect(due.fire).toEqual(['2026-04-01T06:00', '2026-05-01T06:00', '2026-06-01T06:00']);
    expect(due.skip).toEqual(['2026-01-01T06:00', '2026-02-01T06:00', '2026-03-01T06:00']);
  });

  it('never fires or skips a firing time that is already recorded', () => {
    const recorded = new Set(['2026-05-01T06:00', '2026-02-01T06:00']);
    const due = dueFirings(
      monthly,
      new Date('2025-12-15T00:00:00Z'),
      new Date('2026-06-10T00:00:00Z'),
      recorded,
    );
    expect(due.fire).toEqual(['2026-03-01T06:00', '2026-04-01T06:00', '2026-06-01T06:00']);
    expect(due.skip).toEqual(['2026-01-01T06:00']);
  });

  it('honours maxCatchUp 0 (record everything missed as skipped) and a larger one', () => {
    const since = new Date('2025-12-15T00:00:00Z');
    const now = new Date('2026-03-10T00:00:00Z');
    expect(dueFirings({...monthly, maxCatchUp: 0}, since, now, new Set())).toEqual({
      fire: [],
      skip: ['2026-01-01T06:00', '2026-02-01T06:00', '2026-03-01T06:00'],
    });
    expect(dueFirings({...monthly, maxCatchUp: 10}, since, now, new Set()).fire).toHaveLength(3);
  });

  it('fires an on-time firing even with maxCatchUp 0: only missed ones are limited', () => {
    const since = new Date('2026-01-15T00:00:00Z');
    // 06:00 in Berlin on Mar 1 is 05:00 UTC; the scheduler looks 30 s later.
    const due = dueFirings(
      {...monthly, maxCatchUp: 0},
      since,
      new Date('2026-03-01T05:00:30Z'),
      new Set(),
    );
    expect(due).toEqual({fire: ['2026-03-01T06:00'], skip: ['2026-02-01T06:00']});
  });

  it('lists every firing time of a long gap, keeping the latest to fire', () => {
    const minutely = scheduleSchema.parse({
      id: 'm',
      cron: '* * * * *',
      timeZone: 'UTC',
      maxCatchUp: 2,
    });
    const due = dueFirings(
      minutely,
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-11T00:00:00Z'),
      new Set(),
      0,
    );
    // Ten days of minutes, 14,400 of them (more than one batch); the one at `now` is on time.
    expect(due.skip).toHaveLength(14_397);
    expect(due.skip[0]).toBe('2026-01-01T00:01');
    expect(due.fire).toEqual(['2026-01-10T23:58', '2026-01-10T23:59', '2026-01-11T00:00']);
  });

  it('catches up a long-closed tab cheaply: croner reads the zone only around offset changes', () => {
    const nextRun = vi.spyOn(Cron.prototype, 'nextRun');
    const minutely = scheduleSchema.parse({
      id: 'm',
      cron: '* * * * *',
      timeZone: 'Europe/Berlin',
      maxCatchUp: 1,
    });
    // Ten days of minutes across the spring change of March 29 (02:00 to 03:00 does not exist).
    const due = dueFirings(
      minutely,
      new Date('2026-03-20T00:00:00Z'),
      new Date('2026-03-30T00:00:00Z'),
      new Set(),
      0,
    );
    expect(due.skip).toHaveLength(14_398);
    expect(due.skip).not.toContain('2026-03-29T02:30');
    expect(due.fire).toEqual(['2026-03-30T01:59', '2026-03-30T02:00']);
    // Not once per firing time (14,400 calls), only for the hours around the change.
    expect(nextRun.mock.calls.length).toBeLessThan(300);
  });

  it('does not fire a disabled schedule', () => {
    const due = dueFirings(
      {...monthly, enabled: false},
      new Date('2025-12-15T00:00:00Z'),
      new Date('2026-06-10T00:00:00Z'),
      new Set(),
    );
    expect(due).toEqual({fire: [], skip: []});
  });

  it('fires a repeated wall-clock time once when clocks go back', () => {
    const halfHourly = scheduleSchema.parse({
      id: 'h',
      cron: '30 1 * * *',
      timeZone: 'America/New_York',
    });
    const every30 = {...halfHourly, cron: '*/30 * * * *'};
    // 2026-11-01: 01:00-02:00 happens twice in New York.
    const due = dueFirings(
      {...every30, maxCatchUp: 100},
      new Date('2026-11-01T04:50:00Z'),
      new Date('2026-11-01T07:10:00Z'),
      new Set(),
    );
    const times = [...due.skip, ...due.fire];
    expect(times).toEqual([...new Set(times)]);
    expect(times).toContain('2026-11-01T01:30');
  });
});
