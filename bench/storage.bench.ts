// Saving one long conversation: bytes written and time per turn at turns 2, 50 and 500, with a 100 KB
// attachment every 10 turns (turns 1, 11, 21, …), for the journal store against the whole-file rewrite it
// replaced (a copy of that code is below, as the baseline). A turn is what Conversation does per message:
// one save when it starts (user turn + streaming answer) and one when the answer is finished.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConversationStore, indexEntryOf, type IndexEntry } from '../src/core/storage/conversationStore';
import type { ConversationData, ModelTurn, UserTurn } from '../src/core/conversation/types';
import { nodeFs } from '../src/core/storage/nodeFs';
import type { StorageFs } from '../src/core/storage/fsPort';
import { fmt, median, table } from './stats';

const TURNS = 511;
const MEASURED = [2, 50, 500];
const WITH_MEDIA = [1, 51, 501];
const RUNS = 7;
const ATTACHMENT = 100 * 1024;

/** The store before the journal (main at 8ce7115): the whole conversation, media inline, rewritten per save. */
class WholeFileStore {
  written = 0;
  private index: IndexEntry[] = [];
  constructor(private readonly dir: string) {}
  async save(data: ConversationData): Promise<void> {
    const snapshot = JSON.stringify({ format: 1, conversation: data });
    const tmp = path.join(this.dir, `${data.id}.json.${Date.now()}.tmp`);
    await fs.promises.writeFile(tmp, snapshot);
    await fs.promises.rename(tmp, path.join(this.dir, `${data.id}.json`));
    this.written += Buffer.byteLength(snapshot);
    this.index = this.index.filter((e) => e.id !== data.id);
    this.index.push(indexEntryOf(data));
  }
}

function counting(inner: StorageFs): StorageFs & { written: number } {
  const c = {
    ...inner,
    written: 0,
    appendFile: async (p: string, d: Uint8Array) => { c.written += d.length; await inner.appendFile(p, d); },
    writeFile: async (p: string, d: Uint8Array) => { c.written += d.length; await inner.writeFile(p, d); },
  };
  return c;
}

/** A 100 KB attachment, different per turn and conversation (so content addressing cannot share them). */
function attachment(n: number, salt: string): string {
  const b = Buffer.alloc(ATTACHMENT);
  const seed = n * 7919 + salt.length * 104729;
  for (let i = 0; i < b.length; i += 4) b.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ seed) >>> 0, i);
  return b.toString('base64');
}

/** Runs TURNS turns; returns the bytes and ms of each turn (index 1 = turn 1). */
async function run(save: (d: ConversationData) => Promise<void>, written: () => number, turns = TURNS, id = 'bench'): Promise<{ bytes: number[]; ms: number[] }> {
  const data: ConversationData = { id, title: 'A week-long conversation', createdAt: 0, updatedAt: 0, turns: [] };
  const bytes: number[] = [0];
  const ms: number[] = [0];
  for (let n = 1; n <= turns; n++) {
    const media = n % 10 === 1 ? attachment(n, id) : undefined;
    const question = `Question ${n}: how should I structure the module that handles this case? `.repeat(3);
    const answer = `Answer ${n}. ${'Here is how: keep one job per module, and test the edges. '.repeat(20)}\n\n\`\`\`ts\nexport const x${n} = ${n};\n\`\`\``;
    const user: UserTurn = {
      role: 'user', id: `u${n}`, text: question, at: n,
      ...(media ? { attachments: [{ name: `file${n}.png`, mimeType: 'image/png', sizeBytes: ATTACHMENT, kind: 'image' as const }] } : {}),
      wire: { type: 'user_input', content: [{ type: 'text', text: question }, ...(media ? [{ type: 'image', mime_type: 'image/png', data: media }] : [])] },
    };
    const model: ModelTurn = { role: 'model', id: `m${n}`, model: 'gemini-3.5-flash', parts: [], state: 'streaming', interactionIds: [`v1_${n}`], startedAt: n };
    const w0 = written();
    const t0 = performance.now();
    data.turns.push(user, model);
    data.updatedAt = n;
    await save(data);
    Object.assign(model, {
      state: 'done', status: 'completed', finishedAt: n, usage: { input: 100 * n, output: 300, total: 100 * n + 300 },
      parts: [{ kind: 'text', text: answer }], wire: [{ type: 'model_output', content: [{ type: 'text', text: answer }] }],
    });
    data.lastInteractionId = `v1_${n}`;
    await save(data);
    ms.push(performance.now() - t0);
    bytes.push(written() - w0);
  }
  return { bytes, ms };
}

