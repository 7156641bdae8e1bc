// The codebase index's pure parts: which files are never uploaded, the manifest journal (torn lines, compaction),
// the hash-based plans, and where a citation's quoted text is in the file now.
import * as assert from 'node:assert/strict';
import { excludedByName, isBinaryHead, MAX_INDEX_FILE_BYTES } from '../../src/core/codeIndex/indexSelection';
import { IndexManifest, planIndexUpdate, planPathsUpdate } from '../../src/core/codeIndex/indexManifest';
import { locateQuote } from '../../src/core/codeIndex/citationLines';
import { translateAnnotations } from '../../src/core/gemini/stream/wireParts';

describe('codebase index', () => {
  it('never uploads secrets, binaries, lock files, bundles, empty or oversized files', () => {
    for (const [p, why] of [['.env', 'secret'], ['config/.env.local', 'secret'], ['keys/id_rsa', 'secret'], ['deploy/server.pem', 'secret'], ['a/credentials.json', 'secret'],
      ['img/logo.png', 'binary'], ['dist/app.wasm', 'binary'], ['package-lock.json', 'generated'], ['web/app.min.js', 'generated'], ['x.js.map', 'generated']] as const) {
      assert.equal(excludedByName(p, 10), why, p);
    }
    assert.equal(excludedByName('src/big.ts', MAX_INDEX_FILE_BYTES + 1), 'tooLarge');
    assert.equal(excludedByName('src/empty.ts', 0), 'empty');
    assert.equal(excludedByName('src/ok.ts', 100), undefined);
    assert.equal(isBinaryHead(new Uint8Array([104, 105, 0, 1])), true);
    assert.equal(isBinaryHead(new TextEncoder().encode('plain text é')), false);
  });

  it('the manifest journal replays changes in order, ignores a torn last line, and compacts to one line per file', () => {
    const lines = [
      { path: 'a.ts', hash: 'h1', document: 'd1', size: 3 }, { path: 'b.ts', hash: 'h2', document: 'd2', size: 4 },
      { path: 'a.ts', hash: 'h3', document: 'd3', size: 5 }, { path: 'b.ts', removed: true },
    ].map((c) => JSON.stringify(c)).join('\n') + '\n{"path":"c.ts","ha';
    const m = IndexManifest.parse(lines);
    assert.deepEqual([...m.files], [['a.ts', { hash: 'h3', document: 'd3', size: 5 }]]);
    assert.equal(m.lines, 4);
    assert.deepEqual(IndexManifest.parse(m.compacted()).files, m.files);
    for (let i = 0; i < 70; i++) { m.apply({ path: 'a.ts', hash: `h${i}`, document: `d${i}`, size: 1 }); m.lines++; }
    assert.equal(m.needsCompaction(), true);
  });

  it('plans only what changed, whole-workspace or for a few paths', () => {
    const m = IndexManifest.parse([{ path: 'a', hash: '1', document: 'da', size: 1 }, { path: 'b', hash: '2', document: 'db', size: 1 }].map((c) => JSON.stringify(c)).join('\n'));
    const plan = planIndexUpdate(m, new Map([['a', { hash: '1', size: 1 }], ['c', { hash: '3', size: 9 }]]));
    assert.deepEqual(plan, { upload: [{ path: 'c', size: 9 }], remove: [{ path: 'b', document: 'db' }], unchanged: 1 });
    const paths = planPathsUpdate(m, new Map([['a', { hash: 'changed', size: 2 }], ['b', undefined], ['zzz', undefined]]));
    assert.deepEqual(paths, { upload: [{ path: 'a', size: 2 }], remove: [{ path: 'b', document: 'db' }], unchanged: 0 });
  });

  it('finds the quoted lines in the file as it is now: fences and bullets dropped, anchored on the longest line', () => {
    const file = 'import x from "y";\n\nexport function retryPolicy(n: number) {\n  return Math.min(1000 * 2 ** n, 30000);\n}\n';
    assert.deepEqual(locateQuote(file, 'retry.ts has:\n\n```\nexport function retryPolicy(n: number) {\n  return Math.min(1000 * 2 ** n, 30000);\n```'), { startLine: 3, endLine: 4 });
    assert.deepEqual(locateQuote(`// new first line\n${file}`, '- `x`\n  return Math.min(1000 * 2 ** n, 30000);'), { startLine: 5, endLine: 5 });
    assert.equal(locateQuote(file, 'function gone() {}'), undefined);
    assert.equal(locateQuote(file, '```\n```'), undefined);
  });

  it('a file citation carries the indexed path, hash and quoted span; other citations do not', () => {
    const text = 'See:\n\n```\nexport const a = 1;\n```';
    const start = Buffer.byteLength('See:\n\n');
    const [c] = translateAnnotations([{ type: 'file_citation', document_uri: 'fileSearchStores/s/documents/d', file_name: 'src/a.ts', source: 'fileSearchStores/s',
      custom_metadata: { path: 'src/a.ts', sha256: 'a'.repeat(64) }, start_index: start, end_index: Buffer.byteLength(text) }], text);
    assert.deepEqual(c, { kind: 'file', url: 'fileSearchStores/s/documents/d', title: 'src/a.ts', start, end: text.length, path: 'src/a.ts', sha256: 'a'.repeat(64), quote: '```\nexport const a = 1;\n```' });
    const [u] = translateAnnotations([{ type: 'url_citation', url: 'https://x.example', title: 'X', custom_metadata: { path: 'evil' } }], 'x');
    assert.equal(u!.path, undefined);
  });
});
