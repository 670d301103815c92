/** The version of this package, recorded on every element class (`static version`). */
export const VERSION = '0.1.0';

/**
 * The key under which every element class of this package also records its version. A global
 * symbol, so the classes of another copy of this package are known as ours, while another
 * library's class with a `static version` of its own is not.
 */
export const PACKAGE_VERSION: unique symbol = Symbol.for('@invoice-run/elements:version');
