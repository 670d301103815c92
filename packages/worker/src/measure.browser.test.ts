/// <reference types="mocha" />
/**
 * Figures, printed with the test output: import (validation and `bulkPut`) and run throughput of
 * the worker on generated data. The assertions are loose floors, to catch a regression by an
 * order of magnitude, not noise.
 */
import {expect} from 'chai';
import {createInvoiceRunClient} from '@invoice-run/worker';
import {JANUARY, monthlyDataSet} from './test-support/data.js';

describe('measurements', () => {
  it('imports and bills 10,000 subscriptions in the worker', async () => {
    const client = createInvoiceRunClient({database: `measure-${Date.now()}`});
    try {
      const data = monthlyDataSet(10_000);
      const records = 30_000;
      let started = performance.now();
      const report = await client.import(data);
      const importMs = performance.now() - started;
      expect(report.stored).to.equal(records);
      started = performance.now();
      const result = await client.startRun(JANUARY);
      const runMs = performance.now() - started;
      expect(result.counters.invoices).to.equal(10_000);
      started = performance.now();
      const page = await client.invoices(result.run.id, {offset: 5000, limit: 100});
      const pageMs = performance.now() - started;
      expect(page.items).to.have.length(100);
      console.log(
        `import: ${records} records in ${Math.round(importMs)} ms (${Math.round((records / importMs) * 1000)} records/s, validation included); ` +
          `run: 10000 invoices in ${Math.round(runMs)} ms (${Math.round((10_000 / runMs) * 1000)} invoices/s); ` +
          `invoice page at offset 5000: ${Math.round(pageMs)} ms`,
      );
      expect(records / importMs).to.be.above(1); // > 1000 records/s
      expect(10_000 / runMs).to.be.above(0.1); // > 100 invoices/s
    } finally {
      await client.dispose();
    }
  });
});
