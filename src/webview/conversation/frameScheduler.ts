// The per-frame budget for streamed text: text views with deltas wait here, and one frame callback
// applies them within a time budget that adapts to the browser's rendering cost. Module-global on
// purpose: every text view and the transcript's own frame callback share one budget per frame.
// Moved as it was from textView.ts; the render benchmarks guard its timing.

/** A text view as the scheduler sees it (textView.ts's MarkdownTextView). */
export interface PendingText {
  /** Shows the deltas received since the last frame, until `deadline`; true when none are left. */
  applyPending(deadline: number): boolean;
}

/** Text views with deltas waiting for the next frame; one requestAnimationFrame for all of them. */
const waiting = new Set<PendingText>();
let frameRequested = false;
/**
 * Main-thread time a frame may spend applying text. A burst bigger than that (a resumed stream catching
 * up, a very fast model, the end of a long answer) is shown over a few frames instead of freezing the
 * view in one long frame. The budget adapts: the browser's own style, layout and paint of what we added
 * come on top, so each frame gets what the last one left under FRAME_TASK_MS (fewer frames when that
 * work is light, each paying the per-frame cost once; smaller slices on a slow or loaded machine).
 */
export const FRAME_BUDGET_MS = 10;
const MIN_BUDGET_MS = 4;
const MAX_BUDGET_MS = 20;
/** A frame's whole task (our text + the browser's rendering of it), kept clear of the 50 ms long-task line. */
const FRAME_TASK_MS = 40;
/** Text applied between two looks at the clock. */
export const APPLY_SLICE = 512;
/** The frame whose budget is being spent, and when it began. */
let budgetFrame: CSSNumberish | null = null;
let budgetStart = 0;
let budgetMs = FRAME_BUDGET_MS;
/** When the last frame that left text for the next one finished applying (0: none did). */
let leftoverAt = 0;

export function applyAtNextFrame(view: PendingText): void {
  waiting.add(view);
  // One callback per frame, however many callers (the transcript also applies text in its own).
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(() => { frameRequested = false; applyPendingText(); });
}

/**
 * Applies waiting deltas within this frame's budget (the frame callback; also called by whatever must
 * measure after it). What does not fit waits for the next frame.
 */
export function applyPendingText(): void {
  // Callers in the same frame (the text views' callback, then the transcript's) share one budget: the
  // frame is told by its timestamp, the same for every callback of one frame.
  const frame = document.timeline.currentTime;
  if (frame === null || frame !== budgetFrame) {
    budgetFrame = frame;
    budgetStart = performance.now();
    // From the end of our work in the last frame to now: that frame's style, layout and paint (plus any
    // idle time before this frame, which only makes the estimate cautious).
    const rendering = leftoverAt ? budgetStart - leftoverAt : -1;
    budgetMs = rendering < 0 || rendering > 1000 ? FRAME_BUDGET_MS : Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, FRAME_TASK_MS - rendering));
  }
  const deadline = budgetStart + budgetMs;
  for (const v of [...waiting]) {
    if (v.applyPending(deadline)) waiting.delete(v);
  }
  const left = [...waiting];
  waiting.clear();
  leftoverAt = left.length ? performance.now() : 0;
  for (const v of left) applyAtNextFrame(v);
}

/** `view` applied its deltas by itself (at finish): it no longer waits for a frame. */
export function stopWaiting(view: PendingText): void {
  waiting.delete(view);
}

/**
 * How often the open block is re-rendered. A block that cannot be split (one long paragraph or quote, a
 * table past a line that ends its splitting) costs more to render the longer it gets, so re-rendering it
 * at every frame costs time quadratic in its length: 1,500 rows took minutes. After a render that took
 * `cost` ms, the next one waits PACE_FACTOR × `cost` ms (the new text is shown as plain text meanwhile):
 * re-rendering then takes at most 1 / (PACE_FACTOR + 1) of the time the block streams for, however long
 * it grows. An ordinary block renders in well under a millisecond, so its wait is shorter than a frame
 * and nothing changes for it. The final text is always rendered (textView's `final`).
 */
export const PACE_FACTOR = 8;

export class RenderPacer {
  private nextAt = 0;
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Milliseconds until the next render is due (0: now). */
  wait(): number {
    return Math.max(0, this.nextAt - this.now());
  }

  /** Times a render: the next one is due PACE_FACTOR times its cost after it ended. */
  time<T>(render: () => T): T {
    const start = this.now();
    const result = render();
    const end = this.now();
    this.nextAt = end + PACE_FACTOR * (end - start);
    return result;
  }

  /** A new block: no wait. */
  reset(): void {
    this.nextAt = 0;
  }
}
