/**
 * A one-line progress bar for a terminal: the phase, a bar when the total is known, the count.
 * It redraws at most ten times a second, so a fast run does not flood the terminal.
 */
import type {RunProgress} from '@invoice-run/core';

const PHASES: Record<RunProgress['phase'], string> = {
  transactions: 'usage',
  subscriptions: 'subscriptions',
  records: 'records',
};
const WIDTH = 30;

export class ProgressBar {
  private drawnAt = 0;
  private shown = false;

  constructor(private readonly out: Pick<NodeJS.WriteStream, 'write'>) {}

  update(progress: RunProgress): void {
    const now = Date.now();
    if (now - this.drawnAt < 100) return;
    this.drawnAt = now;
    this.shown = true;
    const label = PHASES[progress.phase].padEnd(13);
    const done = progress.done.toLocaleString('en');
    if (progress.total <= 0) {
      this.out.write(`\r${label} ${done} …\u001b[K`);
      return;
    }
    const share = Math.min(1, progress.done / progress.total);
    const filled = Math.round(share * WIDTH);
    this.out.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done} of ${progress.total.toLocaleString('en')} (${Math.floor(share * 100)} %)\u001b[K`,
    );
  }

  clear(): void {
    if (this.shown) this.out.write('\r\u001b[K');
    this.shown = false;
  }
}
