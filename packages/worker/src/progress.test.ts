/**
 * The progress heartbeat, independent of the machine's speed: while a job waits (here: for the
 * lock of its run, held back by the test), the worker repeats the last progress every
 * `progressInterval`, so a page never goes long without a sign of life.
 */
import {afterEach, expect, it} from 'vitest';
import {createInProcessClient} from './in-process.js';
import {defaultLocks, type Locks} from './locks.js';
import {JANUARY, monthlyDataSet} from './test-support/data.js';
import type {InvoiceRunClient, JobProgress} from './api.js';

const clients: InvoiceRunClient[] = [];
afterEach(async () => {
  for (const made of clients.splice(0)) await made.dispose();
});

it('repeats the last progress while a job waits, and goes on when it may', async () => {
  const platform = defaultLocks();
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  // The run's own lock is taken when the run starts: keep it from the run until the test says so.
  const locks: Locks = {
    request: (name, signal, task) => platform.request(name, signal, task),
    requestIfAvailable: (name, task) => platform.requestIfAvailable(name, task),
    held: () => platform.held(),
    async hold(name) {
      if (name.includes(':run:')) {
        held = true;
        await released;
      }
      return platform.hold(name);
    },
  };
  const billing = createInProcessClient({
    database: `progress-${process.pid}`,
    locks,
    progressInterval: 20,
    scheduler: {enabled: false},
  });
  clients.push(billing);
  await billing.import(monthlyDataSet(5));
  const events: JobProgress[] = [];
  const run = billing.startRun(JANUARY, {onProgress: (progress) => events.push(progress)});
  // Wait on events, not on time: the heartbeat must bring at least three while the run is held.
  while (!(held && events.length >= 3)) await new Promise((resolve) => setTimeout(resolve, 5));
  const whileHeld = events.length;
  expect(new Set(events.map((event) => JSON.stringify(event))).size).toBe(1);
  release();
  const result = await run;
  expect(result.counters.invoices).toBe(5);
  expect(events.length).toBeGreaterThan(whileHeld);
  expect(events.at(-1)).toEqual({phase: 'subscriptions', done: 5, total: 5});
});
