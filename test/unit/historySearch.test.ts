import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { HistorySearch, fold, markPieces, queryWords } from '../../src/core/history/historySearch';
import { SearchTextCache, conversationSearchText } from '../../src/core/history/searchText';
import { ConversationStore, type IndexBackend, type IndexEntry } from '../../src/core/storage/conversationStore';
import type { ConversationData, ModelTurn, Turn, UserTurn } from '../../src/core/conversation/types';
import { MemoryFs } from './memoryFs';

const user = (id: string, text: string): UserTurn => ({ role: 'user', id, text, at: 1 });
const model = (id: string, parts: ModelTurn['parts']): ModelTurn => ({ role: 'model', id, model: 'm', parts, state: 'done', interactionIds: [], startedAt: 1 });
const data = (id: string, updatedAt: number, turns: Turn[]): ConversationData => ({ id, title: id, createdAt: 1, updatedAt, turns } as ConversationData);

describe('history search: folding', () => {
  it('drops case and accents, and maps folded positions back when lengths change', () => {
    assert.equal(fold('Été À São Paulo').text, 'ete a sao paulo');
    const nfd = 'cafe\u0301 ok'; // "café" already decomposed: the mark goes, positions shift
    const f = fold(nfd);
    assert.equal(f.text, 'cafe ok');
    assert.ok(f.map);
    assert.equal(f.map![5], 6); // "o" of "ok"
    assert.deepEqual(queryWords('  Été   ete  ÉTÉ x '), ['ete', 'x']);
  });
});

describe('history search: matching', () => {
  const index = () => {
    const s = new HistorySearch();
    s.set('a', 'Vacances d’été', 'On parle du budget\nLe modèle répond avec un plan détaillé');
    s.set('b', 'Refactor parser', 'How do I split the tokenizer? Use a state machine for the lexer.');
    s.set('c', 'Notes', 'Reunião de equipe: coração do projeto');
    return s;
  };

  it('finds "éte" in "été" and "coracao" in "coração", in titles and text', () => {
    const s = index();
    assert.deepEqual([...s.search('éte')!.keys()], ['a']);
    assert.deepEqual([...s.search('CORACAO')!.keys()], ['c']);
    assert.deepEqual([...s.search('modele')!.keys()], ['a']);
  });

  it('requires every word (AND), each in the title or the text', () => {
    const s = index();
    assert.deepEqual([...s.search('parser lexer')!.keys()], ['b']);
    assert.deepEqual([...s.search('parser budget')!.keys()], []);
    assert.equal(s.search('   '), undefined, 'an empty query does not filter');
  });

  it('marks title hits in the original title, and gives a snippet only for text matches', () => {
    const s = index();
    const byTitle = s.search('été')!.get('a')!;
    assert.deepEqual(byTitle.titleMarks, [{ start: 11, end: 14 }]);
    assert.equal(byTitle.snippet, undefined);
    const byText = s.search('machine')!.get('b')!;
    assert.deepEqual(byText.titleMarks, []);
    const sn = byText.snippet!;
    assert.ok(sn.text.includes('state machine'), sn.text);
    assert.deepEqual(sn.marks.map((m) => sn.text.slice(m.start, m.end)), ['machine']);
    assert.deepEqual(markPieces('ab<i>c', [{ start: 2, end: 5 }]), [{ text: 'ab', marked: false }, { text: '<i>', marked: true }, { text: 'c', marked: false }]);
  });

  it('cuts the snippet around the first hit of a long text, with the accented original marked', () => {
    const s = new HistorySearch();
    const text = `${'word '.repeat(200)}la réunion a eu lieu ${'more '.repeat(200)}`;
    s.set('x', 'T', text);
    const sn = s.search('reunion')!.get('x')!.snippet!;
    assert.ok(sn.cutStart && sn.cutEnd);
    assert.ok(sn.text.length < 200);
    assert.deepEqual(sn.marks.map((m) => sn.text.slice(m.start, m.end)), ['réunion']);
  });

  it('updates incrementally: a changed text, a new title, a removed conversation', () => {
    const s = index();
    s.search('pla'); // narrowing state from a previous keystroke must not hide later changes
    s.set('b', 'Refactor parser', 'now with a plan');
    assert.deepEqual([...s.search('plan')!.keys()].sort(), ['a', 'b']);
    s.setTitle('c', 'Grand plan');
    assert.deepEqual([...s.search('plan')!.keys()].sort(), ['a', 'b', 'c']);
    s.remove('a');
    assert.deepEqual([...s.search('plan')!.keys()].sort(), ['b', 'c']);
    s.retain(['c']);
    assert.deepEqual([...s.search('plan')!.keys()], ['c']);
  });

  it('searches 1,000 conversations of 20 turns per keystroke in well under a frame', () => {
    const s = new HistorySearch();
    const words = ['alpha', 'budget', 'café', 'déploiement', 'função', 'parser', 'serveur', 'token', 'réponse', 'modèle'];
    for (let i = 0; i < 1000; i++) {
      const turns: string[] = [];
      for (let t = 0; t < 20; t++) turns.push(Array.from({ length: 60 }, (_, k) => words[(i * 7 + t * 3 + k) % words.length]).join(' '));
      s.set(`c${i}`, `Conversation ${i}`, turns.join('\n') + (i === 777 ? ' zanzibar' : ''));
    }
    s.search('x'); // first search folds each text once
    const query = 'zanzibar';
    const times: number[] = [];
    for (let k = 1; k <= query.length; k++) {
      const t0 = performance.now();
      const hits = s.search(query.slice(0, k))!;
      times.push(performance.now() - t0);
      if (k === query.length) assert.deepEqual([...hits.keys()], ['c777']);
    }
    assert.ok(Math.max(...times) < 50, `slowest keystroke ${Math.max(...times).toFixed(1)} ms`);
  });
});

