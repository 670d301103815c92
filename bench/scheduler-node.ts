// The scheduler's share of the budget (issue 15): core's `dueFirings` over a 10-day gap of a
// minutely schedule in a time zone with offsets (14,400 firing times: what a scheduler that was
// away for ten days lists when it looks again), timed in Node. Prints one JSON object.
// Usage: tsx --conditions=source bench/scheduler-node.ts
import {dueFirings, scheduleSchema} from '@invoice-run/core';

const schedule = scheduleSchema.parse({
  id: 'minutely',
  cron: '* * * * *',
  timeZone: 'Europe/Berlin',
  subscriptionFilter: 'all',
});
const since = new Date('2026-03-20T00:00:00Z'); // the gap holds the change to summer time
const now = new Date(since.getTime() + 10 * 86_400_000);
const times: number[] = [];
// The median of up to five timings, after a first call that warms up (at most 3 s of timing).
let due = dueFirings(schedule, since, now, new Set());
for (let spent = 0; times.length < 5 && spent < 3000; spent += times[times.length - 1]!) {
  const started = performance.now();
  due = dueFirings(schedule, since, now, new Set());
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    gapDays: 10,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    firingTimes: due.fire.length + due.skip.length,
    dueFiringsMs: Number(times[Math.floor(times.length / 2)]!.toFixed(1)),
  }),
);
