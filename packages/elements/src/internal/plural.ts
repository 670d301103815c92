/**
 * English plurals for the default messages (`1 draft selected`, `2 drafts selected`), chosen by
 * `Intl.PluralRules` rather than by `count === 1`. A page that replaces a message in another
 * language gets the count as a number too and chooses its own forms.
 */
const english = new Intl.PluralRules('en');

/** Whether English says `count` of something in the singular. */
export function isOne(count: number): boolean {
  return english.select(count) === 'one';
}

/** `one` or `other`, as English says `count` of something. */
export function plural(count: number, one: string, other: string): string {
  return isOne(count) ? one : other;
}
