/**
 * Which element draws each drawn row, named by a slot. A row keeps its slot, and so its element,
 * as long as it stays drawn (the focus and an editor's caret stay with it); a row that comes into
 * view takes the slot of one that went out of it. A Page Down then updates the rows that went off
 * the top into the rows it brings, instead of making as many new rows and throwing the old away.
 *
 * A row takes, when there is one, the slot of a row of its own kind (an invoice, a line): its
 * element was made from the same template, so Lit fills it in place. A slot of another kind would
 * have its element made anew, and the old one left to the garbage collector.
 *
 * The slots that went are handed out from the last drawn: after a jump down, the rows that left
 * the top become the rows at the bottom, in reverse, which is what lets Lit's `repeat` move only
 * them in the DOM and not the rows that stay (after a jump up, the same from the other end).
 */
export class RowSlots {
  /** The slot of each row drawn last, in the order drawn. */
  private slots = new Map<string, string>();
  private made = 0;

  /** `kindOf`: a row's kind, from its key (by default what comes before the key's first `|`). */
  constructor(private readonly kindOf: (key: string) => string = keyPrefix) {}

  /** The slot of each of `keys`: the keys of the rows to draw, in order, each once. */
  assign(keys: readonly string[]): readonly string[] {
    const before = this.slots;
    const drawn = new Set(keys);
    const free = new FreeSlots();
    for (const [key, slot] of before) if (!drawn.has(key)) free.add(this.kindOf(key), slot);
    const after = new Map<string, string>();
    for (const key of keys) {
      after.set(key, before.get(key) ?? free.take(this.kindOf(key)) ?? `s${this.made++}`);
    }
    this.slots = after;
    return keys.map((key) => after.get(key)!);
  }
}

/** The slots of the rows that went, in the order they were drawn, by the kind of row they drew. */
class FreeSlots {
  private readonly byKind = new Map<string, string[]>();
  private readonly all: string[] = [];
  private readonly taken = new Set<string>();

  add(kind: string, slot: string): void {
    const slots = this.byKind.get(kind);
    if (slots === undefined) this.byKind.set(kind, [slot]);
    else slots.push(slot);
    this.all.push(slot);
  }

  /** The last drawn free slot of `kind`, or else of any kind (better than making an element). */
  take(kind: string): string | undefined {
    const own = this.byKind.get(kind);
    let slot: string | undefined;
    while (own !== undefined && own.length > 0 && slot === undefined) {
      const next = own.pop()!;
      if (!this.taken.has(next)) slot = next;
    }
    while (this.all.length > 0 && slot === undefined) {
      const next = this.all.pop()!;
      if (!this.taken.has(next)) slot = next;
    }
    if (slot !== undefined) this.taken.add(slot);
    return slot;
  }
}

/** What comes before the key's first `|` (the grid's rows: `i|`, `h|`, `l|`, `n|`). */
function keyPrefix(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(0, bar);
}
