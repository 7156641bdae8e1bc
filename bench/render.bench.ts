// Streaming render cost in real Chromium: a 200,000-character markdown answer with 40 fenced code
// blocks, delivered as 5,000 deltas to the real bundled webview (dist/webview.js under the shipped CSP).
// Main-thread time is Chromium's own account (CDP Performance.getMetrics: TaskDuration — script, style,
// layout, paint, GC — minus DevToolsCommandDuration, the benchmark's own scripts), so work the webview
// defers to the next animation frame is counted. Messages arrive as they do from the extension host:
// each a postMessage task. Two deliveries:
// - burst: the 5,000 messages queued as fast as the page takes them (a fast model, a resumed stream
//   catching up); the browser draws frames between them as it normally does;
// - paced: one message per frame (a slow stream: every delta drawn on its own), beside a floor of the
//   same number of frames that each only append a word to a paragraph.
// Also in the same page: rendering the final answer once (a stored conversation opening), and a naive
// renderer that re-renders the whole answer per delta with the same libraries (markdown-it,
// highlight.js, the sanitiser) — timed on every 50th delta and summed, since all 5,000 would take many
// minutes.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { CDPSession } from 'playwright-core';
import type { HostToWebview } from '../src/core/panel/protocol';
import { openWebviewPage } from '../test/e2e/support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from '../test/e2e/support/streamMessages';
import { repoRoot } from '../test/e2e/support/workbench';
import { longAnswer } from './markdownCorpus';
import { traceMainThread } from './browser/mainThreadTrace';
import { fmt, median, percentile, table } from './stats';

const CHARS = 200_000;
const DELTAS = 5_000;
const NAIVE_EVERY = 50;

async function buildNaive(): Promise<string> {
  const outfile = path.join(repoRoot, 'out', 'bench-browser', 'naiveRenderer.js');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'bench', 'browser', 'naiveRenderer.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile, logLevel: 'error' });
  return outfile;
}

function state(turns: ReturnType<typeof modelTurn>[]): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'gemini-3.5-flash', conversations: [], ...PANEL_DEFAULTS } };
}

/** The webview's main-thread time so far, in ms: all tasks but the benchmark's own DevTools commands. */
async function webviewMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  return ms('TaskDuration') - ms('DevToolsCommandDuration');
}

async function mainThread<T>(cdp: CDPSession, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const before = await webviewMs(cdp);
  const result = await fn();
  return { ms: (await webviewMs(cdp)) - before, result };
}

