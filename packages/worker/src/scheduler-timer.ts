/**
 * The automatic scheduler of a service: a check when the service starts and then every
 * `intervalMs`, each after the previous one has ended. A failing check (storage, a blocked
 * database) is left for the next one: it never rejects anywhere, so it cannot bring the worker
 * down. One check at a time leads across tabs and workers: the scheduler's Web Lock, taken only
 * when it is free.
 */
import type {SchedulerSettings} from './api.js';

const DEFAULT_INTERVAL = 60_000;
/** The shortest interval between automatic checks. */
const MIN_INTERVAL = 10;

/** Starts the timer; `signal` stops it. */
export function startSchedulerTimer(
  settings: SchedulerSettings,
  check: () => Promise<unknown>,
  signal: AbortSignal,
): void {
  if (settings.enabled === false) return;
  const requested = settings.intervalMs ?? DEFAULT_INTERVAL;
  const interval = Number.isFinite(requested)
    ? Math.max(MIN_INTERVAL, requested)
    : DEFAULT_INTERVAL;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (delay: number) => {
    if (signal.aborted) return;
    timer = setTimeout(tick, delay);
    // In Node, a pending check must not keep the process alive.
    (timer as {unref?: () => void}).unref?.();
  };
  const tick = () => {
    timer = undefined;
    check().then(
      () => schedule(interval),
      () => schedule(interval),
    );
  };
  signal.addEventListener('abort', () => {
    if (timer !== undefined) clearTimeout(timer);
  });
  schedule(0);
}
