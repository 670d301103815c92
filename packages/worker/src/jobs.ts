/**
 * The service's jobs: work the page can cancel by token (runs, firings, previews, View Remaining,
 * restores), each relaying its progress to the page at least every `interval` ms while it works.
 */
import {releaseProxy} from 'comlink';
import type {RunProgress} from '@invoice-run/core';
import type {JobProgress, ProgressListener} from './api.js';

export interface Job {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: JobProgress) => void;
  /** Replaces the unknown total (-1) of a phase with a known one. */
  totals: Partial<Record<RunProgress['phase'], number>>;
}

/** Says that a job waits for another tab's or worker's billing. */
export const WAITING: JobProgress = {phase: 'waiting', done: 0, total: -1};

function ignore(): void {}

/** Calls a page callback without letting it (or its message port) break the caller. */
export function notify(call: () => unknown, onError: () => void = ignore): void {
  try {
    Promise.resolve(call()).catch(onError);
  } catch {
    onError();
  }
}

/** A Comlink proxy of a page callback holds a message port: let it go (no-op for a function). */
export function releaseCallback(callback: unknown): void {
  if (typeof callback !== 'function') return;
  const release = (callback as {[releaseProxy]?: unknown})[releaseProxy];
  if (typeof release === 'function') (release as () => void)();
}

export class Jobs {
  private readonly running = new Map<string, AbortController>();
  private readonly cancelled = new Set<string>();

  constructor(private readonly interval = 250) {}

  /** Aborts a job between chunks; a cancel that overtook its job is remembered (boundedly). */
  cancel(token: string): void {
    const controller = this.running.get(token);
    if (controller !== undefined) controller.abort();
    else {
      this.cancelled.add(token);
      if (this.cancelled.size > 1000) this.cancelled.clear();
    }
  }

  abortAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  /** Runs `task` as a cancellable job with its progress relay. */
  async run<T>(
    token: string | undefined,
    listener: ProgressListener | undefined,
    task: (job: Job) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    if (token !== undefined) {
      if (this.cancelled.delete(token)) controller.abort();
      this.running.set(token, controller);
    }
    let last: JobProgress | undefined;
    let sentAt = 0;
    const send = (progress: JobProgress) => {
      last = progress;
      sentAt = Date.now();
      if (listener !== undefined) notify(() => listener(progress));
    };
    const job: Job = {
      signal: controller.signal,
      totals: {},
      onProgress: (progress) => {
        if (progress.phase === 'waiting') send(progress);
        else {
          const total = progress.total === -1 ? (job.totals[progress.phase] ?? -1) : progress.total;
          send({...progress, total});
        }
      },
    };
    // A slow chunk still reports: the last progress again, at least every `interval` ms.
    const heartbeat = setInterval(() => {
      if (last !== undefined && Date.now() - sentAt >= this.interval) send(last);
    }, this.interval);
    try {
      return await task(job);
    } finally {
      clearInterval(heartbeat);
      if (token !== undefined) this.running.delete(token);
      releaseCallback(listener);
    }
  }
}
