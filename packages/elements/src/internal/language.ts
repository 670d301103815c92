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

/**
 * A component's texts when only English comes with it: the German catalogue is a module of its
 * own, loaded the first time the component resolves German, so a page in English never loads it.
 * Each component holds one; the browser loads a module once, so the second component of a page
 * finds the catalogue there.
 */
export class Catalogue<T> {
  private german: T | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly english: T,
    private readonly loadGerman: () => Promise<T>,
  ) {}

  /** The texts for `locale`: German for `de`, `de-AT`, ... once `ready` has loaded them. */
  for(locale: string): T {
    return languageOf(locale) === 'de' ? (this.german ?? this.english) : this.english;
  }

  /**
   * Loads what `for(locale)` needs; undefined when it is at hand. A failed load (the page went
   * offline) rejects, and the next call tries again.
   */
  ready(locale: string): Promise<void> | undefined {
    if (languageOf(locale) !== 'de' || this.german !== undefined) return undefined;
    this.loading ??= this.loadGerman().then(
      (german) => {
        this.german = german;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }
}

/**
 * `update` once `waiting` has settled, at once without it: for a component's `scheduleUpdate`, so
 * it first renders with the texts of its language (a page in German sees no English first). A
 * catalogue that fails to load leaves the English texts.
 */
export function afterLoading(
  waiting: Promise<unknown> | undefined,
  update: () => void,
): void | Promise<void> {
  if (waiting === undefined) return update();
  return waiting.then(update, update);
}