export default async function bench(): Promise<{ title: string; markdown: string }> {
  // tmpfs when there is one, so the figures are the store's own work, not this machine's disk latency.
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const ours: { bytes: number[]; ms: number[] }[] = [];
  const naive: { bytes: number[]; ms: number[] }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const dir = fs.mkdtempSync(path.join(base, 'gi-bench-storage-'));
    try {
      let index: IndexEntry[] | undefined;
      const cfs = counting(nodeFs);
      const store = new ConversationStore({ readIndex: () => index, writeIndex: async (e) => { index = e; } }, cfs, path.join(dir, 'journal'));
      // Warm up (JIT) on another conversation, so turn 2 is not measured cold.
      await run((d) => store.save(d), () => cfs.written, 60, 'warmup');
      (globalThis as { gc?: () => void }).gc?.(); // each run starts from a clean heap
      ours.push(await run((d) => store.save(d), () => cfs.written));
      await store.idle();
      if (r === 0) {
        fs.mkdirSync(path.join(dir, 'whole'));
        const old = new WholeFileStore(path.join(dir, 'whole'));
        await run((d) => old.save(d), () => old.written, 60, 'warmup');
        naive.push(await run((d) => old.save(d), () => old.written));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // A turn takes well under a millisecond, so one sample is mostly scheduler noise: a plain turn's time is
  // the median over it and the next plain turns (9 in all) in every run; a turn with media, over the runs.
  const window = (n: number) => WITH_MEDIA.includes(n) ? [n] : Array.from({ length: 11 }, (_, i) => n + i).filter((t) => t % 10 !== 1 && t <= TURNS).slice(0, 9);
  const msAt = (runs: { ms: number[] }[], n: number) => median(runs.flatMap((x) => window(n).map((t) => x.ms[t])));
  const row = (n: number) => [
    `${n}${WITH_MEDIA.includes(n) ? ' (100 KB attachment)' : ''}`,
    ours[0].bytes[n].toLocaleString('en-US'), fmt(msAt(ours, n)),
    naive[0].bytes[n].toLocaleString('en-US'), fmt(msAt(naive, n)),
    `${fmt(naive[0].bytes[n] / ours[0].bytes[n], 0)}× / ${fmt(msAt(naive, n) / msAt(ours, n), 1)}×`,
  ];
  const ratio = (xs: number[], a: number, b: number) => xs[b] / xs[a];
  const plainBytes = ratio(ours[0].bytes, 2, 500);
  const plainMs = msAt(ours, 500) / msAt(ours, 2);
  const mediaBytes = ratio(ours[0].bytes, 1, 501);
  const mediaMs = msAt(ours, 501) / msAt(ours, 1);
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const verdict = (x: number) => (x <= 1.5 ? 'met' : 'NOT met');
  const markdown = [
    `One conversation of ${TURNS} turns (question ~200 B, answer ~1.2 KB with its wire copy), a different 100 KB attachment on turns 1, 11, 21, …; a turn = the save when it starts + the save when the answer is finished. Bytes written to the storage folder per turn (journal, media files; the workspaceState index, the same for both, is not counted) and time per turn (median over the turn and the next 8 plain turns, or for a turn with an attachment over the runs; ${RUNS} runs for ours, 1 for the whole-file baseline; on ${base === '/dev/shm' ? 'tmpfs' : 'the temp folder'}; ours fsyncs every write, the baseline never did). Both warm up on a 60-turn conversation first.`,
    '',
    table(['turn', 'journal: bytes', 'journal: ms', 'whole file: bytes', 'whole file: ms', 'whole file / journal (bytes / time)'], [...MEASURED, ...WITH_MEDIA].sort((a, b) => a - b).map(row)),
    '',
    `- Turn 500 / turn 2: bytes ${fmt(plainBytes)}×, time ${fmt(plainMs)}× (target ≤ 1.5×) — ${verdict(Math.max(plainBytes, plainMs))}.`,
    `- With an attachment, turn 501 / turn 1: bytes ${fmt(mediaBytes)}×, time ${fmt(mediaMs)}× — ${verdict(Math.max(mediaBytes, mediaMs))}.`,
    `- All ${TURNS} turns: journal ${(total(ours[0].bytes) / 1024 / 1024).toFixed(1)} MiB written in ${fmt(total(ours[0].ms) / 1000, 1)} s; whole file ${(total(naive[0].bytes) / 1024 / 1024 / 1024).toFixed(2)} GiB in ${fmt(total(naive[0].ms) / 1000, 1)} s.`,
  ].join('\n');
  return { title: 'Storage: bytes and time per turn in a 500-turn conversation', markdown };
}
