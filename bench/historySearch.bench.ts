// History search over 1,000 conversations (2–40 exchanges, ~20 turns on average, French/Portuguese/English
// text with accents), typing queries keystroke by keystroke.
// - Matching (Node): the shipped index (src/core/history/historySearch.ts: texts folded once, a keystroke is indexOf
//   over folded strings, narrowed to the previous hits) against the naive way: per keystroke, re-join each
//   transcript from its turns, lower-case and strip accents, then `includes` every word.
// - In real Chromium: the bundled webview with the 1,000 conversations listed and their texts received
//   from the "host" once; per keystroke the time from the `input` event to a finished layout of the
//   filtered list (marks and snippets included), measured in the page.
// Target: p95 per keystroke < 16 ms.
import { performance } from 'node:perf_hooks';
import { HistorySearch } from '../src/core/history/historySearch';
import { conversationSearchText } from '../src/core/history/searchText';
import type { ConversationData, ModelTurn, Turn, UserTurn } from '../src/core/conversation/types';
import type { ConversationSummary, HostToWebview } from '../src/core/panel/protocol';
import { openWebviewPage } from '../test/e2e/support/webviewPage';
import { PANEL_DEFAULTS } from '../test/e2e/support/streamMessages';
import { fmt, percentile, table } from './stats';

const CONVERSATIONS = 1000;
const QUERIES = ['déploiement serveur', 'quixotrel', 'coracao fonction', 'the parser token'];
const VOCAB = ('le serveur de production répond lentement après le déploiement, il faut vérifier la configuration du cache et ' +
  'les journaux de la base de données. Como posso melhorar a função que lê o arquivo e o coração do sistema, a memória e ' +
  'a sessão do usuário? The parser splits the token stream into statements; each function call returns a promise and ' +
  'the test suite runs in the background while the build finishes. été, réunion, équipe, naïve, façade, ação, informação').split(/\s+/);

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function corpus(): ConversationData[] {
  const r = rng(42);
  const words = (n: number) => Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ');
  const out: ConversationData[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const exchanges = 1 + Math.floor(r() * 19); // 1–19 exchanges, ~20 turns on average
    const turns: Turn[] = [];
    for (let e = 0; e < exchanges; e++) {
      const question = words(8 + Math.floor(r() * 30)) + (c === 613 && e === Math.floor(exchanges / 2) ? ' quixotrel' : '');
      turns.push({ role: 'user', id: `u${e}`, text: question, at: e } as UserTurn);
      turns.push({ role: 'model', id: `m${e}`, model: 'm', state: 'done', interactionIds: [], startedAt: e,
        parts: [{ kind: 'thought', text: words(30) }, { kind: 'text', text: words(40 + Math.floor(r() * 300)) }] } as ModelTurn);
    }
    out.push({ id: `c${c}`, title: words(4), createdAt: c, updatedAt: 1_700_000_000_000 + c * 1000, turns } as ConversationData);
  }
  return out;
}

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** The naive way: the whole transcript re-joined and folded on every keystroke. */
function naiveSearch(all: ConversationData[], query: string): string[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return all.map((c) => c.id);
  return all.filter((c) => {
    const text = fold(`${c.title}\n${c.turns.map((t) => t.role === 'user' ? t.text : t.parts.map((p) => p.kind === 'text' ? p.text : '').join(' ')).join('\n')}`);
    return words.every((w) => text.includes(w));
  }).map((c) => c.id);
}

function keystrokes(): string[] {
  return QUERIES.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));
}

function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1)! };
}

