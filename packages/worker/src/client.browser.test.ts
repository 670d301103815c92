/// <reference types="mocha" />
/**
 * Starting the client in Chromium: a worker that never answers or cannot load ends in
 * `WORKER_FAILED` (never a hang), `persist` asks the browser to keep the storage, and the errors
 * that cross from the worker are `InvoiceRunError`s by `instanceof` and by `isInvoiceRunError`.
 * (Assets on another origin and the own-worker recipe are tested on the built packages, in
 * `test/consumer`.)
 */
import {expect} from 'chai';
import {InvoiceRunError, isInvoiceRunError} from '@invoice-run/core';
import {createInvoiceRunClient, type InvoiceRunClient} from '@invoice-run/worker';

const clients: InvoiceRunClient[] = [];
let counter = 0;

function newDatabase(): string {
  return `client-${Date.now()}-${++counter}`;
}

function track(client: InvoiceRunClient): InvoiceRunClient {
  clients.push(client);
  return client;
}

async function failureOf(promise: Promise<unknown>): Promise<InvoiceRunError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (caught: unknown) => caught,
  );
  expect(error).to.be.instanceOf(InvoiceRunError);
  return error as InvoiceRunError;
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
});

describe('starting the client', () => {
  it('a worker that never answers (an empty host worker) fails every call with WORKER_FAILED', async () => {
    const empty = URL.createObjectURL(new Blob([''], {type: 'text/javascript'}));
    const client = track(
      createInvoiceRunClient({
        database: newDatabase(),
        worker: new Worker(empty, {type: 'module'}),
        startTimeoutMs: 300,
      }),
    );
    const first = await failureOf(client.runs());
    expect(first.code).to.equal('WORKER_FAILED');
    expect(first.message).to.contain('did not answer within 0.3 s');
    expect(first.message).to.contain('@invoice-run/worker/worker.js');
    // Later calls fail at once with the same error.
    expect((await failureOf(client.settings())).code).to.equal('WORKER_FAILED');
  });

  it('a worker whose script cannot be loaded fails with WORKER_FAILED', async () => {
    const client = track(
      createInvoiceRunClient({
        database: newDatabase(),
        worker: new Worker('/no-such-worker.js', {type: 'module'}),
      }),
    );
    const error = await failureOf(client.runs());
    expect(error.code).to.equal('WORKER_FAILED');
    expect(error.message).to.contain('could not start');
  });

  it('persist: true asks the browser to keep this origin’s storage', async () => {
    const storage = navigator.storage;
    const original = Object.getOwnPropertyDescriptor(StorageManager.prototype, 'persist');
    let asked = 0;
    Object.defineProperty(storage, 'persist', {
      configurable: true,
      value: () => {
        asked++;
        return Promise.resolve(true);
      },
    });
    try {
      const client = track(
        createInvoiceRunClient({
          database: newDatabase(),
          persist: true,
          scheduler: {enabled: false},
        }),
      );
      expect(asked).to.equal(1);
      track(createInvoiceRunClient({database: newDatabase(), scheduler: {enabled: false}}));
      expect(asked).to.equal(1);
      await client.runs();
    } finally {
      delete (storage as {persist?: unknown}).persist;
      expect(Object.getOwnPropertyDescriptor(StorageManager.prototype, 'persist')).to.deep.equal(
        original,
      );
    }
  });

  it('errors from the worker are InvoiceRunErrors by instanceof and by isInvoiceRunError', async () => {
    const client = track(
      createInvoiceRunClient({database: newDatabase(), scheduler: {enabled: false}}),
    );
    const error: unknown = await client.run('no-such-run').catch((caught: unknown) => caught);
    expect(error instanceof InvoiceRunError).to.equal(true);
    expect(isInvoiceRunError(error)).to.equal(true);
    expect(error).to.include({code: 'RUN_NOT_FOUND', name: 'InvoiceRunError'});
  });
});
