// Helpers around AbortSignal: a controller that follows a parent signal, a bounded wait for a condition, and a
// sleep that ends early when its signal aborts.

/** Polls `done` until it is true or `timeoutMs` has passed. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

/** A controller aborted with its parent (and with the parent's reason), that can also be aborted alone. */
export function linkedController(parent: AbortSignal): AbortController {
  const c = new AbortController();
  if (parent.aborted) c.abort(parent.reason);
  else parent.addEventListener('abort', () => c.abort(parent.reason), { once: true });
  return c;
}

/** Waits `ms`, or less when `signal` aborts; it resolves either way, so the caller checks the signal. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}
