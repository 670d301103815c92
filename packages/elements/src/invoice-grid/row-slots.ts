/**
 * Which element draws each drawn row, named by a slot. A row keeps its slot, and so its element,
 * as long as it stays drawn (the focus and an editor's caret stay with it); a row that comes into
 * view takes the slot of one that went out of it. A Page Down then updates the rows that went off
 * the top into the rows it brings, instead of making as many new rows and throwing the old away.
 *
 * The slots that went are handed out from the last drawn: after a jump down, the rows that left
 * the top become the rows at the bottom, in reverse, which is what lets Lit's `repeat` move only
 * them in the DOM and not the rows that stay (after a jump up, the same from the other end).
 */
export class RowSlots {
  /** The slot of each row drawn last, in the order drawn. */
  private slots = new Map<string, string>();
  private made = 0;

  /** The slot of each of `keys`: the keys of the rows to draw, in order, each once. */
  assign(keys: readonly string[]): readonly string[] {
    const before = this.slots;
    const drawn = new Set(keys);
    const free: string[] = [];
    for (const [key, slot] of before) if (!drawn.has(key)) free.push(slot);
    const after = new Map<string, string>();
    for (const key of keys) after.set(key, before.get(key) ?? free.pop() ?? `s${this.made++}`);
    this.slots = after;
    return keys.map((key) => after.get(key)!);
  }
}
