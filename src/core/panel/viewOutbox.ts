// Messages for a chat view that is not ready yet. The full view state is pushed when the webview says
// `ready`, so stream events posted before then can be dropped; but some messages carry something the
// state does not hold (a draft put back in the composer, an error to show, a request to open the
// history or focus the input). Those are held here and delivered after the state. Answers to webview
// requests are not: a view that reloaded is not waiting for them.
import type { HostToWebview } from './protocol';

const HELD = new Set<HostToWebview['type']>(['draftRestore', 'error', 'showHistory', 'focusInput', 'incomplete']);
/** Only the latest of these matters. */
const LATEST_ONLY = new Set<HostToWebview['type']>(['showHistory', 'focusInput', 'error']);
const MAX_HELD = 50;

export class ViewOutbox {
  private ready = false;
  private held: HostToWebview[] = [];

  constructor(private readonly send: (m: HostToWebview) => void) {}

  /** Sends now when the view is ready; holds what the view must not miss; drops what the state will carry. */
  post(m: HostToWebview): void {
    if (this.ready) return this.send(m);
    if (!HELD.has(m.type)) return;
    if (LATEST_ONLY.has(m.type)) this.held = this.held.filter((h) => h.type !== m.type);
    this.held.push(m);
    if (this.held.length > MAX_HELD) this.held.shift();
  }

  /** The view went away or is loading again: hold messages until it says ready. */
  notReady(): void {
    this.ready = false;
  }

  /** The view is ready and has just been sent the state: deliver what was held, in order. */
  markReady(): void {
    this.ready = true;
    const held = this.held;
    this.held = [];
    for (const m of held) this.send(m);
  }
}
