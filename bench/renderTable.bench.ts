// A long table streamed with no blank lines (issue 16, finding 8) in real Chromium: 3,000 rows as
// small deltas, a few per frame, into the real bundled webview (dist/webview.js, shipped CSP). The
// webview splits the growing table at rows, so a frame re-renders only the open chunk; the baseline
// re-renders the whole table so far per frame with the same pipeline (markdown-it, the sanitiser) —
// what a block-per-paragraph renderer does with a table, since a table has no blank line. Main-thread
// time is Chromium's own account (CDP Performance.getMetrics: TaskDuration − DevToolsCommandDuration).
// The same table with one row that starts with `<` (issue 23, finding 6: such a row used to stop the
// splitting, and the rest of the table was re-rendered whole per frame) is streamed too.
// BENCH_QUICK=1 measures only the streamed run (for iterating on the renderer; the baseline takes minutes).
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { CDPSession } from 'playwright-core';
import type { HostToWebview } from '../src/core/panel/protocol';
import { openWebviewPage } from '../test/e2e/support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from '../test/e2e/support/streamMessages';
import { repoRoot } from '../test/e2e/support/workbench';
import { fmt, percentile, table } from './stats';

const ROWS = 3000;
const DELTA = 16;
const PER_FRAME = 4;
/** The naive renderer is timed on every Nth frame and the sum scaled (all of them would take minutes). */
const NAIVE_EVERY = 20;

async function buildNaive(): Promise<string> {
  const outfile = path.join(repoRoot, 'out', 'bench-browser', 'naiveRenderer.js');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'bench', 'browser', 'naiveRenderer.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile, logLevel: 'error' });
  return outfile;
}

function state(turns: ReturnType<typeof modelTurn>[]): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'gemini-3.5-flash', conversations: [], ...PANEL_DEFAULTS } };
}

async function webviewMs(cdp: CDPSession): Promise<number> {
  return (await breakdown(cdp)).total;
}

/** Main-thread time so far, and how much of it was script, style and layout. */
async function breakdown(cdp: CDPSession): Promise<{ total: number; script: number; style: number; layout: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  return { total: ms('TaskDuration') - ms('DevToolsCommandDuration'), script: ms('ScriptDuration'), style: ms('RecalcStyleDuration'), layout: ms('LayoutDuration') };
}

/** The answer streamed: a 3,000-row table; `doubtful`: its fifth row starts with `<`. */
function tableAnswer(doubtful: boolean): string {
  const rows = Array.from({ length: ROWS }, (_, i) => doubtful && i === 4 ? '<b>flagged</b> | 4 | <i>x</i> | ok |' : `| ${i} | item **${i}** | ${(i * 7919) % 10007} | ok |`).join('\n');
  return `Results:\n\n| # | Name | Score | Status |\n|---|:----:|------:|--------|\n${rows}\n\nDone.\n`;
}

type Page = Awaited<ReturnType<typeof openWebviewPage>>;

