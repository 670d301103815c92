/**
 * One live query of the worker (`client.observeRuns`, `observeInvoices`, `observeRemaining`, …),
 * kept in step with its element: it observes while the element is on the page, starts again when
 * what it depends on changes (the client, a run id), and stops when the element leaves. Values of
 * an observation that was stopped are never delivered, so a late value of the old client or run
 * cannot land in the new state.
 *
 * It updates in the host's update, after `willUpdate` and in the order controllers were added:
 * declare it before the tasks whose arguments read what it delivers, so they see the new state in
 * the same update.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import type {Unsubscribe} from '@invoice-run/worker';

export interface LiveQueryOptions<A extends readonly unknown[], T> {
  /** What the query depends on, read at every update; when any item changes it starts again. */
  readonly args: () => A;
  /**
   * Starts the observation for `args`, calling `deliver` with each value; `undefined` when these
   * arguments observe nothing (no client yet, no run opened).
   */
  readonly observe: (args: A, deliver: (value: T) => void) => Unsubscribe | undefined;
  /** Each value as it comes, with the arguments it is for; `first` for an observation's first. */
  readonly onValue?: (value: T, first: boolean, args: A) => void;
  /**
   * Called for the changes after the first value, at most once every `changeDelay` milliseconds
   * (the first change of a burst waits that long, the rest of the burst joins it): for elements
   * that read again what a change concerns rather than use the value itself.
   */
  readonly onChange?: () => void;
  readonly changeDelay?: number;
  /** The observation stopped (its arguments changed, the element left the page): drop its state. */
  readonly onStop?: () => void;
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((each, index) => Object.is(each, b[index]));
}

export class LiveQueryController<A extends readonly unknown[], T> implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: LiveQueryOptions<A, T>;
  /** The arguments observed now; `undefined` while nothing is observed. */
  private args: A | undefined;
  private unsubscribe: Unsubscribe | undefined;
  /** Counts observations, so that values of a stopped one are dropped. */
  private generation = 0;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;

  /** The last value of the current observation; `undefined` until it comes. */
  value: T | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: LiveQueryOptions<A, T>) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // Moved or put back on the page: observe again at the next update.
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    if (!this.host.isConnected) return;
    const args = this.options.args();
    if (this.args !== undefined && sameArgs(args, this.args)) return;
    this.stop();
    this.args = args;
    const generation = this.generation;
    let first = true;
    this.unsubscribe = this.options.observe(args, (value) => {
      if (generation !== this.generation) return;
      this.value = value;
      const wasFirst = first;
      first = false;
      this.options.onValue?.(value, wasFirst, args);
      if (!wasFirst && this.options.onChange !== undefined) this.changed();
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stop();
  }

  private changed(): void {
    if (this.changeTimer !== undefined) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.options.onChange?.();
    }, this.options.changeDelay ?? 0);
  }

  /** Stops the observation and forgets its value; the next update observes again. */
  stop(): void {
    const observing = this.unsubscribe !== undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.args = undefined;
    this.generation++;
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    this.value = undefined;
    if (observing) this.options.onStop?.();
  }
}