export default async function run(): Promise<{ title: string; markdown: string }> {
  const all = corpus();
  const turns = all.reduce((n, c) => n + c.turns.length, 0);
  const texts = all.map((c) => ({ id: c.id, updatedAt: c.updatedAt, text: conversationSearchText(c) }));
  const chars = texts.reduce((n, d) => n + d.text.length, 0);

  // ---- matching in Node ----
  const t0 = performance.now();
  const index = new HistorySearch();
  for (const c of all) index.set(c.id, c.title, conversationSearchText(c));
  index.search('a'); // folds every text once (what the first keystroke pays)
  const buildMs = performance.now() - t0;
  const ours: number[] = [];
  const naive: number[] = [];
  const rounds = Number(process.env.HISTORY_BENCH_ROUNDS ?? 3);
  for (let round = 0; round < rounds; round++) {
    for (const q of QUERIES) {
      index.search('');
      for (let i = 1; i <= q.length; i++) {
        const prefix = q.slice(0, i);
        let s = performance.now();
        const hits = index.search(prefix)!;
        ours.push(performance.now() - s);
        s = performance.now();
        const expected = naiveSearch(all, prefix);
        naive.push(performance.now() - s);
        if (round === 0 && hits.size !== expected.length) throw new Error(`"${prefix}": ${hits.size} hits, naive ${expected.length}`);
      }
    }
  }
  const o = stats(ours);
  const n = stats(naive);

  // ---- the webview in Chromium: filter + re-render + layout per keystroke ----
  const wv = await openWebviewPage({ viewport: { width: 420, height: 900 } });
  let page: { p50: number; p95: number; max: number };
  let firstShown: number;
  let scriptOnly: { p50: number; p95: number; max: number };
  try {
    const conversations: ConversationSummary[] = all.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, sizeBytes: 1000 + c.turns.length * 900 }));
    await wv.send({ type: 'state', state: { conversationId: 'c0', turns: [], busy: false, hasApiKey: true, model: 'm', conversations, ...PANEL_DEFAULTS } }, { type: 'showHistory' });
    const trap = await wv.trap();
    const req = trap.posted.find((m) => m.type === 'request' && m.request.type === 'historySearchText');
    if (!req || req.type !== 'request') throw new Error('the webview did not ask for the search texts');
    await wv.send({ type: 'response', id: req.id, result: { docs: texts } } as HostToWebview);
    // The webview folds the texts in short background tasks after they arrive (the user is still reading the list).
    await wv.page.waitForTimeout(1500);
    const times = await wv.page.evaluate(async (keys) => {
      const input = document.querySelector<HTMLInputElement>('.history-search-input')!;
      const out: number[] = [];
      const script: number[] = [];
      for (const k of keys) {
        if (k.length === 1) { input.value = ''; input.dispatchEvent(new Event('input')); void document.body.offsetHeight; }
        await new Promise(requestAnimationFrame);
        const t0 = window.performance.now();
        input.value = k;
        input.dispatchEvent(new Event('input'));
        script.push(window.performance.now() - t0);
        void document.body.offsetHeight; // the filtered list laid out
        out.push(window.performance.now() - t0);
      }
      return { out, script };
    }, [...keystrokes(), ...keystrokes()]);
    if (process.env.HISTORY_BENCH_DEBUG) console.error([...keystrokes(), ...keystrokes()].map((k, i) => `${k}: ${fmt(times.script[i])} / ${fmt(times.out[i])}`).join('\n'));
    page = stats(times.out);
    scriptOnly = stats(times.script);
    firstShown = await wv.page.evaluate(() => document.querySelectorAll('.history-item:not([hidden])').length);
  } finally {
    await wv.close();
  }

  const rows = [
    ['shipped index (Node, matching only)', fmt(o.p50), fmt(o.p95), fmt(o.max)],
    ['naive re-join + fold + includes (Node)', fmt(n.p50), fmt(n.p95), fmt(n.max)],
    ['shipped, in the webview (Chromium: filter + marks/snippets + layout)', fmt(page.p50), fmt(page.p95), fmt(page.max)],
    ['… of which the input handler (matching + DOM updates, before layout)', fmt(scriptOnly!.p50), fmt(scriptOnly!.p95), fmt(scriptOnly!.max)],
  ];
  const markdown = [
    `${CONVERSATIONS} conversations, ${turns} turns (${(turns / CONVERSATIONS).toFixed(1)} per conversation), ${(chars / 1e6).toFixed(1)} M characters of searchable text; ` +
      `${keystrokes().length} keystrokes over ${QUERIES.map((q) => `"${q}"`).join(', ')} (${rounds} rounds in Node, 2 in Chromium).`,
    '',
    table(['per keystroke', 'p50 ms', 'p95 ms', 'max ms'], rows),
    '',
    `- Index build (fold every text once, paid by the first search after the texts arrive): ${fmt(buildMs, 0)} ms.`,
    `- Matching p95: naive / shipped = ${fmt(n.p95 / o.p95, 1)}×.`,
    `- p95 < 16 ms per keystroke in the webview including the list re-render: ${page.p95 < 16 ? 'holds' : 'does NOT hold'} (${fmt(page.p95)} ms); the naive matching alone is ${fmt(n.p95)} ms before any rendering.`,
    `- Last query left ${firstShown} conversations listed (check: results agree with the naive way for every keystroke).`,
  ].join('\n');
  return { title: 'History search (1,000 conversations, per keystroke)', markdown };
}
