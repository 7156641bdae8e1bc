import { strict as assert } from 'node:assert';
import { ConversationStore, indexEntryOf, type IndexEntry, type StoreBackend } from '../../src/core/conversationStore';
import type { ConversationData, ModelTurn, UserTurn } from '../../src/core/model';

/** In-memory backend that records every call. `writeTextAtomic` is the only way a transcript is written. */
class MemoryBackend implements StoreBackend {
  index: IndexEntry[] | undefined;
  files = new Map<string, string>();
  calls: string[] = [];
  failNextWrite = false;

  readIndex(): IndexEntry[] | undefined {
    return this.index && structuredClone(this.index);
  }
  async writeIndex(entries: IndexEntry[]): Promise<void> {
    this.calls.push('writeIndex');
    this.index = structuredClone(entries);
  }
  async readText(name: string): Promise<string | undefined> {
    return this.files.get(name);
  }
  async writeTextAtomic(name: string, text: string): Promise<void> {
    this.calls.push(`writeTextAtomic:${name}`);
    await new Promise((r) => setTimeout(r, 1));
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('disk full');
    }
    this.files.set(name, text);
  }
  async delete(name: string): Promise<void> {
    this.calls.push(`delete:${name}`);
    this.files.delete(name);
  }
}

function conversation(id: string, updatedAt: number, extra: Partial<ConversationData> = {}): ConversationData {
  const user: UserTurn = { role: 'user', id: `${id}-u1`, text: 'Hello', at: 1, wire: { type: 'user_input', content: [{ type: 'text', text: 'Hello' }] } };
  const model: ModelTurn = {
    role: 'model', id: `${id}-m1`, model: 'gemini-3.5-flash', state: 'done', status: 'completed', startedAt: 1, finishedAt: 2,
    interactionIds: [`${id}_h1`, `${id}_h2`], parts: [{ kind: 'text', text: 'Hi!' }], wire: [{ type: 'model_output', content: [{ type: 'text', text: 'Hi!' }] }],
  };
  return { id, title: `Chat ${id}`, createdAt: 1, updatedAt, turns: [user, model], lastInteractionId: `${id}_h2`, ...extra };
}

