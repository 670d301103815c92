/**
 * Plural forms through `Intl.PluralRules` (`1 draft selected`, `2 drafts selected`; `1 Entwurf`,
 * `2 Entwürfe`), never by `count === 1`: the catalogues of each language choose with that
 * language's rules. Messages get every count as a number beside its formatted text, so a page that
 * writes its own messages in another language chooses its own forms the same way.
 */
const english = new Intl.PluralRules('en');
const german = new Intl.PluralRules('de');

/** The forms of a word by plural category; `other` is required, the rest fall back to it. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & {readonly other: string};

/** The form of `forms` that `rules`' language uses for `count`. */
export function pluralForm(rules: Intl.PluralRules, count: number, forms: PluralForms): string {
  return forms[rules.select(count)] ?? forms.other;
}

/** Whether English says `count` of something in the singular. */
export function isOne(count: number): boolean {
  return english.select(count) === 'one';
}

/** `one` or `other`, as English says `count` of something. */
export function plural(count: number, one: string, other: string): string {
  return pluralForm(english, count, {one, other});
}

/** Whether German says `count` of something in the singular. */
export function isOneDe(count: number): boolean {
  return german.select(count) === 'one';
}

/** `one` or `other`, as German says `count` of something. */
export function pluralDe(count: number, one: string, other: string): string {
  return pluralForm(german, count, {one, other});
}
