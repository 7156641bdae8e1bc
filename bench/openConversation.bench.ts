// Opening a stored conversation of 500 turns (250 questions and 250 markdown answers with code) in
// the real bundled webview in Chromium: the time from the host's `state` message to the first frame
// painted with the conversation (handler + style + layout + paint), beside rendering every turn with
// the same markdown pipeline (measured in the same page).
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { HostToWebview, ViewTurn } from '../src/core/panel/protocol';
import { openWebviewPage } from '../test/e2e/support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, userTurn } from '../test/e2e/support/streamMessages';
import { repoRoot } from '../test/e2e/support/workbench';
import { longAnswer } from './markdownCorpus';
import { fmt, median, table } from './stats';

const TURNS = 500;

function conversation(): ViewTurn[] {
  const turns: ViewTurn[] = [];
  for (let i = 0; i < TURNS / 2; i++) {
    // Answers of 1–4 kB with a code block, like a coding assistant's.
    const answer = longAnswer(1000 + (i % 4) * 1000, 1).replace(/Step 1/g, `Answer ${i}`);
    turns.push(userTurn(`t${i}`, `Question ${i}: how do I do this?`), modelTurn(`t${i}`, answer));
  }
  return turns;
}

export default async function run(): Promise<{ title: string; markdown: string }> {
  const outfile = path.join(repoRoot, 'out', 'bench-browser', 'naiveRenderer.js');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'bench', 'browser', 'naiveRenderer.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile, logLevel: 'error' });
  const turns = conversation();
  const chars = turns.reduce((n, t) => n + (t.role === 'user' ? t.text.length : (t.parts[0] as { text: string }).text.length), 0);
  const message: HostToWebview = { type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'gemini-3.5-flash', conversations: [], ...PANEL_DEFAULTS } };
  const empty: HostToWebview = { type: 'state', state: { conversationId: undefined, turns: [], busy: false, hasApiKey: true, model: 'gemini-3.5-flash', conversations: [], ...PANEL_DEFAULTS } };
  const wv = await openWebviewPage({ extraScripts: [outfile], viewport: { width: 500, height: 900 } });
  try {
    const page = wv.page;
    await page.evaluate((m) => { (window as unknown as { __msg: unknown }).__msg = m; }, message);
    const ours: number[] = [];
    const all: number[] = [];
    let rendered = 0;
    for (let run = 0; run < 4; run++) {
      await wv.send(empty);
      ours.push(await page.evaluate(() => new Promise<number>((resolve) => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: (window as unknown as { __msg: unknown }).__msg }));
        // The frame that paints it: rAF runs before style/layout/paint, the task after it runs after.
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      })));
      rendered = await page.locator('.transcript > .turn').count();
      all.push(await page.evaluate(() => new Promise<number>((resolve) => {
        const transcript = document.querySelector('.transcript') as HTMLElement;
        transcript.replaceChildren();
        const { renderMarkdown } = (window as unknown as { __naive: { renderMarkdown(t: string): DocumentFragment } }).__naive;
        const msg = (window as unknown as { __msg: { state: { turns: { role: string; text?: string; parts?: { text: string }[] }[] } } }).__msg;
        const t0 = performance.now();
        for (const t of msg.state.turns) {
          const div = document.createElement('div');
          div.className = `turn ${t.role}`;
          if (t.role === 'user') div.textContent = t.text ?? '';
          else {
            const part = document.createElement('div');
            part.className = 'part text markdown';
            part.append(renderMarkdown(t.parts![0].text));
            div.append(part);
          }
          transcript.append(div);
        }
        transcript.scrollTop = transcript.scrollHeight;
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      })));
    }
    ours.shift(); all.shift(); // the first run warms the JIT
    const o = median(ours);
    const a = median(all);
    const markdown = [
      `A stored conversation of ${TURNS} turns (${(chars / 1000).toFixed(0)} k characters of markdown, a code block per answer) opened in the bundled webview in headless Chromium: time from the \`state\` message to the first painted frame (median of 3 after a warm-up).`,
      '',
      table(['', 'first paint (ms)'], [
        ['ours: the last 20 turns, earlier ones on demand', fmt(o, 0)],
        [`all ${TURNS} turns rendered (same markdown pipeline)`, fmt(a, 0)],
      ]),
      '',
      `- First paint: **${fmt(o, 0)} ms** (target: < 300 ms); **${fmt(a / o, 1)}×** faster than rendering every turn.`,
      `- Turns in the DOM after opening: ${rendered} of ${TURNS} (the rest behind "Show earlier messages" / scrolling up).`,
    ].join('\n');
    return { title: 'Opening a 500-turn conversation (Chromium)', markdown };
  } finally {
    await wv.close();
  }
}
