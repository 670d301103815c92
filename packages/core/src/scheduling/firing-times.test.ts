import {Cron} from 'croner';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {firings} from './firing-times.js';

/** croner's own walk, one firing at a time in the zone: what `firings` must equal. */
function cronerWalk(
  cron: string,
  timeZone: string | undefined,
  after: Date,
  until: Date,
  limit: number,
): {instant: string; at: string}[] {
  const job = new Cron(cron, {paused: true, mode: '5-part', timezone: timeZone});
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const found: {instant: string; at: string}[] = [];
  let previous = after;
  while (found.length < limit) {
    const next = job.nextRun(previous);
    if (next === null || next.getTime() > until.getTime()) break;
    // sv-SE writes "2026-03-29 03:00".
    found.push({instant: next.toISOString(), at: format.format(next).replace(' ', 'T')});
    previous = next;
  }
  return found;
}

/** Zones with the instants of some of their offset changes, where croner's DST rules apply. */
const ZONES: readonly {readonly zone: string | undefined; readonly changes: readonly string[]}[] = [
  {zone: 'UTC', changes: ['2026-03-29T01:00:00Z']},
  {zone: 'Europe/Berlin', changes: ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']},
  {zone: 'America/New_York', changes: ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z']},
  // DST of 30 minutes.
  {zone: 'Australia/Lord_Howe', changes: ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z']},
  // UTC+12:45 and +13:45.
  {zone: 'Pacific/Chatham', changes: ['2026-04-04T14:00:00Z', '2026-09-26T14:00:00Z']},
  // UTC-3:30 and -2:30.
  {zone: 'America/St_Johns', changes: ['2026-03-08T05:30:00Z', '2026-11-01T04:30:00Z']},
  // Changes at midnight: midnight repeats in April and is missing in September.
  {zone: 'America/Santiago', changes: ['2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z']},
  // The host's zone (the suite runs under UTC, UTC+14 and America/Anchorage).
  {zone: undefined, changes: ['2026-03-08T11:00:00Z', '2026-11-01T10:00:00Z']},
];

/** Mostly `*`, sometimes one of the others. */
const field = (...others: string[]) =>
  fc.oneof(
    {weight: 3, arbitrary: fc.constant('*')},
    {weight: 1, arbitrary: fc.constantFrom(...others)},
  );

const cronArb = fc
  .tuple(
    fc.constantFrom('*', '0', '30', '*/15', '0,30', '45', '59'),
    fc.constantFrom('*', '0', '1', '2', '3', '23', '1-3', '*/6', '0,12'),
    field('1', '15', 'L', '31', '1-7', '15W', '29'),
    field('3,4,9,10,11', '2'),
    field('1-5', '0', '6#1', '5L'),
  )
  .map((fields) => fields.join(' '));

const caseArb = fc.constantFrom(...ZONES).chain(({zone, changes}) =>
  fc.record({
    zone: fc.constant(zone),
    changes: fc.constant(changes),
    after: fc.oneof(
      {
        weight: 4,
        // Shortly before a change, to start in one offset and end in the other.
        arbitrary: fc
          .tuple(
            fc.constantFrom(...changes),
            fc.integer({min: -5 * 60, max: 60}),
            fc.constantFrom(0, 1, 999),
          )
          .map(([change, minutes, ms]) => new Date(change).getTime() + minutes * 60_000 + ms),
      },
      {weight: 1, arbitrary: fc.integer({min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1)})},
    ),
    length: fc.oneof(
      {weight: 3, arbitrary: fc.integer({min: 1, max: 8 * 3_600_000})},
      {weight: 1, arbitrary: fc.integer({min: 1, max: 60 * 86_400_000})},
    ),
    // croner's walk, the reference, costs a tenth of a millisecond per firing.
    limit: fc.integer({min: 1, max: 40}),
  }),
);

describe('firings', () => {
  it('equals croner’s own walk in the zone: instants and local times, DST changes included', () => {
    // Cases with a firing within two hours of an offset change: where croner's DST rules apply.
    let nearChange = 0;
    fc.assert(
      fc.property(cronArb, caseArb, (cron, {zone, changes, after, length, limit}) => {
        const from = new Date(after);
        const until = new Date(after + length);
        const expected = cronerWalk(cron, zone, from, until, limit);
        const actual = firings({cron, timeZone: zone}, from, until, limit).map((firing) => ({
          instant: firing.instant.toISOString(),
          at: firing.at,
        }));
        expect(actual, `${cron} in ${zone ?? 'the host zone'} after ${from.toISOString()}`).toEqual(
          expected,
        );
        const near = (instant: string) =>
          changes.some((change) => Math.abs(Date.parse(instant) - Date.parse(change)) <= 7_200_000);
        if (expected.some(({instant}) => near(instant))) nearChange++;
      }),
      {numRuns: 120, seed: 20_261_207},
    );
    expect(nearChange, 'cases with a firing near an offset change').toBeGreaterThanOrEqual(10);
  });
});
