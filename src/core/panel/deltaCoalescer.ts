// Host → webview delta coalescing. A fast stream produces many tiny text/thought/args deltas; posting
// each as its own message costs more in envelope than in text. Consecutive deltas of the same turn,
// part and kind are merged and sent after a short delay (one frame or so), and anything else flushes
// the pending merge first, so the webview sees exactly the same sequence of effects, in order. Merged
// deltas travel as the compact `d` message (short keys, the turn id only when it changes): at 40
// characters a delta, a full `event` envelope would cost twice the text itself.
import type { DeltaMessage, HostToWebview } from './protocol';

type EventMessage = Extract<HostToWebview, { type: 'event' }>;
type Mergeable = EventMessage & { event: { type: 'text' | 'thought' | 'args'; index: number; text: string } };

export interface CoalescerOptions {
  /** How long a merged delta may wait (ms); default 32 (two frames: invisible while reading). */
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

function mergeable(m: HostToWebview): m is Mergeable {
  return m.type === 'event' && (m.event.type === 'text' || m.event.type === 'thought' || m.event.type === 'args');
}

export class DeltaCoalescer {
  private pending: Mergeable | undefined;
  /** Pieces of the pending delta's text, joined once at flush time. */
  private pieces: string[] = [];
  private timer: unknown;
  /** The turn the last `d` sent named: the next `d` of the same turn leaves it out. */
  private turn: string | undefined;
  private readonly delayMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly send: (m: HostToWebview) => void, o: CoalescerOptions = {}) {
    this.delayMs = o.delayMs ?? 32;
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  post(m: HostToWebview): void {
    if (mergeable(m)) {
      const p = this.pending;
      if (p && p.turnId === m.turnId && p.event.type === m.event.type && p.event.index === m.event.index) {
        this.pieces.push(m.event.text);
        return;
      }
      this.flush();
      this.pending = m;
      this.pieces = [m.event.text];
      this.timer = this.setTimer(() => { this.timer = undefined; this.flush(); }, this.delayMs);
      return;
    }
    this.flush();
    this.send(m);
  }

  /**
   * Drops the pending delta and forgets the turn the last `d` named (the view is gone or reloaded: it
   * gets the whole state when it is ready, and the next `d` names its turn).
   */
  discard(): void {
    this.turn = undefined;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.pieces = [];
  }

  /** Sends the pending merged delta now (before any other message, or when the view goes away). */
  flush(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    const text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.pieces = [];
    const kind = p.event.type;
    const m: DeltaMessage = { type: 'd', ...(p.turnId !== this.turn ? { t: p.turnId } : {}), i: p.event.index, ...(kind !== 'text' ? { k: kind } : {}), x: text };
    this.turn = p.turnId;
    this.send(m);
  }
}

/** The webview's side of `d`: the turn it belongs to is the one the last `d` named. */
export class DeltaReader {
  private turn = '';

  read(m: DeltaMessage): { turnId: string; event: { type: 'text' | 'thought' | 'args'; index: number; text: string } } {
    if (m.t !== undefined) this.turn = m.t;
    return { turnId: this.turn, event: { type: m.k ?? 'text', index: m.i, text: m.x } };
  }
}
