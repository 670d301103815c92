/**
 * Keys refused wherever a host's data names a property: in imported records (at any depth), in the
 * column paths of a CSV import, and in the field paths of filter conditions. They name the object
 * machinery of JavaScript rather than data; code that writes a record key by key could turn
 * `__proto__.quantity` into a change of every object in the worker.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);
