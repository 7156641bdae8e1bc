// Streaming render cost in real Chromium: a 200,000-character markdown answer with 40 fenced code
// blocks, delivered as 5,000 deltas to the real bundled webview (dist/webview.js under the shipped CSP).
// Each delta is one host message, timed from dispatch to the end of its synchronous handling
// (reducer, markdown, highlighting, sanitiser, DOM) plus what the frame after it does (keep the end in view:
// style + layout), as if every delta got its own frame. Beside it, in the same page: rendering the final answer once (a stored
// conversation opening), and a naive renderer that re-renders the whole answer per delta with the same
// libraries (markdown-it, highlight.js, the sanitiser) — timed on every 50th delta and summed for the
// total, since running all 5,000 would take many minutes.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { HostToWebview } from '../src/core/protocol';
import { openWebviewPage } from '../test/e2e/support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from '../test/e2e/support/streamMessages';
import { repoRoot } from '../test/e2e/support/workbench';
import { longAnswer } from './markdownCorpus';
import { fmt, percentile, table } from './stats';

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

export default async function run(): Promise<{ title: string; markdown: string }> {
  const answer = longAnswer(CHARS, 40);
  const deltaSize = Math.ceil(answer.length / DELTAS);
  const wv = await openWebviewPage({ extraScripts: [await buildNaive()], viewport: { width: 500, height: 900 } });
  try {
    const page = wv.page;
    // Warm-up: the JIT and highlight.js grammars, on a different, smaller answer.
    const warm = streamMessages(longAnswer(20_000, 4), { id: 'warm', deltaSize });
    await wv.send(state([]), ...warm.start, ...warm.deltas, ...warm.end);

    const { start, deltas, end } = streamMessages(answer, { id: 'turn', deltaSize });
    if (deltas.length !== DELTAS) throw new Error(`expected ${DELTAS} deltas, got ${deltas.length}`);
    await wv.send(state([]), ...start);
    const ours = await page.evaluate(({ deltas, end }) => {
      const dispatch = (m: unknown) => window.dispatchEvent(new MessageEvent('message', { data: m }));
      const transcript = document.querySelector('.transcript') as HTMLElement;
      const times: number[] = [];
      let handlerMs = 0;
      for (const d of deltas) {
        const t0 = performance.now();
        dispatch(d);
        const t1 = performance.now();
        // What the frame after each delta does: keep the end in view (style + layout), as the
        // transcript does once per frame while the user follows the answer.
        transcript.scrollTop = transcript.scrollHeight;
        const t2 = performance.now();
        handlerMs += t1 - t0;
        times.push(t2 - t0);
      }
      const t0 = performance.now();
      for (const m of end) dispatch(m);
      const finish = performance.now() - t0;
      return { times, handlerMs, finish, text: (document.querySelector('.turn.model .part.text') as HTMLElement).innerText.length, codeBlocks: document.querySelectorAll('.turn.model .code-block').length };
    }, { deltas, end });
    if (ours.codeBlocks !== 40) throw new Error(`rendered ${ours.codeBlocks} code blocks, expected 40`);

    // Rendering the final answer once, through the same webview path (a stored conversation opening).
    const onceRuns: number[] = [];
    let onceHtml = 0;
    for (let i = 0; i < 3; i++) {
      await wv.send(state([]));
      const r = await page.evaluate((m) => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: m }));
        const transcript = document.querySelector('.transcript') as HTMLElement;
        transcript.scrollTop = transcript.scrollHeight;
        const ms = performance.now() - t0;
        return { ms, blocks: document.querySelectorAll('.turn.model .code-block').length };
      }, state([userTurn('once', 'q'), modelTurn('once', answer)]));
      if (r.blocks !== 40) throw new Error('render-once lost code blocks');
      onceRuns.push(r.ms);
      onceHtml = r.blocks;
    }
    void onceHtml;
    const once = onceRuns.sort((a, b) => a - b)[1];

    // Naive: the whole answer so far through the same pipeline, per delta (sampled).
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
        transcript.scrollTop = transcript.scrollHeight; // the same frame work per delta as above
        sampled.push(performance.now() - t0);
      }
      return sampled;
    }, { answer, deltaSize, every: NAIVE_EVERY, total: DELTAS });

    const sorted = [...ours.times].sort((a, b) => a - b);
    const oursTotal = ours.times.reduce((a, b) => a + b, 0) + ours.finish;
    const naiveTotal = naive.reduce((a, b) => a + b, 0) * NAIVE_EVERY;
    const naiveSorted = [...naive].sort((a, b) => a - b);
    const rows = [
      ['ours: streamed (5,000 deltas)', fmt(oursTotal, 0), fmt(percentile(sorted, 50), 3), fmt(percentile(sorted, 95), 3), fmt(sorted[sorted.length - 1], 1)],
      ['render the final answer once', fmt(once, 0), '', '', ''],
      [`naive: re-render everything per delta (every ${NAIVE_EVERY}th delta timed)`, `≈ ${fmt(naiveTotal, 0)}`, fmt(percentile(naiveSorted, 50), 1), fmt(percentile(naiveSorted, 95), 1), fmt(naiveSorted[naiveSorted.length - 1], 1)],
    ];
    const markdown = [
      `A ${answer.length.toLocaleString('en')}-character markdown answer with 40 fenced code blocks (8 languages), headings, lists, tables, links; ${DELTAS.toLocaleString('en')} deltas of ${deltaSize} characters dispatched one by one to the bundled webview in headless Chromium. Times in ms of main-thread work per host message (reducer, markdown-it, highlight.js, DOMPurify, DOM) plus the frame work after each message (scroll to the end: style + layout), as if each delta had its own frame.`,
      '',
      table(['renderer', 'total (ms)', 'per delta p50', 'per delta p95', 'max'], rows),
      '',
      `- Streamed total / render once: **${fmt(oursTotal / once)}×** (target: within 2×).`,
      `- Per-delta p95: **${fmt(percentile(sorted, 95), 2)} ms** (target: < 8 ms).`,
      `- Naive / ours (total): **${fmt(naiveTotal / oursTotal, 0)}×** (target: ≥ 20×).`,
      `- Of the streamed total, ${fmt(ours.handlerMs, 0)} ms is our message handling (reducer, markdown, highlighting, sanitiser, DOM) and the rest the style + layout of keeping the end in view.`,
      `- Finishing the turn (final render of the last block, footer): ${fmt(ours.finish, 1)} ms.`,
    ].join('\n');
    return { title: 'Streaming markdown render (Chromium)', markdown };
  } finally {
    await wv.close();
  }
}
