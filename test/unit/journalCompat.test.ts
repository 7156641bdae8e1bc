// A conversation saved before the feature-folder layout opens unchanged after it: the fixture store was written
// by main@345d03f's ConversationStore through the real node:fs port (test/unit/fixtures/journalStore/README.md),
// and today's store, on a copy of those files, must load exactly what that code loaded and keep appending.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore, type IndexEntry } from '../../src/core/storage/conversationStore';
import { nodeFs } from '../../src/core/storage/nodeFs';
import type { ConversationData, ModelTurn, UserTurn } from '../../src/core/conversation/types';

const FIXTURE = join(__dirname, '..', '..', 'test', 'unit', 'fixtures', 'journalStore');
const INDEX_KEY = 'geminiInteractions.conversations';

describe('journal written before the feature-folder layout', () => {
  let dir: string;
  let index: IndexEntry[] | undefined;
  const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as { index: IndexEntry[] } & Record<string, ConversationData>;
  const open = (lazyMedia = false) => new ConversationStore({
    readIndex: () => index && structuredClone(index),
    writeIndex: async (e) => { index = structuredClone(e); },
  }, nodeFs, join(dir, 'conversations'), { lazyMedia });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gemini-journal-'));
    cpSync(FIXTURE, dir, { recursive: true });
    index = JSON.parse(readFileSync(join(dir, 'workspaceState.json'), 'utf8'))[INDEX_KEY];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the same index and loads every conversation exactly as the old code did, without rewriting its journal', async () => {
    const store = open();
    assert.deepEqual(store.list(), expected.index);
    const before = readFileSync(join(dir, 'conversations', 'conv_pictures.jsonl'));
    for (const id of ['conv_pictures', 'conv_error']) assert.deepEqual(await store.load(id), expected[id], id);
    await store.idle();
    assert.deepEqual(readFileSync(join(dir, 'conversations', 'conv_pictures.jsonl')), before, 'opening writes nothing');
  });

  it('with media loaded lazily (as the extension opens it) the same turns come back, media read from the files when used', async () => {
    const data = (await open(true).load('conv_pictures'))!;
    // Lazy media are getters that read the file: serialising reads every one.
    assert.deepEqual(JSON.parse(JSON.stringify(data)), expected.conv_pictures);
  });

  it('a new turn appends to the old journal, and both old and new turns come back after a reopen', async () => {
    const store = open();
    const data = (await store.load('conv_pictures'))!;
    const u: UserTurn = { role: 'user', id: 'u9', text: 'One more', at: 1_800_000_000_000 };
    const m: ModelTurn = { role: 'model', id: 'm9', model: 'gemini-3.5-flash', state: 'done', startedAt: 1_800_000_000_100, finishedAt: 1_800_000_000_900, interactionIds: ['int_z9'], parts: [{ kind: 'text', text: 'Sure.' }] };
    data.turns.push(u, m);
    data.updatedAt = 1_800_000_000_900;
    data.lastInteractionId = 'int_z9';
    const sizeBefore = readFileSync(join(dir, 'conversations', 'conv_pictures.jsonl')).length;
    await store.save(data);
    await store.idle();
    const journal = readFileSync(join(dir, 'conversations', 'conv_pictures.jsonl'));
    assert.ok(journal.length > sizeBefore);
    assert.deepEqual(journal.subarray(0, sizeBefore), readFileSync(join(FIXTURE, 'conversations', 'conv_pictures.jsonl')), 'appended, not rewritten');
    const again = await open().load('conv_pictures');
    assert.deepEqual(again, { ...expected.conv_pictures, turns: [...expected.conv_pictures.turns, u, m], updatedAt: data.updatedAt, lastInteractionId: 'int_z9' });
    assert.deepEqual(index!.find((e) => e.id === 'conv_pictures')!.interactionIds, ['int_a1', 'int_a2', 'int_a3', 'int_z9']);
  });
});
