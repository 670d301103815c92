/** cRonstrue's German texts, loaded by `loadCronLanguage('de')` when a page first asks for them. */
import 'cronstrue/locales/de.js';
