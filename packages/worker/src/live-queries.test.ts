/**
 * A live query whose page callback fails (a page gone, or a callback the page released: Comlink
 * then throws at the call, synchronously) stops, and the failure never escapes the worker as an
 * unhandled rejection.
 */
import {expect, it} from 'vitest';
import {createInProcessClient} from './in-process.js';
import {JANUARY, monthlyDataSet} from './test-support/data.js';
import type {InvoiceChanges} from './api.js';

it('a listener that throws at the call stops its observation, and nothing is left unhandled', async () => {
  const client = createInProcessClient({
    database: `live-queries-${process.pid}`,
    scheduler: {enabled: false},
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await client.import(monthlyDataSet(2));
    let thrown = 0;
    client.observeRuns(() => {
      thrown++;
      throw new Error('Proxy has been released and is not useable');
    });
    const seen: number[] = [];
    client.observeRuns((page) => void seen.push(page.items.length));
    // Both observations get the first value; then a run changes what they show.
    await expect.poll(() => [thrown, seen.length]).toEqual([1, 1]);
    await client.startRun(JANUARY);
    await expect.poll(() => seen.at(-1)).toBe(1);
    // The healthy listener saw the run; the failed one was stopped after its first call.
    expect(thrown).toBe(1);
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await client.dispose();
  }
});

it("the change feed of a run's invoices names the ones an edit and a deletion touched", async () => {
  const client = createInProcessClient({
    database: `invoice-changes-${process.pid}`,
    scheduler: {enabled: false},
  });
  try {
    await client.import(monthlyDataSet(3));
    const {run} = await client.startRun({...JANUARY, invoiceDate: '2026-02-01'});
    const seen: InvoiceChanges[] = [];
    const stop = client.observeInvoiceChanges(run.id, (changes) => void seen.push(changes));
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({changed: [], removed: [], all: false});
    const {items} = await client.invoices(run.id);
    const edited = await client.editDraft(items[0]!.id, [{line: 0, set: {quantity: '4'}}]);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toEqual({changed: [edited], removed: [], all: false});
    await client.deleteDrafts(run.id, {accounts: [items[1]!.accountId]});
    await expect.poll(() => seen.length).toBe(3);
    expect(seen[2]).toEqual({changed: [], removed: [items[1]!.id], all: false});
    stop();
  } finally {
    await client.dispose();
  }
});