export default async function run(): Promise<{ title: string; markdown: string }> {
  const answer = longAnswer(CHARS, 40);
  const deltaSize = Math.ceil(answer.length / DELTAS);
  const wv = await openWebviewPage({ extraScripts: [await buildNaive()], viewport: { width: 500, height: 900 } });
  try {
    const page = wv.page;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const blocks = () => page.evaluate(() => document.querySelectorAll('.turn.model .code-block').length);
    // textContent, not innerText: off-screen chunks (content-visibility) are skipped by innerText.
    const shownText = () => page.evaluate(() => (document.querySelector('.turn.model .part.text') as HTMLElement).textContent ?? '');
    // Warm-up: the JIT and highlight.js grammars, on a different, smaller answer.
    const warm = streamMessages(longAnswer(20_000, 4), { id: 'warm', deltaSize });
    await wv.send(state([]), ...warm.start, ...warm.deltas, ...warm.end);

    const { start, deltas, end } = streamMessages(answer, { id: 'turn', deltaSize });
    if (deltas.length !== DELTAS) throw new Error(`expected ${DELTAS} deltas, got ${deltas.length}`);

    // The messages wait in the page, so delivering them costs no DevTools command payload.
    const load = (msgs: HostToWebview[]) => page.evaluate((m) => { (window as unknown as { __msgs: unknown[] }).__msgs = m; }, msgs);

    // ---- burst: every delta its own message task, as fast as they come ----
    async function runBurst() {
      await wv.send(state([]), ...start);
      await load([...deltas, ...end]);
      return mainThread(cdp, () => page.evaluate(async () => {
        const msgs = (window as unknown as { __msgs: unknown[] }).__msgs;
        const handling: number[] = [];
        let t0 = 0;
        let lastDeltaAt = 0;
        const before = () => { t0 = performance.now(); };
        const after = () => {
          handling.push(performance.now() - t0);
          // The last delta handled: from here on is "the end" (until aria-busy is cleared).
          if (handling.length === msgs.length - 1) { lastDeltaAt = performance.now(); performance.mark('lastDelta'); }
        };
        // Capture listeners on the target run before the webview's own listener; a later one runs after it.
        window.addEventListener('message', before, { capture: true });
        window.addEventListener('message', after);
        // Chromium's long tasks (≥ 50 ms), when they started.
        const longTasks: { at: number; ms: number }[] = [];
        const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ at: e.startTime, ms: e.duration }); });
        observer.observe({ type: 'longtask' });
        // The longest time between two frames: how long the screen could not update.
        let last = performance.now();
        let longestFrame = 0;
        let frames = 0;
        let endFrames = 0;
        let watching = true;
        const tick = (t: number) => { longestFrame = Math.max(longestFrame, t - last); last = t; frames++; if (lastDeltaAt) endFrames++; if (watching) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        for (const m of msgs) window.postMessage(m, '*');
        while (handling.length < msgs.length) await new Promise((r) => setTimeout(r, 5));
        // Until the last text is on screen: the turn is aria-busy until its remainder is drawn.
        const turn = document.querySelector('.turn.model[data-turn-id="turn"]') as HTMLElement;
        while (turn.getAttribute('aria-busy') === 'true') await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        const drawnAt = performance.now();
        performance.mark('drawn');
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        for (const e of observer.takeRecords()) longTasks.push({ at: e.startTime, ms: e.duration });
        observer.disconnect();
        watching = false;
        window.removeEventListener('message', before, { capture: true });
        window.removeEventListener('message', after);
        const longest = (from: number, to: number) => Math.max(0, ...longTasks.filter((l) => l.at + l.ms > from && l.at < to).map((l) => l.ms));
        return { handling, longestFrame, frames, endFrames, endMs: drawnAt - lastDeltaAt, longDuring: longest(0, lastDeltaAt), longAtEnd: longest(lastDeltaAt, drawnAt) };
      }));
    }
    // Median of three bursts, as render-once below is the median of three (the first burst also warms
    // the page further); long tasks: the worst of the three.
    const bursts = [await runBurst(), await runBurst(), await runBurst()];
    const burst = [...bursts].sort((a, b) => a.ms - b.ms)[1]!;
    const longDuring = Math.max(...bursts.map((b) => b.result.longDuring));
    const longAtEnd = Math.max(...bursts.map((b) => b.result.longAtEnd));
    if ((await blocks()) !== 40) throw new Error('burst: code blocks missing');
    const streamedText = await shownText();
    const streamedChars = streamedText.length;

    // ---- render the final answer once, through the same webview path (a stored conversation opening) ----
    async function renderOnce(): Promise<number> {
      await wv.send(state([]));
      await load([state([userTurn('once', 'q'), modelTurn('once', answer)])]);
      const r = await mainThread(cdp, () => page.evaluate(async () => {
        let handled = false;
        const done = () => { handled = true; };
        window.addEventListener('message', done);
        window.postMessage((window as unknown as { __msgs: unknown[] }).__msgs[0], '*');
        while (!handled) await new Promise((r) => setTimeout(r, 1));
        for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        window.removeEventListener('message', done);
      }));
      if ((await blocks()) !== 40) throw new Error('render-once lost code blocks');
      return r.ms;
    }
    const once = median([await renderOnce(), await renderOnce(), await renderOnce()]);
    const onceText = await shownText();
    if (onceText !== streamedText) {
      let i = 0;
      while (i < onceText.length && onceText[i] === streamedText[i]) i++;
      throw new Error(`the streamed answer shows different text from the answer rendered once (${streamedChars} vs ${onceText.length} characters; from ${i}: ${JSON.stringify(streamedText.slice(i - 40, i + 80))} vs ${JSON.stringify(onceText.slice(i - 40, i + 80))})`);
    }

    // ---- paced: one delta per frame ----
    await wv.send(state([]), ...start);
    await load([...deltas, ...end]);
    const paced = await mainThread(cdp, () => page.evaluate(async () => {
      const msgs = (window as unknown as { __msgs: unknown[] }).__msgs;
      const dispatch = (m: unknown) => window.dispatchEvent(new MessageEvent('message', { data: m }));
      const deltaCount = msgs.length - 1;
      const perDelta: number[] = [];
      let startMark = 0;
      let handled = 0;
      // One delta per frame. Frame k's callbacks: the webview draws delta k−1 (its callback was asked
      // for first), then `step` records that, dispatches delta k (timed) and asks for frame k+1 with a
      // start mark before the webview's callback and the next step after it.
      await new Promise<void>((resolve) => {
        const step = (i: number) => {
          if (i > 0) perDelta.push(handled + (performance.now() - startMark));
          if (i === deltaCount) {
            dispatch(msgs[deltaCount]);
            requestAnimationFrame(() => resolve());
            return;
          }
          requestAnimationFrame(() => { startMark = performance.now(); });
          const t0 = performance.now();
          dispatch(msgs[i]);
          handled = performance.now() - t0;
          requestAnimationFrame(() => step(i + 1));
        };
        requestAnimationFrame(() => step(0));
      });
      return perDelta;
    }));
    if ((await blocks()) !== 40) throw new Error('paced: code blocks missing');

    // ---- the floor for paced: as many frames, each adding one word to the text (a new paragraph every
    // 40 words, as prose has them) and keeping the end in view ----
    await wv.send(state([]));
    const floor = await mainThread(cdp, () => page.evaluate(async (frames) => {
      const transcript = document.querySelector('.transcript') as HTMLElement;
      const box = document.createElement('div');
      transcript.append(box);
      let text = document.createTextNode('');
      for (let i = 0; i < frames; i++) {
        await new Promise((r) => requestAnimationFrame(() => {
          if (i % 40 === 0) {
            const p = document.createElement('p');
            text = document.createTextNode('');
            p.append(text);
            box.append(p);
          }
          text.appendData('word ');
          transcript.scrollTop = transcript.scrollHeight;
          r(undefined);
        }));
      }
      box.remove();
    }, DELTAS));
    const floorMs = floor.ms;

    // ---- naive: the whole answer so far through the same pipeline, per delta (sampled) ----
    await wv.send(state([]));
    const naive = await page.evaluate(({ answer, deltaSize, every, total }) => {
      const host = document.createElement('div');
      host.className = 'part text markdown';
      const transcript = document.querySelector('.transcript') as HTMLElement;
      transcript.append(host);
      const { renderMarkdown } = (window as unknown as { __naive: { renderMarkdown(t: string): DocumentFragment } }).__naive;
      const sampled: number[] = [];
      for (let k = every; k <= total; k += every) {
        const text = answer.slice(0, k * deltaSize);
        const t0 = performance.now();
        host.replaceChildren(renderMarkdown(text));
        transcript.scrollTop = transcript.scrollHeight; // keep the end in view: style + layout, like ours per frame
        sampled.push(performance.now() - t0);
      }
      return sampled;
    }, { answer, deltaSize, every: NAIVE_EVERY, total: DELTAS });

    // ---- where the time of the end goes: the burst again under Chromium's tracing (slower: traced) ----
    let traced: Awaited<ReturnType<typeof runBurst>> | undefined;
    const trace = await traceMainThread(cdp, async () => { traced = await runBurst(); });
    const lastDeltaTs = trace.mark('lastDelta');
    const drawnTs = trace.mark('drawn');
    if (lastDeltaTs === undefined || drawnTs === undefined || !traced) throw new Error('trace: marks missing');
    const traceStart = trace.tasks[0]?.ts ?? 0;
    const longestTask = (from: number, to: number) => Math.max(0, ...trace.tasks.filter((t) => t.ts >= from && t.ts < to).map((t) => t.ms));
    const tracedDuring = longestTask(traceStart, lastDeltaTs);
    const tracedAtEnd = longestTask(lastDeltaTs, drawnTs);
    const endBreakdown = trace.breakdown(lastDeltaTs, drawnTs);
    const longestEnd = trace.tasks.filter((t) => t.ts >= lastDeltaTs && t.ts < drawnTs).sort((a, b) => b.ms - a.ms)[0];
    const longestEndBreakdown = longestEnd ? trace.breakdown(longestEnd.ts, longestEnd.ts + longestEnd.ms * 1000) : {};
    const topEvents = longestEnd ? trace.top(longestEnd.ts, longestEnd.ts + longestEnd.ms * 1000) : [];
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ longestEnd, longestEndBreakdown, topEvents }, null, 1));
    // The script part split: the whole answer through markdown-it (with highlighting) vs. highlighting alone.
    const split = await page.evaluate((answer) => {
      const { renderMarkdown, highlight } = (window as unknown as { __naive: { renderMarkdown(t: string): DocumentFragment; highlight(c: string, l: string): string | undefined } }).__naive;
      const fences = [...answer.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => [m[1], m[2]] as const);
      const time = (fn: () => void) => { const ts: number[] = []; for (let i = 0; i < 3; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); } return ts.sort((a, b) => a - b)[1]; };
      return { fences: fences.length, render: time(() => { renderMarkdown(answer); }), highlight: time(() => { for (const [l, c] of fences) highlight(c, l); }) };
    }, answer);

    const handling = [...burst.result.handling.slice(0, DELTAS)].sort((a, b) => a - b);
    const pacedSorted = [...paced.result].sort((a, b) => a - b);
    const naiveTotal = naive.reduce((a, b) => a + b, 0) * NAIVE_EVERY;
    const naiveSorted = [...naive].sort((a, b) => a - b);
    const row = (name: string, total: string, list: number[], digits: number) =>
      [name, total, fmt(percentile(list, 50), digits), fmt(percentile(list, 95), digits), fmt(list[list.length - 1], 1)];
    const rows = [
      row('ours, burst: 5,000 messages as fast as they come (median of 3; per delta: its message handling)', fmt(burst.ms, 0), handling, 3),
      ['render the final answer once', fmt(once, 0), '', '', ''],
      row('ours, paced: one delta per frame (per delta: its handling + the frame work that draws it)', fmt(paced.ms, 0), pacedSorted, 3),
      ['floor for paced: 5,000 frames that each add one word (new paragraph every 40)', fmt(floorMs, 0), '', '', ''],
      row(`naive: re-render everything per delta (every ${NAIVE_EVERY}th delta timed)`, `≈ ${fmt(naiveTotal, 0)}`, naiveSorted, 1),
    ];
    const markdown = [
      `A ${answer.length.toLocaleString('en')}-character markdown answer with 40 fenced code blocks (8 languages), headings, lists, tables, links; ${DELTAS.toLocaleString('en')} deltas of ${deltaSize} characters sent as messages to the bundled webview in headless Chromium (500×900). Totals are the page's main-thread time until the last text is drawn (CDP: \`TaskDuration\` − \`DevToolsCommandDuration\`: script, style, layout, paint, GC, message delivery); per-delta times in ms.`,
      '',
      table(['renderer', 'total (ms)', 'per delta p50', 'per delta p95', 'max'], rows),
      '',
      `- Burst total / render once: **${fmt(burst.ms / once)}×** (median of 3 bursts: ${bursts.map((b) => fmt(b.ms, 0)).join(', ')} ms; target: ≤ 2×: ${burst.ms <= 2 * once ? 'met' : '**not met**'}). Drawn in ${burst.result.frames} frames, ${burst.result.endFrames} of them after the last delta (the remainder, ${fmt(burst.result.endMs, 0)} ms until \`aria-busy\` was cleared); the longest gap between frames was ${fmt(burst.result.longestFrame, 0)} ms.`,
      `- Longest main-thread task (Chromium long tasks, ≥ 50 ms reported; the worst of the 3 bursts): during the burst **${longDuring ? `${fmt(longDuring, 0)} ms` : 'none ≥ 50 ms'}**, at the end (last delta → \`aria-busy\` cleared) **${longAtEnd ? `${fmt(longAtEnd, 0)} ms` : 'none ≥ 50 ms'}** (target: < 50 ms: ${longDuring < 50 && longAtEnd < 50 ? 'met' : '**not met**'}).`,
      `- The same burst traced (Chromium timeline; tracing slows the page): longest task ${fmt(tracedDuring, 1)} ms during, ${fmt(tracedAtEnd, 1)} ms at the end. Where the end's ${fmt(Object.values(endBreakdown).reduce((a, b) => a + b, 0), 0)} ms of main-thread time went (self time): ${Object.entries(endBreakdown).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')}. The longest task at the end: ${Object.entries(longestEndBreakdown).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(', ')} ms. Script split, the whole answer in one go (no layout): markdown-it with highlighting ${fmt(split.render, 0)} ms, of which highlighting the ${split.fences} code blocks ${fmt(split.highlight, 0)} ms.`,
      `- Per-delta p95: **${fmt(percentile(handling, 95), 3)} ms** burst, **${fmt(percentile(pacedSorted, 95), 2)} ms** paced (target: < 8 ms).`,
      `- Naive / ours (total, the naive baseline of the same run): **${fmt(naiveTotal / burst.ms, 0)}×** burst, **${fmt(naiveTotal / paced.ms, 0)}×** paced (target: ≥ 20×).`,
      `- Paced: ${fmt(paced.ms / floorMs)}× the floor of drawing as many frames that each add one word (${fmt(paced.ms / once)}× render once: 5,000 separate frames each cost style, layout and paint, whatever renders them).`,
    ].join('\n');
    return { title: 'Streaming markdown render (Chromium)', markdown };
  } finally {
    await wv.close();
  }
}