/** Streams `answer` into the page, PER_FRAME deltas per frame: main-thread time, its split, and the time between frames. */
async function streamOurs(wv: Page, cdp: CDPSession, answer: string, id: string): Promise<{ ms: number; split: string; gaps: number[] }> {
  const page = wv.page;
  const { start, deltas, end } = streamMessages(answer, { id, deltaSize: DELTA });
  await wv.send(state([]), ...start);
  await page.evaluate((m) => { (window as unknown as { __msgs: unknown[] }).__msgs = m; }, [...deltas, ...end]);
  const before = await breakdown(cdp);
  const gaps = await page.evaluate(async (perFrame) => {
    const msgs = (window as unknown as { __msgs: unknown[] }).__msgs;
    const dispatch = (m: unknown) => window.dispatchEvent(new MessageEvent('message', { data: m }));
    const gaps: number[] = [];
    let last = performance.now();
    for (let i = 0; i < msgs.length; i += perFrame) {
      for (const m of msgs.slice(i, i + perFrame)) dispatch(m);
      await new Promise((r) => requestAnimationFrame(() => r(undefined)));
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    return gaps;
  }, PER_FRAME);
  const after = await breakdown(cdp);
  const split = `script ${fmt(after.script - before.script, 0)} ms, style ${fmt(after.style - before.style, 0)} ms, layout ${fmt(after.layout - before.layout, 0)} ms`;
  return { ms: after.total - before.total, split, gaps: gaps.sort((a, b) => a - b) };
}

export default async function run(): Promise<{ title: string; markdown: string }> {
  const answer = tableAnswer(false);
  const wv = await openWebviewPage({ extraScripts: [await buildNaive()], viewport: { width: 500, height: 900 } });
  try {
    const page = wv.page;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { deltas } = streamMessages(answer, { id: 'tbl', deltaSize: DELTA });
    // Warm-up: the JIT, on a smaller table.
    const warm = streamMessages(answer.slice(0, 20_000), { id: 'warm', deltaSize: DELTA });
    await wv.send(state([]), ...warm.start, ...warm.deltas, ...warm.end);

    // ---- ours: PER_FRAME deltas per frame ----
    const ours = await streamOurs(wv, cdp, answer, 'tbl');
    const oursMs = ours.ms;
    const split = ours.split;
    if (process.env.BENCH_QUICK) return { title: 'quick', markdown: `ours ${fmt(oursMs, 0)} ms (${split}); frames p50 ${fmt(percentile(ours.gaps, 50), 1)} p95 ${fmt(percentile(ours.gaps, 95), 1)} max ${fmt(Math.max(...ours.gaps), 0)}` };
    const shownRows = await page.evaluate(() => document.querySelectorAll('.turn.model[data-turn-id="tbl"] tbody tr').length);
    if (shownRows !== ROWS) throw new Error(`streamed table shows ${shownRows} rows`);
    const streamedText = await page.evaluate(() => document.querySelector('.turn.model[data-turn-id="tbl"] .part.text')!.textContent);

    // ---- ours, the same table with one row starting with `<` ----
    const odd = await streamOurs(wv, cdp, tableAnswer(true), 'odd');
    const oddShape = await page.evaluate(() => {
      const part = document.querySelector('.turn.model[data-turn-id="odd"] .part.text')!;
      return { rows: part.querySelectorAll('tbody tr').length, bodies: part.querySelector('table')!.tBodies.length };
    });
    if (oddShape.rows !== ROWS) throw new Error(`the table with the doubtful row shows ${oddShape.rows} rows`);

    // ---- render once (a stored conversation opening), for the text comparison and the floor ----
    await wv.send(state([]));
    const beforeOnce = await webviewMs(cdp);
    await wv.send(state([userTurn('once', 'q'), modelTurn('once', answer)]));
    await wv.send();
    const onceMs = (await webviewMs(cdp)) - beforeOnce;
    const onceText = await page.evaluate(() => document.querySelector('.turn.model[data-turn-id="once"] .part.text')!.textContent);
    if (onceText !== streamedText) throw new Error('the streamed table shows different text from the table rendered once');

    // ---- naive: the whole text so far re-rendered per frame (sampled) ----
    await wv.send(state([]));
    const frames = Math.ceil(deltas.length / PER_FRAME);
    const naive = await page.evaluate(({ answer, step, every, frames }) => {
      const host = document.createElement('div');
      host.className = 'part text markdown';
      const transcript = document.querySelector('.transcript') as HTMLElement;
      transcript.append(host);
      const { renderMarkdown } = (window as unknown as { __naive: { renderMarkdown(t: string): DocumentFragment } }).__naive;
      const sampled: number[] = [];
      for (let f = every; f <= frames; f += every) {
        const t0 = performance.now();
        host.replaceChildren(renderMarkdown(answer.slice(0, f * step)));
        transcript.scrollTop = transcript.scrollHeight; // style + layout, as a frame would
        sampled.push(performance.now() - t0);
      }
      return sampled;
    }, { answer, step: DELTA * PER_FRAME, every: NAIVE_EVERY, frames });
    const naiveTotal = naive.reduce((a, b) => a + b, 0) * NAIVE_EVERY;
    const gaps = ours.gaps;
    const naiveSorted = [...naive].sort((a, b) => a - b);
    const markdown = [
      `A ${ROWS.toLocaleString('en')}-row table (${answer.length.toLocaleString('en')} characters, no blank lines) streamed as ${deltas.length.toLocaleString('en')} deltas of ${DELTA} characters, ${PER_FRAME} per frame (${frames.toLocaleString('en')} frames), into the bundled webview in headless Chromium (500×900). Totals are the page's main-thread time (CDP).`,
      '',
      table(['renderer', 'total (ms)', 'frame p50', 'frame p95', 'max frame'], [
        ['ours: the table split at rows, only the open chunk re-rendered (frame = time between frames)', fmt(oursMs, 0), fmt(percentile(gaps, 50), 1), fmt(percentile(gaps, 95), 1), fmt(gaps[gaps.length - 1], 0)],
        ['ours, the same table with one row starting with `<` (issue 23: still split after it)', fmt(odd.ms, 0), fmt(percentile(odd.gaps, 50), 1), fmt(percentile(odd.gaps, 95), 1), fmt(odd.gaps[odd.gaps.length - 1], 0)],
        ['render the final table once', fmt(onceMs, 0), '', '', ''],
        [`naive: the whole table so far re-rendered per frame (every ${NAIVE_EVERY}th frame timed; frame = its render)`, `≈ ${fmt(naiveTotal, 0)}`, fmt(percentile(naiveSorted, 50), 1), fmt(percentile(naiveSorted, 95), 1), fmt(naiveSorted[naiveSorted.length - 1], 0)],
      ]),
      '',
      `- Ours: ${split} (the rest: paint, compositing, message delivery). A growing table is laid out again per frame whatever renders it, which is most of what is left.`,
      `- With the doubtful row: ${odd.split}; ${oddShape.bodies.toLocaleString('en')} row groups (chunks). Doubtful / plain (total): **${fmt(odd.ms / oursMs, 2)}×**.`,
      `- Naive / ours (total): **${fmt(naiveTotal / oursMs, 1)}×**. Streamed and rendered-once text are identical (${streamedText!.length.toLocaleString('en')} characters).`,
    ].join('\n');
    return { title: 'Streaming a long table (Chromium)', markdown };
  } finally {
    await wv.close();
  }
}
