// The connection to the chat view: every message to it goes through the outbox (what a loading view must
// not miss) and the coalescer (deltas merged for a frame), and webview requests run here, each answered once.
// It outlives the page: a reloaded view attaches again, and features post through it before any view exists.
import { DeltaCoalescer } from '../../core/panel/deltaCoalescer';
import type { HostToWebview } from '../../core/panel/protocol';
import { ViewOutbox } from '../../core/panel/viewOutbox';
import { RequestRunner } from '../../core/panel/viewRequests';

export class ViewChannel {
  private coalescer: DeltaCoalescer | undefined;
  /** Holds what a view that is still loading must not miss (see ViewOutbox). */
  private readonly outbox = new ViewOutbox((m) => this.coalescer?.post(m));
  /** Posts to the chat view (held until it is ready); a plain function, so features can take it as a port. */
  readonly post = (m: HostToWebview): void => this.outbox.post(m);
  /** Webview requests in flight: answered with their id, cancelled when the view goes. */
  readonly requests = new RequestRunner((m) => this.post(m));

  attach(post: (m: HostToWebview) => void): void {
    // Every message goes through the coalescer: deltas merge for a frame, anything else flushes first.
    this.coalescer?.discard();
    this.coalescer = new DeltaCoalescer(post);
    this.outbox.notReady();
  }

  detach(): void {
    this.requests.cancelAll();
    this.coalescer?.discard();
    this.coalescer = undefined;
    this.outbox.notReady();
  }

  /** The view (re)loaded and asked for the state: it gets `state` first, then what waited for it. */
  ready(state: HostToWebview): void {
    // A view that (re)loaded remembers no turn and gets the whole state: nothing pending matters.
    this.coalescer?.discard();
    this.coalescer?.post(state);
    this.outbox.markReady();
  }
}
