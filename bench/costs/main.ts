/** The page of bench/indexeddb-costs.mjs: it only hands requests to the measuring worker. */
const worker = new Worker(new URL('./costs-worker.ts', import.meta.url), {type: 'module'});

function measure(request: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) =>
      event.data.ok ? resolve(event.data.result) : reject(new Error(event.data.error));
    worker.postMessage(request);
  });
}

declare global {
  interface Window {
    measure: typeof measure;
  }
}
window.measure = measure;
document.body.dataset['ready'] = 'true';