describe('history search: host texts', () => {
  it('keeps only user and model text, not thoughts, tool payloads or media', () => {
    const text = conversationSearchText({ turns: [
      user('u', 'Hello   there\nfriend'),
      model('m', [{ kind: 'thought', text: 'SECRET THOUGHT' }, { kind: 'text', text: 'Answer one' }, { kind: 'functionCall', id: 'f', name: 'read', argsText: '{"p":"PAYLOAD"}' },
        { kind: 'media', media: { type: 'image', data: 'QUJD' } }, { kind: 'text', text: 'two' }]),
    ] });
    assert.equal(text, 'Hello there friend\nAnswer one two');
  });

  it('reads each journal once, sends only what the webview lacks, and follows saves and deletes', async () => {
    const index: IndexEntry[] = [];
    const backend: IndexBackend = { readIndex: () => structuredClone(index), writeIndex: async (e) => { index.splice(0, index.length, ...structuredClone(e)); } };
    const store = new ConversationStore(backend, new MemoryFs(), '/ws/c');
    await store.save(data('one', 10, [user('u1', 'first question'), model('m1', [{ kind: 'text', text: 'middle answer' }])]));
    await store.save(data('two', 20, [user('u2', 'second')]));
    let loads = 0;
    const cache = new SearchTextCache((id) => { loads++; return store.loadWithoutMedia(id); });
    const docs = await cache.missing(store.list(), {});
    assert.deepEqual(docs.map((d) => [d.id, d.text]), [['two', 'second'], ['one', 'first question\nmiddle answer']]);
    assert.equal(loads, 2);
    assert.deepEqual(await cache.missing(store.list(), { one: 10, two: 20 }), [], 'nothing the webview has');
    assert.equal((await cache.missing(store.list(), { one: 10 })).length, 1);
    assert.equal(loads, 2, 'cached texts are not read again');
    const changed = data('one', 30, [user('u1', 'first question'), user('u3', 'a new turn')]);
    await store.save(changed);
    cache.put(changed);
    const after = await cache.missing(store.list(), { one: 10, two: 20 });
    assert.deepEqual(after.map((d) => [d.id, d.updatedAt, d.text]), [['one', 30, 'first question\na new turn']]);
    assert.equal(loads, 2, 'a save updates the cache without reading the journal');
    await store.delete('two');
    cache.remove('two');
    assert.deepEqual((await cache.missing(store.list(), {})).map((d) => d.id), ['one']);
  });
});

describe('history search: background folding', () => {
  it('folds texts within the time budget and says when all are done', () => {
    const s = new HistorySearch();
    for (let i = 0; i < 5; i++) s.set(`c${i}`, 't', `texte numéro ${i}`);
    let clock = 0;
    // Each check of the clock advances it: a budget of 3 ticks folds some texts, not all.
    assert.equal(s.foldPending(3, () => clock++), false);
    assert.equal(s.foldPending(Infinity, () => clock++), true);
    assert.deepEqual([...s.search('numero 3')!.keys()], ['c3']);
  });
});
