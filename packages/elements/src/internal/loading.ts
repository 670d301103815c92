/** What a component shows for a task that loads data: loading, the data, or the failure. */
import {html} from 'lit';
import type {Task} from '@lit/task';
import type {ErrorMessages} from './errors.js';
import {renderFailure} from './templates.js';

export interface LoadingView<R> {
  /** The status said until the first value is there. */
  readonly loading: string;
  /** The data; also shown, unchanged, while it loads again. */
  readonly complete: (value: R) => unknown;
  /** The texts of a failure. */
  readonly messages: ErrorMessages;
  /** Tries again from the failure notice. */
  readonly retry: () => void;
  /** Before the task first runs; the loading status when left out. */
  readonly initial?: () => unknown;
  /** A failure; the failure notice with its retry button when left out. */
  readonly error?: (error: unknown) => unknown;
}

/**
 * A task's data as it loads: a loading status (a live region) until the first value, the last
 * value while it loads again, a failure with a retry button.
 */
export function renderLoading<A extends readonly unknown[], R>(
  task: Task<A, R>,
  view: LoadingView<R>,
): unknown {
  const loading = () => html`<p class="hint" role="status">${view.loading}</p>`;
  return task.render({
    initial: view.initial ?? loading,
    pending: () => (task.value === undefined ? loading() : view.complete(task.value)),
    complete: (value) => view.complete(value),
    error: view.error ?? ((error) => renderFailure(error, view.messages, view.retry)),
  });
}
