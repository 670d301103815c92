/** The version of this package, recorded on every element class (`static version`). */
export const VERSION = '0.1.0';
