// Chromium's own timeline of the page's main thread (CDP Tracing, devtools.timeline): every task's
// duration, and where the time of a window went by kind of work (self time, so nested work — a layout
// forced inside script — counts once, as layout).
import type { CDPSession } from 'playwright-core';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

export interface MainThreadTrace {
  /** Top-level tasks: start (ms, the page's performance.now() clock is not this one: use `at`) and duration (ms). */
  tasks: { ts: number; ms: number }[];
  /** Self time per kind of work (ms) of the events that start in [from, to) (trace clock, µs). */
  breakdown(from: number, to: number): Record<string, number>;
  /** The spans with the most self time in [from, to): name and ms. */
  top(from: number, to: number): [string, number][];
  /** Trace timestamp (µs) of the first `performance.mark(name)` (clock of `ts`). */
  mark(name: string): number | undefined;
}

const KIND: [RegExp, string][] = [
  [/^(UpdateLayoutTree|RecalcStyle|ParseAuthorStyleSheet)$/, 'style'],
  [/^Layout$/, 'layout'],
  [/^(PrePaint|Paint|PaintImage|Layerize|UpdateLayer|UpdateLayerTree|CompositeLayers|Commit|IntersectionObserverController::computeIntersections)$/, 'paint & composite'],
  [/GC|Sweep|Marking/, 'GC'],
  [/^(FunctionCall|EvaluateScript|FireAnimationFrame|TimerFire|EventDispatch|v8\.|V8\.|RunMicrotasks|HandlePostMessage)/, 'script'],
];

export async function traceMainThread(cdp: CDPSession, fn: () => Promise<void>): Promise<MainThreadTrace> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: object[] }) => { events.push(...(e.value as unknown as TraceEvent[])); };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink.user_timing,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await fn();
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('trace: no renderer main thread');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const spans = onMain.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = spans.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  // Self time: each span minus the spans directly inside it.
  const self = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  for (const e of spans) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? parent.dur!) - e.dur!);
    self.set(e, e.dur!);
    stack.push(e);
  }
  return {
    tasks: tasks.map((t) => ({ ts: t.ts, ms: t.dur! / 1000 })),
    breakdown(from, to) {
      const out: Record<string, number> = {};
      for (const e of spans) {
        if (e.ts < from || e.ts >= to) continue;
        const kind = KIND.find(([re]) => re.test(e.name))?.[1] ?? 'other';
        out[kind] = (out[kind] ?? 0) + Math.max(0, self.get(e) ?? 0) / 1000;
      }
      return out;
    },
    top(from, to) {
      return spans.filter((e) => e.ts >= from && e.ts < to).map((e) => [e.name, (self.get(e) ?? 0) / 1000] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, 8);
    },
    mark(name) {
      return onMain.find((e) => e.name === name && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b'))?.ts
        ?? events.find((e) => e.name === name)?.ts;
    },
  };
}
