// A clock the tests can move: background runs and file processing are driven by it, so a test can
// `advance(10_000)` instead of sleeping.
export class Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  /** Sets the emulated "now" (epoch ms). */
  set(epochMs: number): void {
    this.offset = epochMs - Date.now();
  }
  reset(): void {
    this.offset = 0;
  }
  /** ISO-8601 with second precision, as the live service writes timestamps. */
  iso(ms = this.now()): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }
}
