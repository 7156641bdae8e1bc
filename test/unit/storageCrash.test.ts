// Fault injection: a child process runs the real store on the real file system (node:fs, fsync) and is
// killed with SIGKILL at random moments, during saves and during compactions. After every kill the store
// is reopened here and checked: it must open, every turn the child was told was saved must be there, and
// nothing may be damaged but the one record in flight.
// The same file is the child: with STORAGE_CRASH_CHILD set it runs the writer instead of the tests.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as nodefs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConversationStore, type IndexEntry, type IndexBackend } from '../../src/core/storage/conversationStore';
import type { ConversationData, ModelTurn, UserTurn } from '../../src/core/conversation/types';
import { nodeFs } from '../../src/core/storage/nodeFs';
import type { StorageFs } from '../../src/core/storage/fsPort';

const KILLS = 200;
const ID = 'crash';

/** Deterministic media for turn n (every third turn carries some, 2–6 KB). */
function mediaOf(n: number): string | undefined {
  if (n % 3) return undefined;
  const size = 2048 + (n * 977) % 4096;
  const out = Buffer.alloc(size);
  let h = createHash('sha256').update(String(n)).digest();
  for (let i = 0; i < size; i += 32) { h.copy(out, i); h = createHash('sha256').update(h).digest(); }
  return out.toString('base64');
}

/** The index lives in a JSON file next to the journals, written atomically (workspaceState stands in). */
function fileIndex(dir: string): IndexBackend {
  const file = path.join(dir, 'index.json');
  return {
    readIndex: () => { try { return JSON.parse(nodefs.readFileSync(file, 'utf8')) as IndexEntry[]; } catch { return undefined; } },
    writeIndex: async (entries) => {
      nodefs.writeFileSync(`${file}.tmp`, JSON.stringify(entries));
      nodefs.renameSync(`${file}.tmp`, file);
    },
  };
}

/**
 * node:fs writing in 16-byte pieces, one syscall each: one write() of a whole record is never torn by a
 * SIGKILL, so this is how a kill lands inside a record (as a power cut or a full disk can tear one).
 */
const piecewiseFs: StorageFs = {
  ...nodeFs,
  appendFile: (p, data) => writeInPieces(p, data, 'a'),
  writeFile: (p, data) => writeInPieces(p, data, 'w'),
};

