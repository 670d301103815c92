import {describe, expect, it} from 'vitest';
import {InvoiceRunError, isInvoiceRunError} from './errors.js';
import type * as errors from './errors.js';

describe('InvoiceRunError', () => {
  it('is recognised across two copies of the module, as a page with a bundled client holds', async () => {
    // A second instance of this very module, as a bundle that inlines core would carry.
    const specifier = new URL('./errors.ts?copy', import.meta.url).href;
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof errors;
    expect(copy.InvoiceRunError).not.toBe(InvoiceRunError);
    const fromCopy = new copy.InvoiceRunError('RUN_NOT_FOUND', 'No run "r9".', [
      {path: 'runId', message: 'no such run'},
    ]);
    expect(fromCopy instanceof InvoiceRunError).toBe(true);
    expect(isInvoiceRunError(fromCopy)).toBe(true);
    expect(copy.isInvoiceRunError(new InvoiceRunError('CANCELLED', 'Cancelled.'))).toBe(true);
    expect(fromCopy).toBeInstanceOf(Error);
    expect(fromCopy).toMatchObject({code: 'RUN_NOT_FOUND', name: 'InvoiceRunError'});
  });

  it('is not any error, nor an object that only looks like one', () => {
    const lookalike = Object.assign(new Error('x'), {
      name: 'InvoiceRunError',
      code: 'X',
      faults: [],
    });
    expect(lookalike instanceof InvoiceRunError).toBe(false);
    expect(isInvoiceRunError(lookalike)).toBe(false);
    expect(isInvoiceRunError(null)).toBe(false);
    expect(isInvoiceRunError('RUN_NOT_FOUND')).toBe(false);
  });
});
