// Debian's Chromium as every browser test and benchmark here launches it: found at CHROME_PATH or
// /usr/bin/chromium, run as root (no sandbox), and kept off the network (no background services,
// no component updates), so a closed machine starts it cleanly.
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
