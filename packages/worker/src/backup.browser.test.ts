/// <reference types="mocha" />
/**
 * Backing up and restoring a billing database, as the README shows a host doing it: a whole
 * database (runs, invoices and their numbers, coverage, schedules) with `dexie-export-import`
 * under the database's Web Lock, and the source data alone with `export()` and `import()`.
 */
import {expect} from 'chai';
import {Dexie} from 'dexie';
import {exportDB, importDB} from 'dexie-export-import';
import {createInvoiceRunClient, type InvoiceRunClient} from '@invoice-run/worker';
import {JANUARY, monthlyDataSet} from './test-support/data.js';

// ---- The README's recipe (worker README, "Backup and restore") ----

/** A backup of one billing database: every table, as a JSON blob. */
async function backUp(database: string): Promise<Blob> {
  // The database's lock: no run, import or firing writes while the backup reads.
  return navigator.locks.request(`invoice-run:${database}`, async () => {
    const db = await new Dexie(database).open();
    try {
      return await exportDB(db);
    } finally {
      db.close();
    }
  });
}

/** Restores a backup as `database`, which must not exist (or be deleted first, all clients gone). */
async function restore(backup: Blob, database: string): Promise<void> {
  const db = await importDB(backup, {name: database});
  db.close();
}

// ---------------------------------------------------------------------

const clients: InvoiceRunClient[] = [];
let counter = 0;

function newDatabase(): string {
  return `backup-${Date.now()}-${++counter}`;
}

function client(database: string): InvoiceRunClient {
  const made = createInvoiceRunClient({database, scheduler: {enabled: false}});
  clients.push(made);
  return made;
}

afterEach(async () => {
  for (const made of clients.splice(0)) await made.dispose();
});

describe('backup and restore', () => {
  it('a whole database comes back: runs, numbered invoices, coverage, counters, schedules', async () => {
    const original = newDatabase();
    const billing = client(original);
    await billing.import(monthlyDataSet(3));
    const {run} = await billing.startRun(JANUARY);
    const finalized = await billing.finalize(run.id, {}, '2026-02-01');
    await billing.saveSchedule({id: 'monthly', cron: '0 6 1 * *'}, '2026-02-01T00:00:00Z');

    const backup = await backUp(original);
    const copy = newDatabase();
    await restore(backup, copy);
    const restored = client(copy);

    expect(await restored.export()).to.deep.equal(await billing.export());
    expect((await restored.runs()).items.map((item) => item.id)).to.deep.equal([run.id]);
    const invoices = (await restored.invoices(run.id)).items;
    expect(invoices.map((invoice) => invoice.number)).to.deep.equal(
      finalized.map((invoice) => invoice.number),
    );
    expect((await restored.schedules()).map((schedule) => schedule.id)).to.deep.equal(['monthly']);
    // Coverage came back: January again bills nothing; numbering goes on after the last number.
    const again = await restored.startRun(JANUARY);
    expect(again.counters.invoices).to.equal(0);
    const february = await restored.startRun({periodStart: '2026-02-01', periodEnd: '2026-02-28'});
    const [next] = await restored.finalize(february.run.id, {}, '2026-03-01');
    expect(next?.number).to.equal('INV-2026-00004');
  });

  it('export() and import() carry the source data alone, not what was billed', async () => {
    const billing = client(newDatabase());
    await billing.import(monthlyDataSet(2));
    await billing.startRun(JANUARY);
    const data = await billing.export();

    const fresh = client(newDatabase());
    const report = await fresh.import(data);
    expect(report.rejected).to.deep.equal([]);
    expect(report.warnings).to.deep.equal([]);
    expect(await fresh.export()).to.deep.equal(data);
    expect((await fresh.runs()).total).to.equal(0);
  });
});
