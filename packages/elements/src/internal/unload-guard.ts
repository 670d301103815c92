/**
 * Asks before the page is left (a reload, a closed tab) while a component's work would be cut off:
 * a run or a restore stops where it is when its page goes. The browser shows its own question.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';

export class UnloadGuard implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly busy: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.busy()) return;
    event.preventDefault();
    // Older engines ask only when `returnValue` is set.
    event.returnValue = '';
  };
}
