// Explain Selection on a 5,000-line file: time from the command to the request leaving, through the code
// path the command uses minus the editor itself — the selection text taken by range from a line-indexed
// document (what vscode.TextDocument.getText(range) does), selectionMessage(), Conversation.send()
// (which saves the transcript to disk first), buildCreateBody(), the SDK, loopback to the emulator.
// Naive baseline in the same run: taking the selection by splitting the whole text into lines each time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../test/emulator/server';
import { createInteractionsApi, type InteractionsApi } from '../src/core/gemini/client';
import { Conversation } from '../src/core/conversation/conversation';
import { ConversationStore, type IndexEntry } from '../src/core/storage/conversationStore';
import { nodeFs } from '../src/core/storage/nodeFs';
import { selectionMessage, type SelectionInput } from '../src/core/editor/prompts';
import type { ConversationData, TurnSettings } from '../src/core/conversation/types';
import { fmt, median, percentile, table } from './stats';

const LINES = 5000;
const RUNS = 30;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A document with a line index, as VS Code keeps one: getText(range) slices by offsets. */
class LineDoc {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  getText(r: { startLine: number; endLine: number }): string {
    const end = r.endLine + 1 < this.starts.length ? this.starts[r.endLine + 1] - 1 : this.text.length;
    return this.text.slice(this.starts[r.startLine], end);
  }
}

function sourceFile(): string {
  const out: string[] = [];
  for (let i = 0; out.length < LINES; i++) {
    out.push(`/** Computes part ${i} of the report. */`, `export function part${i}(input: Record<string, number>, scale = ${i}): number {`,
      '  let total = 0;', '  for (const [key, value] of Object.entries(input)) {', '    if (key.startsWith(`skip`)) continue;',
      '    total += value * scale;', '  }', '  return total;', '}', '');
  }
  return out.slice(0, LINES).join('\n') + '\n';
}

function indexBackend() {
  let index: IndexEntry[] | undefined;
  return { readIndex: () => index, writeIndex: async (e: IndexEntry[]) => { index = e; } };
}

export default async function run(): Promise<{ title: string; markdown: string }> {
  const emu = await startEmulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-bench-explain-'));
  try {
    const text = sourceFile();
    const doc = new LineDoc(text);
    const real = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    let handedOff = 0;
    let answered = 0;
    const api: InteractionsApi = {
      ...real,
      createStream: async (body, signal) => {
        handedOff = performance.now();
        const s = await real.createStream(body, signal);
        answered = performance.now();
        return s;
      },
    };
    const store = new ConversationStore(indexBackend(), nodeFs, dir);
    const settings: TurnSettings = { model: 'gemini-3.5-flash', store: true, tools: {} };
    let convs = 0;
    const newConversation = () => new Conversation({ id: `bench-${++convs}`, title: '', createdAt: 0, updatedAt: 0, turns: [] } as ConversationData, {
      api: async () => api, settings: () => settings, save: (d) => store.save(d), log: quiet,
      listener: { started() {}, event() {}, notice() {}, finished() {} },
    });

    type Take = (startLine: number, endLine: number) => string;
    const ours: Take = (s, e) => doc.getText({ startLine: s, endLine: e });
    const naive: Take = (s, e) => text.split('\n').slice(s, e + 1).join('\n');

    /** `sameConversation`: every run continues one conversation (its transcript grows); else a new chat per run. */
    async function measure(take: Take, span: number, sameConversation = false, runs = RUNS): Promise<{ handoff: number[]; response: number[] }> {
      const handoff: number[] = [];
      const response: number[] = [];
      const shared = newConversation();
      for (let i = 0; i < runs + 3; i++) {
        const conv = sameConversation ? shared : newConversation();
        emu.queueScenario({ name: 'text', words: 5, thought: false });
        const start = span >= LINES ? 0 : (i * 97) % (LINES - span);
        const t0 = performance.now();
        const input: SelectionInput = {
          path: 'src/report.ts', languageId: 'typescript',
          selections: [{ startLine: start + 1, endLine: start + span, text: take(start, start + span - 1) }],
        };
        const turn = await conv.send(selectionMessage(input).parts, { text: selectionMessage(input).text });
        if (turn.state !== 'done') throw new Error(`explain ended ${turn.state}: ${turn.error?.message}`);
        if (i >= 3) { // the first runs warm up the SDK and the connection
          handoff.push(handedOff - t0);
          response.push(answered - t0);
        }
      }
      return { handoff, response };
    }

    const cases: [string, number][] = [['a 50-line function', 50], ['the whole file (5,000 lines)', LINES]];
    const rows: (string | number)[][] = [];
    const summary: string[] = [];
    for (const [label, span] of cases) {
      const o = await measure(ours, span);
      const n = await measure(naive, span);
      const p = (xs: number[], q: number) => percentile([...xs].sort((a, b) => a - b), q);
      rows.push([label, `${fmt(median(o.handoff))} / ${fmt(p(o.handoff, 95))}`, `${fmt(median(o.response))} / ${fmt(p(o.response, 95))}`,
        `${fmt(median(n.handoff))} / ${fmt(p(n.handoff, 95))}`, `${fmt(median(n.handoff) / median(o.handoff), 1)}×`]);
      summary.push(`- ${label}: the request reaches the emulator and is answered within **${fmt(p(o.response, 95), 1)} ms** (p95; target < 50 ms) — ${p(o.response, 95) < 50 ? 'met' : 'NOT met'}.`);
    }
    // The same whole-file explanation repeated in one conversation: Conversation.send() saves before the
    // request (a journal append since the journal store; the old store rewrote the whole transcript).
    const growing = await measure(ours, LINES, true, 10);
    summary.push(`- Whole file, repeated in one conversation: turn 4 → turn 13 to SDK ${growing.handoff.slice(0, 1).map((x) => fmt(x, 1))} → ${fmt(growing.handoff.at(-1)!, 1)} ms: the transcript (${(text.length * 2 * 13 / 1024 / 1024).toFixed(1)} MiB by then: the text and its wire copy per turn) is saved before each request, by appending the new turn to its journal.`);
    const markdown = [
      `Explain Selection on a ${LINES.toLocaleString('en-US')}-line TypeScript file (${(text.length / 1024).toFixed(0)} KiB), ${RUNS} runs per case, each in a new chat (as with explainInNewChat), after 3 warm-up runs. Times in ms from the command (selection taken) to: the request handed to the SDK (transcript saved to disk before it), and the response headers back from the emulator over loopback (the request has left and arrived). Median / p95.`,
      '',
      table(['selection', 'ours: to SDK', 'ours: request answered', 'naive (split whole text): to SDK', 'naive / ours'], rows),
      '',
      ...summary,
    ].join('\n');
    return { title: 'Explain Selection: command to request on a 5,000-line file', markdown };
  } finally {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
