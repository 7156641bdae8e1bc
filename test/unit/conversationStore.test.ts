import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as nodefs from 'node:fs';
import * as path from 'node:path';
import { ConversationStore, StorageError, indexEntryOf, type IndexEntry, type IndexBackend, type StoreOptions } from '../../src/core/storage/conversationStore';
import type { ConversationData, ModelTurn, UserTurn } from '../../src/core/conversation/types';
import { parseJournal } from '../../src/core/storage/journalFormat';
import { storageMessages } from '../../src/core/l10n/storageStrings';
import { MemoryFs } from './memoryFs';

const DIR = '/ws/conversations';

class MemoryIndex implements IndexBackend {
  index: IndexEntry[] | undefined;
  writes = 0;
  readIndex(): IndexEntry[] | undefined {
    return this.index && structuredClone(this.index);
  }
  async writeIndex(entries: IndexEntry[]): Promise<void> {
    this.writes++;
    this.index = structuredClone(entries);
  }
}

// A 300-byte "PNG": long enough to be moved to the media folder.
const IMAGE = Buffer.from('\x89PNG' + 'p'.repeat(296), 'latin1').toString('base64');
const sha = (b64: string) => createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');

function userTurn(id: string, text: string, image?: string): UserTurn {
  return { role: 'user', id, text, at: 1, wire: { type: 'user_input', content: [{ type: 'text', text }, ...(image ? [{ type: 'image', mime_type: 'image/png', data: image }] : [])] } };
}
function modelTurn(id: string, text: string, extra: Partial<ModelTurn> = {}): ModelTurn {
  return {
    role: 'model', id, model: 'gemini-3.5-flash', state: 'done', status: 'completed', startedAt: 1, finishedAt: 2,
    interactionIds: [`${id}_h1`], parts: [{ kind: 'text', text }], wire: [{ type: 'model_output', content: [{ type: 'text', text }] }], ...extra,
  };
}
function conversation(id: string, updatedAt: number, extra: Partial<ConversationData> = {}): ConversationData {
  const user = userTurn(`${id}-u1`, 'Hello');
  const model = modelTurn(`${id}-m1`, 'Hi!', { interactionIds: [`${id}_h1`, `${id}_h2`] });
  return { id, title: `Chat ${id}`, createdAt: 1, updatedAt, turns: [user, model], lastInteractionId: `${id}_h2`, ...extra };
}
/** Adds one exchange the way Conversation does: user + streaming model turn, then the finished model turn. */
async function exchange(store: ConversationStore, c: ConversationData, n: number, image?: string): Promise<void> {
  const m = modelTurn(`m${n}`, `Answer ${n}`, { state: 'streaming', finishedAt: undefined, parts: [], wire: undefined, status: undefined });
  c.turns.push(userTurn(`u${n}`, `Question ${n}`, image), m);
  c.updatedAt = n;
  await store.save(c);
  Object.assign(m, modelTurn(`m${n}`, `Answer ${n}`, image ? { parts: [{ kind: 'text', text: `Answer ${n}` }, { kind: 'media', media: { type: 'image', mimeType: 'image/png', data: image } }] } : {}));
  c.lastInteractionId = `m${n}_h1`;
  await store.save(c);
}

