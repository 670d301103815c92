/** Helpers of the browser tests: real mouse clicks, shadow queries, waiting. Not published. */
import {sendKeys, sendMouse} from '@web/test-runner-commands';
import {oneEvent, waitUntil} from '@open-wc/testing';

/** The element matching `selector` in the shadow root of `host`; fails when there is none. */
export function part<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (found === null || found === undefined) {
    throw new Error(`<${host.localName}> has no ${selector}`);
  }
  return found;
}

export function parts<T extends Element = HTMLElement>(host: Element, selector: string): T[] {
  return [...(host.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

/** Clicks the middle of an element with the mouse, as a person does (through the browser). */
export async function click(element: Element): Promise<void> {
  element.scrollIntoView({block: 'center', inline: 'center'});
  // A virtualised row may still move when its list measures it: wait until it stands still.
  let box = element.getBoundingClientRect();
  for (let frames = 0; frames < 30; frames++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const next = element.getBoundingClientRect();
    const still = next.top === box.top && next.left === box.left;
    box = next;
    if (still && frames > 0) break;
  }
  await sendMouse({
    type: 'click',
    position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)],
  });
  await sendMouse({type: 'move', position: [0, 0]});
}

/** Waits until `find` returns something, and returns it. */
export async function waitFor<T>(
  find: () => T | null | undefined | false,
  message: string,
  timeout = 10_000,
): Promise<T> {
  let found: T | null | undefined | false;
  await waitUntil(
    () => {
      found = find();
      return found !== null && found !== undefined && found !== false;
    },
    message,
    {timeout, interval: 20},
  );
  return found as T;
}

/** The text of an element with white space collapsed. */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element that has focus, looking into shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Chromium reports "ResizeObserver loop completed with undelivered notifications" as a window
 * error when the virtualizer resizes rows within a frame; it is harmless and not a test failure.
 * A capturing listener at the window runs before mocha's `onerror`.
 */
window.addEventListener(
  'error',
  (event) => {
    if (event.message.includes('ResizeObserver loop')) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  },
  {capture: true},
);

/** Presses Tab (at most `presses` times) until `target` has focus; fails if it never does. */
export async function tabTo(target: Element, presses = 4): Promise<void> {
  for (let n = 0; n < presses; n++) {
    await sendKeys({press: 'Tab'});
    if (deepActiveElement() === target) return;
  }
  throw new Error(`Tab did not reach ${target.id || target.localName}`);
}

/** The next event of a type, typed by `HTMLElementEventMap` (a type-level check of the map). */
export function nextEvent<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
): Promise<HTMLElementEventMap[K]> {
  return oneEvent(target, type) as unknown as Promise<HTMLElementEventMap[K]>;
}
