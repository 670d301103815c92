/**
 * The languages the components ship texts in: English (the default) and German. A component
 * takes the catalogue of the language it resolved (its `locale`, else the closest `lang`), and
 * the page's `messages` go over it, so a host's own words always win.
 */

/** One catalogue per language the package ships. */
export interface Catalogues<T> {
  readonly en: T;
  readonly de: T;
}

/** The language subtag of a BCP 47 tag (`de` of `de-AT`), lower case; `en` when unreadable. */
export function languageOf(locale: string): string {
  let language = languages.get(locale);
  if (language === undefined) {
    try {
      language = new Intl.Locale(locale).language;
    } catch {
      language = 'en';
    }
    languages.set(locale, language);
  }
  return language;
}

/** The language of each locale asked for: asked at every render, worked out once. */
const languages = new Map<string, string>();

/** The catalogue for `locale`: German for `de`, `de-AT`, `de-CH`, ...; English for the rest. */
export function catalogueFor<T>(locale: string, catalogues: Catalogues<T>): T {
  return languageOf(locale) === 'de' ? catalogues.de : catalogues.en;
}
