/**
 * The worker entry: exposes `InvoiceRunWorker` through Comlink; each `open(database)` returns the
 * service of that database as a proxy.
 */
import {expose, proxy} from 'comlink';
import type {InvoiceRunWorker} from './api.js';
import {installErrorTransfer} from './errors.js';
import {InvoiceRunService} from './service.js';

installErrorTransfer();

const worker: InvoiceRunWorker = {
  open(database, settings = {}) {
    return proxy(new InvoiceRunService({database, ...settings}));
  },
};

expose(worker);