describe('ConversationStore', () => {
  let backend: MemoryBackend;
  let store: ConversationStore;
  beforeEach(() => {
    backend = new MemoryBackend();
    store = new ConversationStore(backend);
  });

  it('save then load round-trips the conversation', async () => {
    const c = conversation('c1', 10);
    await store.save(c);
    assert.deepEqual(await store.load('c1'), c);
  });

  it('writes the transcript with writeTextAtomic (before the index), never another way', async () => {
    await store.save(conversation('c1', 10));
    assert.deepEqual(backend.calls, ['writeTextAtomic:c1.json', 'writeIndex']);
    assert.ok(backend.files.has('c1.json'));
  });

  it('the index entry lists every interaction id and the chain head', async () => {
    await store.save(conversation('c1', 10));
    assert.deepEqual(store.entry('c1'), { id: 'c1', title: 'Chat c1', createdAt: 1, updatedAt: 10, interactionIds: ['c1_h1', 'c1_h2'], lastInteractionId: 'c1_h2' });
    assert.ok(!('lastInteractionId' in indexEntryOf(conversation('c2', 1, { lastInteractionId: undefined }))));
  });

  it('list() returns the newest first; saving again replaces the entry', async () => {
    await store.save(conversation('old', 10));
    await store.save(conversation('new', 30));
    await store.save(conversation('mid', 20));
    assert.deepEqual(store.list().map((e) => e.id), ['new', 'mid', 'old']);
    await store.save(conversation('old', 40, { title: 'Renamed by save' }));
    assert.deepEqual(store.list().map((e) => [e.id, e.title]), [['old', 'Renamed by save'], ['new', 'Chat new'], ['mid', 'Chat mid']]);
  });

  it('list() is empty without an index', () => {
    assert.deepEqual(store.list(), []);
  });

  it('takes the snapshot when save is called (later edits are not written by that save)', async () => {
    const c = conversation('c1', 10);
    const p = store.save(c);
    c.title = 'changed after save()';
    await p;
    assert.equal((await store.load('c1'))!.title, 'Chat c1');
  });

  it('chains saves: two quick saves never interleave, the last one wins', async () => {
    const a = store.save(conversation('c1', 10, { title: 'first' }));
    const b = store.save(conversation('c1', 11, { title: 'second' }));
    await Promise.all([a, b]);
    assert.deepEqual(backend.calls, ['writeTextAtomic:c1.json', 'writeIndex', 'writeTextAtomic:c1.json', 'writeIndex']);
    assert.equal((await store.load('c1'))!.title, 'second');
    assert.equal(store.entry('c1')!.title, 'second');
  });

  it('a failed write rejects that save but does not block the next one', async () => {
    backend.failNextWrite = true;
    await assert.rejects(store.save(conversation('c1', 10)), /disk full/);
    assert.equal(store.entry('c1'), undefined, 'no index entry for a transcript that was not written');
    await store.save(conversation('c1', 11));
    assert.equal(store.entry('c1')!.updatedAt, 11);
  });

  it('a turn that was streaming when saved comes back as stopped', async () => {
    const c = conversation('c1', 10);
    const m = c.turns[1] as ModelTurn;
    m.state = 'streaming';
    delete m.finishedAt;
    await store.save(c);
    const loaded = await store.load('c1');
    assert.equal((loaded!.turns[1] as ModelTurn).state, 'stopped');
    assert.deepEqual((loaded!.turns[1] as ModelTurn).parts, [{ kind: 'text', text: 'Hi!' }], 'the partial answer is kept');
  });

  it('load returns undefined for a missing, corrupt, empty or foreign file', async () => {
    assert.equal(await store.load('nope'), undefined);
    backend.files.set('bad.json', '{"format":1,"conversation":{"turns":[');
    assert.equal(await store.load('bad'), undefined);
    backend.files.set('empty.json', '');
    assert.equal(await store.load('empty'), undefined);
    backend.files.set('future.json', JSON.stringify({ format: 2, conversation: conversation('future', 1) }));
    assert.equal(await store.load('future'), undefined);
    backend.files.set('noturns.json', JSON.stringify({ format: 1, conversation: { id: 'noturns' } }));
    assert.equal(await store.load('noturns'), undefined);
    backend.files.set('null.json', 'null');
    assert.equal(await store.load('null'), undefined);
  });

  it('delete removes the entry and the file and returns the interaction ids', async () => {
    await store.save(conversation('c1', 10));
    await store.save(conversation('c2', 20));
    assert.deepEqual(await store.delete('c1'), ['c1_h1', 'c1_h2']);
    assert.deepEqual(store.list().map((e) => e.id), ['c2']);
    assert.equal(backend.files.has('c1.json'), false);
    assert.equal(await store.load('c1'), undefined);
    assert.deepEqual(await store.delete('unknown'), []);
  });

  it('delete waits for a pending save so the entry does not come back', async () => {
    const saving = store.save(conversation('c1', 10));
    await store.delete('c1');
    await saving;
    assert.equal(store.entry('c1'), undefined);
    assert.equal(backend.files.has('c1.json'), false);
  });

  // Deleting while a save is pending must still return that save's interaction ids (to delete them on the server).
  it('delete during a pending save still returns the saved interaction ids', async () => {
    const saving = store.save(conversation('c1', 10));
    assert.deepEqual(await store.delete('c1'), ['c1_h1', 'c1_h2']);
    await saving;
  });

  it('rename changes the title in the transcript and the index', async () => {
    await store.save(conversation('c1', 10));
    await store.rename('c1', 'Weather talk');
    assert.equal((await store.load('c1'))!.title, 'Weather talk');
    assert.equal(store.entry('c1')!.title, 'Weather talk');
    await store.rename('missing', 'x');
    assert.equal(store.entry('missing'), undefined);
  });

  it('rename works on an entry whose transcript file is gone (restorable from the server)', async () => {
    await store.save(conversation('c1', 10));
    backend.files.delete('c1.json');
    await store.rename('c1', 'Only in the index');
    assert.equal(store.entry('c1')!.title, 'Only in the index');
    assert.deepEqual(store.entry('c1')!.interactionIds, ['c1_h1', 'c1_h2'], 'ids kept for the restore');
    assert.equal(backend.files.has('c1.json'), false, 'no empty transcript invented');
  });

  it('refuses ids that could escape the storage folder', async () => {
    await assert.rejects(store.save(conversation('../evil', 1)), /invalid conversation id/);
    await assert.rejects(store.load('../../etc/passwd'), /invalid conversation id/);
    assert.equal(backend.calls.length, 0);
  });
});
