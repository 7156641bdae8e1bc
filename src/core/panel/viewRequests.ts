// The host's side of webview requests: runs each with an AbortSignal, answers with the same id, and
// turns a `cancel` from the webview into an aborted signal and a `cancelled` answer. Exactly one
// answer per request, whatever the work does after it was cancelled.
import type { ResponseMessage } from './protocol';

export class RequestRunner {
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly respond: (m: ResponseMessage) => void) {}

  async run(id: number, work: (signal: AbortSignal) => Promise<ResponseResult>): Promise<void> {
    if (this.running.has(id)) return; // a duplicate id: the first one answers
    const controller = new AbortController();
    this.running.set(id, controller);
    let answer: ResponseMessage;
    try {
      const result = await work(controller.signal);
      answer = controller.signal.aborted ? { type: 'response', id, cancelled: true } : { type: 'response', id, result };
    } catch (e) {
      answer = controller.signal.aborted ? { type: 'response', id, cancelled: true } : { type: 'response', id, error: e instanceof Error ? e.message : String(e) };
    } finally {
      this.running.delete(id);
    }
    this.respond(answer);
  }

  /** The webview cancelled: the work sees an aborted signal and the answer is `cancelled`. */
  cancel(id: number): void {
    this.running.get(id)?.abort();
  }

  /** The view went away: nobody waits for these answers any more. */
  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}

type ResponseResult = Extract<ResponseMessage, { result: unknown }>['result'];
