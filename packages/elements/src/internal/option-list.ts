/**
 * The keyboard of a long list of rows that can be selected, as the ARIA listbox pattern with
 * multiple selection has it: the list is one Tab stop; Up, Down, Home, End, Page Up and Page Down
 * move the active row, Space selects or clears it, Shift with an arrow selects the rows passed
 * over, Ctrl+A selects every row. A click makes a row active and selects or clears it.
 *
 * Focus stays on the list and `aria-activedescendant` names the active row. That is what lets the
 * rows be virtualised: a row that scrolled out of the DOM is not named until it is back (the
 * virtualizer reports the range it renders), so the list never points at a missing element.
 */
import type {ReactiveControllerHost} from 'lit';
import {virtualizerRef} from '@lit-labs/virtualizer/virtualize.js';

/** What the virtualizer's `rangeChanged` and `visibilityChanged` events carry. */
interface RangeEvent extends Event {
  readonly first: number;
  readonly last: number;
}

/** The part of the virtualizer this list uses: scrolling a row, rendered or not, into view. */
interface ScrollsRows {
  element(index: number): {scrollIntoView(options?: ScrollIntoViewOptions): void} | undefined;
}

export interface OptionListOptions {
  /** Put before each row's index to make its element id (`invoice-` gives `invoice-12`). */
  readonly idPrefix: string;
  /** The list element (the virtualizer's host), once rendered. */
  readonly list: () => HTMLElement | null | undefined;
  /** How many rows there are. */
  readonly count: () => number;
  /** Whether the row at `index` can be selected (a finalized invoice cannot). */
  readonly selectable: (index: number) => boolean;
  /** Whether the row at `index` is selected. */
  readonly selected: (index: number) => boolean;
  /** Selects (`true`) or clears (`false`) the row at `index`. */
  readonly select: (index: number, selected: boolean) => void;
  /** Selects every row (Ctrl+A). */
  readonly selectAll: () => void;
}

/** Rows a Page Up or Page Down moves over when the list cannot say how many it shows. */
const PAGE = 10;

/** The active row and the keys of one list; its host renders the rows and holds the selection. */
export class OptionList {
  private readonly host: ReactiveControllerHost;
  private readonly options: OptionListOptions;
  /** The active row, if any. */
  private activeIndex: number | undefined;
  /** The rows the virtualizer has in the DOM, and those in view. */
  private rendered = {first: -1, last: -1};
  private visible = {first: -1, last: -1};

  constructor(host: ReactiveControllerHost, options: OptionListOptions) {
    this.host = host;
    this.options = options;
  }

  /** Forgets the active row (another run opened, the list emptied). */
  reset(): void {
    this.activeIndex = undefined;
    this.rendered = {first: -1, last: -1};
    this.visible = {first: -1, last: -1};
  }

  /** The element id of the row at `index`. */
  idOf(index: number): string {
    return `${this.options.idPrefix}${index}`;
  }

  /** Whether the row at `index` is the active one. */
  isActive(index: number): boolean {
    return this.activeIndex === index;
  }

  /** The id for `aria-activedescendant`: the active row while it is in the DOM. */
  get activeDescendant(): string | undefined {
    const index = this.activeIndex;
    if (index === undefined || index >= this.options.count()) return undefined;
    return index >= this.rendered.first && index <= this.rendered.last
      ? this.idOf(index)
      : undefined;
  }

  private move(index: number, extend: boolean): void {
    const count = this.options.count();
    if (count === 0) return;
    const next = Math.min(count - 1, Math.max(0, index));
    const from = this.activeIndex ?? next;
    this.activeIndex = next;
    if (extend) {
      const step = next >= from ? 1 : -1;
      for (let each = from; each !== next + step; each += step) {
        if (this.options.selectable(each)) this.options.select(each, true);
      }
    }
    const list = this.options.list() as (HTMLElement & {[virtualizerRef]?: ScrollsRows}) | null;
    // A row out of the DOM is rendered by the scroll; `rangeChanged` then names it.
    list?.[virtualizerRef]?.element(next)?.scrollIntoView({block: 'nearest'});
    this.host.requestUpdate();
  }

  private toggle(index: number): void {
    if (!this.options.selectable(index)) return;
    this.options.select(index, !this.options.selected(index));
  }

  private get page(): number {
    const shown = this.visible.last - this.visible.first;
    return shown > 1 ? shown : PAGE;
  }

  readonly onKeydown = (event: KeyboardEvent): void => {
    const count = this.options.count();
    if (count === 0 || event.altKey) return;
    const active = this.activeIndex;
    const command = event.ctrlKey || event.metaKey;
    if (command && event.key.toLowerCase() === 'a') {
      this.options.selectAll();
    } else if (command) {
      return;
    } else if (event.key === 'ArrowDown') {
      this.move(active === undefined ? 0 : active + 1, event.shiftKey);
    } else if (event.key === 'ArrowUp') {
      this.move(active === undefined ? 0 : active - 1, event.shiftKey);
    } else if (event.key === 'Home') {
      this.move(0, event.shiftKey);
    } else if (event.key === 'End') {
      this.move(count - 1, event.shiftKey);
    } else if (event.key === 'PageDown') {
      this.move((active ?? 0) + this.page, event.shiftKey);
    } else if (event.key === 'PageUp') {
      this.move((active ?? 0) - this.page, event.shiftKey);
    } else if (event.key === ' ') {
      if (active === undefined) this.move(Math.max(0, this.visible.first), false);
      else this.toggle(active);
    } else {
      return;
    }
    event.preventDefault();
  };

  /** Focus comes to the list: the first row in view becomes active when none is. */
  readonly onFocus = (): void => {
    if (this.activeIndex !== undefined && this.activeIndex < this.options.count()) return;
    if (this.options.count() === 0) return;
    this.activeIndex = Math.max(0, this.visible.first, this.rendered.first);
    this.host.requestUpdate();
  };

  /** A click on a row (`data-index`): it becomes active and is selected or cleared. */
  readonly onClick = (event: Event): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-index]');
    const index = Number(row?.dataset['index']);
    if (row === null || !Number.isInteger(index)) return;
    this.activeIndex = index;
    this.toggle(index);
    this.host.requestUpdate();
  };

  /** The virtualizer's `rangeChanged`: which rows are in the DOM. */
  readonly onRangeChanged = (event: Event): void => {
    const {first, last} = event as RangeEvent;
    const before = this.activeDescendant;
    this.rendered = {first, last};
    if (this.activeDescendant !== before) this.host.requestUpdate();
  };

  /** The virtualizer's `visibilityChanged`: which rows are in view. */
  readonly onVisibilityChanged = (event: Event): void => {
    const {first, last} = event as RangeEvent;
    this.visible = {first, last};
  };
}
