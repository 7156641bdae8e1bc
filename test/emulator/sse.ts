// SSE writer (§5.1, §8 items 12–17): `event: <type>\ndata: <one-line JSON>\n\n`, ending with `event: done\ndata: [DONE]\n\n`.
// It reads from a live source so that background runs can reveal events as they progress, and applies stream faults.
import type { ServerResponse } from 'node:http';
import type { FaultSpec } from './faults';
import type { SseEvent } from './types';

export interface SseSource {
  /** The event list (may grow or be replaced, e.g. on cancel). */
  events(): SseEvent[];
  /** How many events are visible now (background runs reveal them over time). */
  visible(): number;
}

export const LIVE_CUT_BODY = '[{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}]';

export function frame(ev: SseEvent): string {
  return `event: ${ev.event_type}\ndata: ${JSON.stringify(ev)}\n\n`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface WriteOptions {
  startAt: number;
  faults: FaultSpec[];
  omitUsage: boolean;
  /** Called for every event actually written (for logs). */
  onEvent?: (ev: SseEvent) => void;
  /** Poll interval while waiting for a background run to progress. */
  pollMs?: number;
}

/** Writes the stream. Resolves when the response has ended, was cut, or the client went away. */
export async function writeSse(res: ServerResponse, src: SseSource, opts: WriteOptions): Promise<'done' | 'cut' | 'closed'> {
  let closed = false;
  res.on('close', () => { closed = true; });
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  const once = new Set<FaultSpec>();
  const slow = opts.faults.find((f) => f.name === 'slow_stream');
  let i = opts.startAt;
  let written = 0;
  while (!closed) {
    const events = src.events();
    if (i < src.visible() && i < events.length) {
      for (const f of opts.faults) {
        if (f.name === 'slow_stream' || once.has(f) || (f.afterEvents ?? 3) !== written) continue;
        once.add(f);
        switch (f.name) {
          case 'cut_stream':
            // Let the events already written reach the client first (as on a real network, where data in
            // flight arrives before the drop), then drop the TCP connection without a chunked terminator:
            // the client sees "terminated".
            await new Promise<void>((r) => res.write('', () => r()));
            await sleep(50);
            res.destroy();
            return 'cut';
          case 'live_cut':
            // The live 600 s cut: a raw JSON error array in the body, then a clean close. No completed event.
            res.end(`${LIVE_CUT_BODY}\n`);
            return 'cut';
          case 'stall':
            await new Promise<void>((r) => res.once('close', () => r()));
            return 'closed';
          case 'malformed_event':
            res.write(`event: step.delta\ndata: ${f.message ?? 'this is not json'}\n\n`);
            break;
          case 'empty_error_event':
            res.write(`event: error\ndata: {"event_type":"error"}\n\n`);
            break;
        }
      }
      if (slow) await sleep(slow.delayMs ?? 200);
      if (closed) break;
      let ev = events[i];
      if (opts.omitUsage && ev.event_type === 'interaction.completed') {
        const { usage: _u, ...interaction } = ev.interaction as Record<string, unknown>;
        ev = { ...ev, interaction };
      }
      res.write(frame(ev));
      opts.onEvent?.(ev);
      i++;
      written++;
    } else if (i >= events.length && src.visible() >= events.length) {
      res.end('event: done\ndata: [DONE]\n\n');
      return 'done';
    } else {
      await sleep(opts.pollMs ?? 15);
    }
  }
  return 'closed';
}