async function writeInPieces(p: string, data: Uint8Array, flags: 'a' | 'w'): Promise<void> {
  const fh = await nodefs.promises.open(p, flags);
  try {
    for (let off = 0; off < data.length; off += 16) await fh.write(data, off, Math.min(16, data.length - off));
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function child(dir: string): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`); // synchronous on a pipe
  const fs = process.env.STORAGE_CRASH_PIECES ? piecewiseFs : nodeFs;
  const store = new ConversationStore(fileIndex(dir), fs, path.join(dir, 'conversations'), {
    // Small thresholds, so compactions are frequent enough to be killed in.
    compactMinDeadBytes: 1024, compactDeadRatio: 0.1,
    onCompaction: (phase) => say(phase === 'start' ? 'C+' : 'C-'),
  });
  const data: ConversationData = (await store.load(ID)) ?? { id: ID, title: '', createdAt: 1, updatedAt: 1, turns: [] };
  let n = data.turns.filter((t) => t.role === 'user').length;
  say('READY');
  for (;;) {
    n++;
    const image = mediaOf(n);
    const user: UserTurn = { role: 'user', id: `u${n}`, text: `Question ${n}`, at: n, wire: { type: 'user_input', content: [{ type: 'text', text: `Question ${n}` }, ...(image ? [{ type: 'image', mime_type: 'image/png', data: image }] : [])] } };
    const model: ModelTurn = { role: 'model', id: `m${n}`, model: 'm', parts: [], state: 'streaming', interactionIds: [], startedAt: n };
    data.turns.push(user, model);
    data.title = `Conversation after ${n} questions`; // a title record per turn: dead bytes to compact
    data.updatedAt = n;
    await store.save(data);
    let answer = model;
    if (n % 5 === 0) {
      // A failed answer, then its retry replaces it (a turnRemoved record).
      Object.assign(model, { state: 'error', error: { message: 'boom' }, finishedAt: n });
      await store.save(data);
      answer = { role: 'model', id: `r${n}`, model: 'm', parts: [], state: 'streaming', interactionIds: [], startedAt: n };
      data.turns[data.turns.length - 1] = answer;
      await store.save(data);
    }
    Object.assign(answer, {
      state: 'done', status: 'completed', finishedAt: n, interactionIds: [`i${n}`],
      parts: [{ kind: 'text', text: `Answer ${n} ${'lorem ipsum '.repeat(n % 7)}` }, ...(image ? [{ kind: 'media', media: { type: 'image', mimeType: 'image/png', data: image } }] : [])],
    });
    data.lastInteractionId = `i${n}`;
    await store.save(data);
    say(`F ${n} ${answer.id}`);
  }
}

if (process.env.STORAGE_CRASH_CHILD) {
  child(process.env.STORAGE_CRASH_CHILD).catch((e) => { console.error(e); process.exit(1); });
} else {
  describe('storage under SIGKILL (fault injection, child process)', function () {
    this.timeout(120_000);

    it(`${KILLS} kills at random points during saves and compactions: 0 corrupted conversations, 0 finished turns lost`, async () => {
      // tmpfs when there is one: a SIGKILL loses nothing the kernel already has, so the page cache is what
      // this test exercises, and skipping the disk's fsync latency leaves time for many more kill points.
      const base = nodefs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
      const root = nodefs.mkdtempSync(path.join(base, 'gi-crash-'));
      let dir = root;
      let acked = new Map<number, string>(); // question number -> id of its finished answer
      const figures = { kills: 0, duringCompaction: 0, corrupted: 0, lostFinished: 0, tornTails: 0, compactions: 0, acknowledged: 0, checkedTurns: 0 };
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      try {
        for (let k = 0; k < KILLS; k++) {
          // A fresh store every 25 kills keeps each conversation at a size that reopens quickly.
          if (k % 25 === 0) {
            dir = path.join(root, `run${k}`);
            nodefs.mkdirSync(dir);
            acked = new Map();
          }
          // Every third kill waits for a compaction to start and kills it there; the others at a random time.
          // Half of the runs write in small pieces, so kills also tear records.
          const { lines, code } = await runAndKill(dir, 3 + random() * 40, k % 3 === 2 ? Math.floor(random() * 3) : undefined, k % 2 === 1);
          assert.equal(code, null, `the child died on its own: ${lines.join('\n')}`);
          figures.kills++;
          let inCompaction = false;
          for (const l of lines) {
            if (l === 'C+') { inCompaction = true; figures.compactions++; }
            if (l === 'C-') inCompaction = false;
            const m = /^F (\d+) (\w+)$/.exec(l);
            if (m) { acked.set(Number(m[1]), m[2]); figures.acknowledged++; }
          }
          if (inCompaction) figures.duringCompaction++;
          // Reopen as the extension would after the crash, and check everything that was acknowledged.
          const store = new ConversationStore(fileIndex(dir), nodeFs, path.join(dir, 'conversations'));
          const opened = await store.open(ID).catch(() => undefined);
          if (!opened) {
            if (acked.size) figures.corrupted++;
            continue;
          }
          if (opened.recovered?.skippedRecords || opened.recovered?.missingMedia) figures.corrupted++;
          if (opened.recovered?.tornBytes) figures.tornTails++;
          const turns = opened.data.turns;
          const byId = new Map(turns.map((t) => [t.id, t]));
          if (byId.size !== turns.length) figures.corrupted++;
          for (const [n, answerId] of acked) {
            const answer = byId.get(answerId) as ModelTurn | undefined;
            const user = byId.get(`u${n}`) as UserTurn | undefined;
            const image = mediaOf(n);
            const ok = answer?.state === 'done' && (answer.parts[0] as { text: string }).text.startsWith(`Answer ${n} `)
              && user?.text === `Question ${n}`
              && (!image || ((answer.parts[1] as { media: { data: string } } | undefined)?.media.data === image
                && (user.wire as { content: { data?: string }[] }).content[1]?.data === image));
            if (!ok) figures.lostFinished++;
          }
          // The order is the order of the questions, each followed by its answer.
          const users = turns.filter((t) => t.role === 'user').map((t) => Number(t.id.slice(1)));
          if (users.some((u, i) => i > 0 && u <= users[i - 1])) figures.corrupted++;
          figures.checkedTurns += acked.size;
          await store.idle();
        }
      } finally {
        nodefs.rmSync(root, { recursive: true, force: true });
      }
      console.log(`      fault injection: ${JSON.stringify(figures)}`);
      assert.equal(figures.corrupted, 0);
      assert.equal(figures.lostFinished, 0);
      assert.ok(figures.acknowledged > KILLS, `the child got work done between kills (${figures.acknowledged} turns)`);
      assert.ok(figures.compactions > 10, `compactions happened (${figures.compactions})`);
      assert.ok(figures.duringCompaction > 0, 'at least one kill landed inside a compaction');
    });
  });
}

/**
 * Runs the child until it is ready, lets it write for `ms`, then SIGKILLs it; with `inCompaction`, kills it
 * `inCompaction` ms after it reports that a compaction started instead (or after 150 ms, if none does).
 */
function runAndKill(dir: string, ms: number, inCompaction: number | undefined, pieces: boolean): Promise<{ lines: string[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, STORAGE_CRASH_CHILD: dir, ...(pieces ? { STORAGE_CRASH_PIECES: '1' } : {}) };
    const proc = spawn(process.execPath, [__filename], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer) return;
      if (inCompaction === undefined && out.includes('READY\n')) timer = setTimeout(() => proc.kill('SIGKILL'), ms);
      if (inCompaction !== undefined && out.includes('C+\n')) {
        if (inCompaction === 0) proc.kill('SIGKILL');
        else timer = setTimeout(() => proc.kill('SIGKILL'), inCompaction);
      }
    });
    proc.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const fallback = setTimeout(() => proc.kill('SIGKILL'), 150);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      clearTimeout(fallback);
      // Only whole lines count: a line the kill cut short was not acknowledged.
      const lines = out.split('\n').slice(0, -1);
      resolve({ lines: code === null ? lines : [...lines, err], code });
    });
  });
}
