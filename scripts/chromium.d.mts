/** Where Chromium is: `CHROME_PATH`, else Debian's `/usr/bin/chromium`. */
export declare const chromiumPath: string;
/** The flags every launch uses (root, closed network). */
export declare const chromiumFlags: string[];