describe('ConversationStore (journal)', () => {
  let fs: MemoryFs;
  let index: MemoryIndex;
  let store: ConversationStore;
  const reopen = (options?: StoreOptions) => new ConversationStore(index, fs, DIR, options);
  const journal = (id: string) => fs.files.get(`${DIR}/${id}.jsonl`)!;
  beforeEach(() => {
    fs = new MemoryFs();
    index = new MemoryIndex();
    store = reopen();
  });

  it('save then load round-trips the conversation, media included, in a new store', async () => {
    const c = conversation('c1', 10);
    c.turns.push(userTurn('u2', 'Look', IMAGE), modelTurn('m2', 'A picture', { parts: [{ kind: 'media', media: { type: 'image', mimeType: 'image/png', data: IMAGE } }] }));
    await store.save(c);
    assert.deepEqual(await reopen().load('c1'), c);
  });

  it('stores the mode of each turn with it (Ask, Plan, Agent); a turn without one reloads without one', async () => {
    const c = conversation('modes', 10);
    c.turns.push(userTurn('u2', 'Plan it'), modelTurn('m2', '- [ ] step', { mode: 'plan' }), userTurn('u3', 'Carry it out'), modelTurn('m3', 'Done', { mode: 'agent' }));
    await store.save(c);
    const back = (await reopen().load('modes'))!;
    assert.deepEqual(back.turns.filter((t) => t.role === 'model').map((t) => (t as ModelTurn).mode), [undefined, 'plan', 'agent']);
    assert.ok(!('mode' in back.turns[1]), 'a turn from before modes has no mode field');
  });

  it('a save appends only what changed: an unchanged save appends nothing, a finished turn appends one record', async () => {
    const c = conversation('c1', 10);
    await store.save(c);
    const size = journal('c1').length;
    await store.save(c);
    assert.equal(journal('c1').length, size, 'nothing changed, nothing written');
    assert.deepEqual(fs.ops.filter((o) => o.startsWith('write')), [], 'never rewritten whole');
    for (let i = 2; i < 60; i++) await exchange(store, c, i);
    const before = fs.written;
    await exchange(store, c, 60);
    const perTurnLate = fs.written - before;
    const fresh = conversation('c2', 1);
    await store.save(fresh);
    const b2 = fs.written;
    await exchange(store, fresh, 60);
    assert.ok(Math.abs(perTurnLate - (fs.written - b2)) <= 4, `turn 60 of a long conversation writes what turn 2 of a short one writes (${perTurnLate} vs ${fs.written - b2})`);
    assert.ok(perTurnLate < 1000 && journal('c1').length > 40 * perTurnLate, `${perTurnLate} bytes per exchange, journal ${journal('c1').length}`);
    assert.equal((await reopen().load('c1'))!.turns.length, 2 + 59 * 2);
  });

  it('a 200-turn conversation with media every 10 turns reopens with every turn, exactly', async () => {
    const c = conversation('long', 1, { turns: [] });
    for (let i = 1; i <= 200; i++) await exchange(store, c, i, i % 10 === 0 ? Buffer.alloc(3000, i).toString('base64') : undefined);
    await store.idle();
    assert.deepEqual(await reopen().load('long'), c);
    assert.equal([...fs.files.keys()].filter((k) => k.includes('/media/')).length, 20);
  });

  it('records say what happened: started, finished, title, head', async () => {
    const c = conversation('c1', 10, { turns: [] });
    await exchange(store, c, 1);
    const ops = parseJournal(journal('c1')).lines.map((l) => l.record.op);
    assert.deepEqual(ops, ['conversation', 'turnStarted', 'turnStarted', 'title', 'head', 'turnFinished', 'head']);
  });

  it('the index entry lists every interaction id, the chain head and the size on disk', async () => {
    await store.save(conversation('c1', 10));
    const e = store.entry('c1')!;
    assert.deepEqual({ ...e, sizeBytes: undefined }, { id: 'c1', title: 'Chat c1', createdAt: 1, updatedAt: 10, interactionIds: ['c1_h1', 'c1_h2'], lastInteractionId: 'c1_h2', sizeBytes: undefined });
    assert.equal(e.sizeBytes, journal('c1').length);
    assert.ok(!('lastInteractionId' in indexEntryOf(conversation('c2', 1, { lastInteractionId: undefined }))));
    const c = conversation('c3', 1);
    c.turns.push(userTurn('u9', 'pic', IMAGE));
    await store.save(c);
    assert.equal(store.entry('c3')!.sizeBytes, journal('c3').length + 300, 'the media it refers to counts');
  });

  it('list() returns the newest first; saving again replaces the entry', async () => {
    await store.save(conversation('old', 10));
    await store.save(conversation('new', 30));
    await store.save(conversation('mid', 20));
    assert.deepEqual(store.list().map((e) => e.id), ['new', 'mid', 'old']);
    await store.save(conversation('old', 40, { title: 'Renamed by save' }));
    assert.deepEqual(store.list().map((e) => [e.id, e.title]), [['old', 'Renamed by save'], ['new', 'Chat new'], ['mid', 'Chat mid']]);
    assert.deepEqual(reopen().list().map((e) => e.id), ['old', 'new', 'mid']);
  });

  it('takes the snapshot when save is called (later edits are not written by that save)', async () => {
    const c = conversation('c1', 10);
    const p = store.save(c);
    c.title = 'changed after save()';
    (c.turns[1] as ModelTurn).parts.push({ kind: 'text', text: 'later' });
    await p;
    const loaded = (await reopen().load('c1'))!;
    assert.equal(loaded.title, 'Chat c1');
    assert.equal((loaded.turns[1] as ModelTurn).parts.length, 1);
  });

  it('chains saves: two quick saves never interleave, the last one wins', async () => {
    const a = store.save(conversation('c1', 10, { title: 'first' }));
    const b = store.save(conversation('c1', 11, { title: 'second' }));
    await Promise.all([a, b]);
    assert.equal((await reopen().load('c1'))!.title, 'second');
    assert.equal(store.entry('c1')!.title, 'second');
  });

  it('a turn that was streaming when saved comes back as stopped, and is saved as stopped next time', async () => {
    const c = conversation('c1', 10);
    const m = c.turns[1] as ModelTurn;
    m.state = 'streaming';
    delete m.finishedAt;
    await store.save(c);
    const s2 = reopen();
    const loaded = (await s2.load('c1'))!;
    assert.equal((loaded.turns[1] as ModelTurn).state, 'stopped');
    assert.deepEqual((loaded.turns[1] as ModelTurn).parts, [{ kind: 'text', text: 'Hi!' }], 'the partial answer is kept');
    await s2.save(loaded);
    assert.equal(parseJournal(journal('c1')).lines.at(-1)?.record.op, 'turnFinished');
  });

  it('a retried answer replaces the failed one (turnRemoved), in place', async () => {
    const c = conversation('c1', 10);
    (c.turns[1] as ModelTurn).state = 'error';
    await store.save(c);
    c.turns[1] = modelTurn('retry', 'Second try');
    await store.save(c);
    const loaded = (await reopen().load('c1'))!;
    assert.deepEqual(loaded.turns.map((t) => t.id), ['c1-u1', 'retry']);
    assert.ok(parseJournal(journal('c1')).lines.some((l) => l.record.op === 'turnRemoved'));
  });

  it('a retry of the last answer, then the next message: every save succeeds and all turns reopen', async () => {
    const c = conversation('c2', 10);
    c.turns.push(userTurn('c2-u2', 'What is my name?'), modelTurn('c2-m2', '', { state: 'streaming' }));
    await store.save(c);
    Object.assign(c.turns[3]!, { state: 'error', error: { message: 'server error (500)' } });
    await store.save(c);
    c.turns[3] = modelTurn('c2-r', '', { state: 'streaming' });
    await store.save(c);
    Object.assign(c.turns[3]!, { state: 'done', parts: [{ kind: 'text', text: 'Your name is Ada.' }] });
    await store.save(c);
    c.turns.push(userTurn('c2-u3', 'Spell it out.'), modelTurn('c2-m3', '', { state: 'streaming' }));
    await store.save(c);
    Object.assign(c.turns[5]!, { state: 'done', parts: [{ kind: 'text', text: 'A-d-a' }] });
    await store.save(c);
    const loaded = (await reopen().load('c2'))!;
    assert.deepEqual(loaded.turns.map((t) => t.id), ['c2-u1', 'c2-m1', 'c2-u2', 'c2-r', 'c2-u3', 'c2-m3']);
  });

  it('load returns undefined for a missing, deleted or unreadable conversation', async () => {
    assert.equal(await store.load('nope'), undefined);
    fs.files.set(`${DIR}/empty.jsonl`, Buffer.alloc(0));
    assert.equal(await store.load('empty'), undefined);
    fs.files.set(`${DIR}/garbage.jsonl`, Buffer.from('not a journal\nat all\n'));
    assert.equal(await store.load('garbage'), undefined);
    for (const [name, text] of [['bad', '{"format":1,"conversation":{"turns":['], ['future', JSON.stringify({ format: 2, conversation: conversation('future', 1) })], ['null', 'null']]) {
      fs.files.set(`${DIR}/${name}.json`, Buffer.from(text));
      assert.equal(await store.load(name), undefined, name);
      assert.ok(fs.files.has(`${DIR}/${name}.json`), 'an unreadable old file is left alone');
    }
  });

  it('delete removes the entry, the journal and media nobody refers to, and returns the interaction ids', async () => {
    const c1 = conversation('c1', 10);
    c1.turns.push(userTurn('u2', 'pic', IMAGE));
    await store.save(c1);
    const c2 = conversation('c2', 20);
    await store.save(c2);
    assert.ok(fs.files.has(`${DIR}/media/${sha(IMAGE)}`));
    assert.deepEqual(await store.delete('c1'), ['c1_h1', 'c1_h2']);
    assert.deepEqual(store.list().map((e) => e.id), ['c2']);
    assert.equal(fs.files.has(`${DIR}/c1.jsonl`), false);
    assert.equal(fs.files.has(`${DIR}/media/${sha(IMAGE)}`), false, 'unreferenced media collected');
    assert.equal(await store.load('c1'), undefined);
    assert.deepEqual(await store.delete('unknown'), []);
  });

  it('a crash between the "deleted" record and the unlink still reads as deleted', async () => {
    await store.save(conversation('c1', 10));
    fs.unlink = async () => { throw Object.assign(new Error('crash'), { code: 'EIO' }); };
    await assert.rejects(store.delete('c1'));
    fs.unlink = MemoryFs.prototype.unlink;
    assert.equal(await reopen().load('c1'), undefined);
  });

  it('delete waits for a pending save and still returns its interaction ids', async () => {
    const saving = store.save(conversation('c1', 10));
    assert.deepEqual(await store.delete('c1'), ['c1_h1', 'c1_h2']);
    await saving;
    assert.equal(store.entry('c1'), undefined);
    assert.equal(fs.files.has(`${DIR}/c1.jsonl`), false);
  });

  it('deleteAll removes every conversation (old format and orphans too) and returns all interaction ids', async () => {
    await store.save(conversation('c1', 10));
    const c2 = conversation('c2', 20);
    c2.turns.push(userTurn('u2', 'pic', IMAGE));
    await store.save(c2);
    fs.files.set(`${DIR}/old.json`, Buffer.from(JSON.stringify({ format: 1, conversation: conversation('old', 5) })));
    index.index!.push(indexEntryOf(conversation('old', 5)));
    const ids = await store.deleteAll();
    assert.deepEqual(ids.sort(), ['c1_h1', 'c1_h2', 'c2_h1', 'c2_h2', 'old_h1', 'old_h2']);
    assert.deepEqual(store.list(), []);
    assert.deepEqual([...fs.files.keys()], [], 'journals, old files and media are gone');
  });

  it('rename changes the title with one small record; works on an index-only entry', async () => {
    await store.save(conversation('c1', 10));
    const size = journal('c1').length;
    await store.rename('c1', 'Weather talk');
    assert.ok(journal('c1').length - size < 120, 'a title record, not a rewrite');
    assert.equal((await reopen().load('c1'))!.title, 'Weather talk');
    assert.equal(store.entry('c1')!.title, 'Weather talk');
    index.index!.push({ id: 'srv', title: 'x', createdAt: 1, updatedAt: 1, interactionIds: ['i1'] });
    await store.rename('srv', 'Only in the index');
    assert.equal(store.entry('srv')!.title, 'Only in the index');
    assert.deepEqual(store.entry('srv')!.interactionIds, ['i1'], 'ids kept for the restore');
    assert.equal(fs.files.has(`${DIR}/srv.jsonl`), false, 'no empty transcript invented');
  });

  it('refuses ids that could escape the storage folder', async () => {
    await assert.rejects(store.save(conversation('../evil', 1)), /invalid conversation id/);
    await assert.rejects(store.load('../../etc/passwd'), /invalid conversation id/);
    await assert.rejects(store.delete('a/b'), /invalid conversation id/);
    assert.equal(fs.ops.length, 0);
  });

  describe('media', () => {
    it('is stored once under its SHA-256, however many turns and conversations refer to it; journals hold references only', async () => {
      const c1 = conversation('c1', 10);
      c1.turns.push(userTurn('u2', 'pic', IMAGE), modelTurn('m2', 'same', { parts: [{ kind: 'media', media: { type: 'image', mimeType: 'image/png', data: IMAGE } }] }));
      await store.save(c1);
      const c2 = conversation('c2', 10);
      c2.turns.push(userTurn('u3', 'pic again', IMAGE));
      await store.save(c2);
      const media = [...fs.files.keys()].filter((k) => k.includes('/media/'));
      assert.deepEqual(media, [`${DIR}/media/${sha(IMAGE)}`]);
      assert.deepEqual(fs.files.get(media[0]), Buffer.from(IMAGE, 'base64'), 'raw bytes, not base64');
      assert.ok(!journal('c1').toString().includes(IMAGE.slice(0, 60)) && !journal('c2').toString().includes(IMAGE.slice(0, 60)));
      const loaded = (await reopen().load('c1'))!;
      assert.equal(((loaded.turns[2] as UserTurn).wire as { content: { data?: string }[] }).content[1].data, IMAGE);
      assert.equal(((loaded.turns[3] as ModelTurn).parts[0] as { media: { data: string } }).media.data, IMAGE);
    });

    it('a missing media file is reported as a loss, the turns are kept', async () => {
      const c = conversation('c1', 10);
      c.turns.push(userTurn('u2', 'pic', IMAGE));
      await store.save(c);
      fs.files.delete(`${DIR}/media/${sha(IMAGE)}`);
      const r = (await reopen().open('c1'))!;
      assert.equal(r.data.turns.length, 3);
      assert.deepEqual(r.recovered, { skippedRecords: 0, tornBytes: 0, missingMedia: 1 });
    });
  });

  describe('crashes and damage', () => {
    it('a journal cut at any byte opens with every turn finished before the cut; only a torn record is lost', async () => {
      const c = conversation('c1', 1, { turns: [] });
      for (let i = 1; i <= 4; i++) await exchange(store, c, i, i === 2 ? IMAGE : undefined);
      const full = Buffer.from(journal('c1'));
      // Where each turnFinished record ends: from there on that turn must be there.
      const finishedAt: number[] = [];
      let offset = 0;
      for (const l of parseJournal(full).lines) {
        offset += Buffer.byteLength(l.line);
        if (l.record.op === 'turnFinished') finishedAt.push(offset);
      }
      assert.equal(finishedAt.length, 4);
      for (let cut = 1; cut < full.length; cut++) {
        fs.files.set(`${DIR}/c1.jsonl`, full.subarray(0, cut));
        const r = await reopen().open('c1');
        const done = finishedAt.filter((n) => n <= cut).length;
        const got = r?.data.turns.filter((t) => t.role === 'model' && t.state === 'done').length ?? 0;
        assert.equal(got, done, `cut at ${cut}`);
        const torn = full[cut - 1] !== 0x0a;
        assert.equal(!!r?.recovered?.tornBytes, torn && !!r, `torn reported at ${cut}`);
        assert.equal(r?.recovered?.skippedRecords ?? 0, 0);
        if (torn && r) assert.equal(fs.files.get(`${DIR}/c1.jsonl`)!.at(-1), 0x0a, 'the torn tail is cut off before anything is appended');
      }
    });

    it('a bad checksum in the middle skips that record, reports it once, and keeps the rest', async () => {
      const c = conversation('c1', 1, { turns: [] });
      for (let i = 1; i <= 3; i++) await exchange(store, c, i);
      const text = journal('c1').toString();
      const lines = text.split('\n');
      const target = lines.findIndex((l) => l.includes('"Question 2"'));
      lines[target] = lines[target].replace('Question 2', 'Question X'); // checksum no longer matches
      fs.files.set(`${DIR}/c1.jsonl`, Buffer.from(lines.join('\n')));
      const s2 = reopen();
      const r = (await s2.open('c1'))!;
      assert.deepEqual(r.recovered, { skippedRecords: 1, tornBytes: 0, missingMedia: 0 });
      assert.deepEqual(r.data.turns.map((t) => t.id), ['u1', 'm1', 'm2', 'u3', 'm3']);
      await s2.idle();
      const again = (await reopen().open('c1'))!;
      assert.equal(again.recovered, undefined, 'told once: the journal was rewritten without the damaged record');
      assert.equal(again.data.turns.length, 5);
    });

    it('a corrupted last line is dropped and reported', async () => {
      const c = conversation('c1', 1, { turns: [] });
      for (let i = 1; i <= 2; i++) await exchange(store, c, i);
      const b = Buffer.from(journal('c1'));
      b[b.length - 5] ^= 0x20;
      fs.files.set(`${DIR}/c1.jsonl`, b);
      const r = (await reopen().open('c1'))!;
      assert.equal(r.recovered?.skippedRecords, 1);
      assert.equal(r.data.turns.length, 4, 'every turn is there (the damaged record was the last head)');
    });
  });

  describe('a full disk (ENOSPC)', () => {
    it('gives a clear error, loses nothing saved before, and the next save writes everything', async () => {
      const c = conversation('c1', 1, { turns: [] });
      for (let i = 1; i <= 3; i++) await exchange(store, c, i);
      const good = Buffer.from(journal('c1'));
      fs.spaceLeft = 40; // part of the next record fits, then the disk is full
      const err = await exchange(store, c, 4, IMAGE).then(() => undefined, (e) => e);
      assert.ok(err instanceof StorageError && err.diskFull, String(err));
      assert.equal(err.message, storageMessages.diskFull);
      assert.deepEqual(journal('c1'), good, 'the partial record was cut off');
      const r = (await reopen().open('c1'))!;
      assert.equal(r.recovered, undefined);
      assert.deepEqual(r.data.turns.map((t) => t.id), ['u1', 'm1', 'u2', 'm2', 'u3', 'm3']);
      assert.ok(![...fs.files.keys()].some((k) => k.endsWith('.tmp')), 'no temporary media file left behind');
      fs.spaceLeft = undefined;
      Object.assign(c.turns[7], modelTurn('m4', 'Answer 4'));
      await store.save(c);
      const after = (await reopen().load('c1'))!;
      assert.deepEqual(after.turns.map((t) => t.id), ['u1', 'm1', 'u2', 'm2', 'u3', 'm3', 'u4', 'm4']);
      assert.equal((after.turns[7] as ModelTurn).state, 'done');
    });

    it('a save queued behind one that failed still writes what the failed one meant to', async () => {
      const c = conversation('c1', 1, { turns: [] });
      await exchange(store, c, 1);
      const m = modelTurn('m2', 'Answer 2', { state: 'streaming', finishedAt: undefined, parts: [] });
      c.turns.push(userTurn('u2', 'Question 2'), m);
      await store.save(c);
      Object.assign(m, modelTurn('m2', 'Answer 2'));
      fs.spaceLeft = 10;
      const failing = store.save(c); // the finished answer: fails
      c.title = 'Renamed';
      const next = store.save(c); // planned before the failure, when m2 looked written
      await assert.rejects(failing, StorageError);
      fs.spaceLeft = undefined;
      await next;
      const loaded = (await reopen().load('c1'))!;
      assert.equal(loaded.title, 'Renamed');
      assert.equal((loaded.turns[3] as ModelTurn).state, 'done', 'the finished answer is on disk');
    });

    it('a compaction that hits a full disk keeps the old journal and reports it in the background', async () => {
      const c = conversation('c1', 1);
      for (let i = 0; i < 10; i++) { c.title = `Title ${i} ${'x'.repeat(50)}`; await store.save(c); } // below the default threshold
      let bg: Error | undefined;
      const s2 = reopen({ compactMinDeadBytes: 200, onBackgroundError: (e) => { bg = e; } });
      await s2.load('c1');
      fs.spaceLeft = 300; // the next save fits, its compaction does not
      c.title = 'last';
      await s2.save(c);
      await s2.idle();
      fs.spaceLeft = undefined;
      assert.ok(bg && /ENOSPC/.test(bg.message), String(bg));
      assert.ok(fs.ops.includes('write:c1.jsonl.tmp') && !fs.ops.includes('rename:c1.jsonl.tmp->c1.jsonl'));
      assert.ok(!fs.files.has(`${DIR}/c1.jsonl.tmp`), 'the partial temporary file is removed');
      assert.deepEqual(await reopen().load('c1'), c);
    });
  });

  describe('compaction', () => {
    it('runs in the background once dead bytes pass the thresholds; content unchanged, file smaller', async () => {
      const s = reopen({ compactMinDeadBytes: 500, compactDeadRatio: 0.5 });
      const c = conversation('c1', 1);
      for (let i = 0; i < 30; i++) { c.title = `Title ${i}`; c.updatedAt = i; await s.save(c); }
      await s.idle();
      assert.ok(fs.ops.includes('rename:c1.jsonl.tmp->c1.jsonl'), fs.ops.join());
      const lines = parseJournal(journal('c1')).lines;
      assert.ok(lines.length < 20, `${lines.length} lines after compaction (65 without)`);
      assert.deepEqual(await reopen().load('c1'), c);
      assert.equal(s.entry('c1')!.sizeBytes, journal('c1').length, 'the size shown is the compacted one');
    });

    it('does not run below 1 MiB of dead bytes by default', async () => {
      const c = conversation('c1', 1);
      for (let i = 0; i < 30; i++) { c.title = `Title ${i}`; await store.save(c); }
      await store.idle();
      assert.ok(!fs.ops.some((o) => o.startsWith('rename')));
    });

    it('a crash during compaction leaves the old journal (before the rename) or the new one (after) readable', async () => {
      const c = conversation('c1', 1);
      for (let i = 0; i < 30; i++) { c.title = `Title ${i}`; await store.save(c); }
      const old = Buffer.from(journal('c1'));
      // Crash after the temporary file is written, before the rename: a half-written temp file too.
      fs.files.set(`${DIR}/c1.jsonl.tmp`, old.subarray(0, 100));
      assert.deepEqual(await reopen().load('c1'), c);
      const s = reopen({ compactMinDeadBytes: 10 });
      await s.load('c1');
      c.title = 'after';
      await s.save(c);
      await s.idle();
      assert.ok(journal('c1').length < old.length);
      assert.deepEqual(await reopen().load('c1'), c);
      await store.delete('c1');
      assert.ok(!fs.files.has(`${DIR}/c1.jsonl.tmp`), 'leftover temporary files are collected');
    });
  });

  describe('migration from the old format', () => {
    const fixture = path.join('test', 'unit', 'fixtures', 'oldFormatStore');
    function loadFixture(): void {
      const state = JSON.parse(nodefs.readFileSync(path.join(fixture, 'workspaceState.json'), 'utf8'));
      index.index = state['geminiInteractions.conversations'];
      for (const f of nodefs.readdirSync(path.join(fixture, 'conversations'))) fs.files.set(`${DIR}/${f}`, nodefs.readFileSync(path.join(fixture, 'conversations', f)));
    }
    const expected = () => JSON.parse(nodefs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as Record<string, ConversationData>;

    it('opens every conversation of a real old-format store exactly as the old code loaded it, then from the journal', async () => {
      loadFixture();
      const want = expected();
      for (const id of ['conv_pictures', 'conv_error']) {
        assert.deepEqual(await store.load(id), want[id], id);
        assert.equal(fs.files.has(`${DIR}/${id}.json`), false, 'the old file goes once the journal is written');
        assert.ok(fs.files.has(`${DIR}/${id}.jsonl`));
        assert.deepEqual(await reopen().load(id), want[id], `${id} from the journal`);
      }
      assert.equal([...fs.files.keys()].filter((k) => k.includes('/media/')).length, 2, 'the PNG (attachment and generated, once) and the PDF');
      assert.deepEqual(store.list().map((e) => e.id), ['conv_pictures', 'conv_error', 'conv_server_only'], 'the index is kept');
      assert.deepEqual(store.entry('conv_server_only')!.interactionIds, ['int_c1'], 'still restorable from the server');
      assert.equal(await store.load('conv_server_only'), undefined);
    });

    it('a save before any load migrates first, then appends', async () => {
      loadFixture();
      const data = expected().conv_error;
      data.title = 'Renamed';
      await store.save(data);
      assert.deepEqual(await reopen().load('conv_error'), data);
      assert.equal(fs.files.has(`${DIR}/conv_error.json`), false);
    });

    it('measureSizes fills in the size of old entries', async () => {
      loadFixture();
      assert.equal(await store.measureSizes(), true);
      assert.equal(store.entry('conv_pictures')!.sizeBytes, nodefs.statSync(path.join(fixture, 'conversations', 'conv_pictures.json')).size);
      assert.equal(store.entry('conv_server_only')!.sizeBytes, undefined);
    });

    it('a crash after the journal was written but before the old file was removed keeps the journal', async () => {
      loadFixture();
      const before = Buffer.from(fs.files.get(`${DIR}/conv_error.json`)!);
      const data = (await store.load('conv_error'))!;
      data.title = 'Changed after migration';
      await store.save(data);
      fs.files.set(`${DIR}/conv_error.json`, before); // as if the unlink never happened
      assert.equal((await reopen().load('conv_error'))!.title, 'Changed after migration');
      assert.equal(fs.files.has(`${DIR}/conv_error.json`), false);
    });
  });
});
