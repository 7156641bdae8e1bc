// Hostile model output is inert: every case of test/fixtures/hostile/ (XSS cheat sheets, markdown image
// exfiltration, scheme tricks, CSS, unicode) is streamed into the real bundled webview in Chromium under
// the shipped CSP, and rendered again from stored history. For every case: no script runs, no request
// leaves for a remote origin, nothing live survives in the DOM, and the text stays readable. A subset
// also goes through the real chat view in code-server, with the emulator echoing it back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostToWebview, ViewState } from '../../src/core/panel/protocol';
import { openWebviewPage, type WebviewPage } from './support/webviewPage';
import { PANEL_DEFAULTS, modelTurn, streamMessages, userTurn } from './support/streamMessages';
import { repoRoot, useWorkbench, waitUntil } from './support/workbench';

interface HostileCase { id: string; source: string; markdown: string; visible: string[] }

const dir = path.join(repoRoot, 'test', 'fixtures', 'hostile');
const corpus: HostileCase[] = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as HostileCase[]);

function state(turns: ViewState['turns']): HostToWebview {
  return { type: 'state', state: { conversationId: 'c', turns, busy: false, hasApiKey: true, model: 'gemini-3.8-flash', conversations: [], ...PANEL_DEFAULTS } };
}

/** Checks one rendered model turn in the page; returns problems (empty when inert and readable). */
async function inspect(frame: { evaluate: WebviewPage['page']['evaluate'] }, ids: string[], visible: Record<string, string[]>): Promise<string[]> {
  return frame.evaluate(({ ids, visible }) => {
    const problems: string[] = [];
    const FORBIDDEN = 'script, style, iframe, frame, object, embed, form, input, textarea, select, svg, math, link, meta, base, video, audio, source, template, noscript';
    for (const id of ids) {
      const turn = document.querySelector(`.turn.model[data-turn-id="${CSS.escape(id)}"]`) as HTMLElement | null;
      if (!turn) { problems.push(`${id}: not rendered`); continue; }
      // textContent: turns scrolled out of sight are not rendered (content-visibility), so innerText
      // would miss them; nothing in model output can hide text (no style attributes or elements).
      const text = turn.textContent ?? '';
      for (const v of visible[id] ?? []) if (!text.includes(v)) problems.push(`${id}: text not readable: ${JSON.stringify(v)}`);
      for (const e of Array.from(turn.querySelectorAll(FORBIDDEN))) problems.push(`${id}: <${e.tagName.toLowerCase()}> in the DOM`);
      for (const e of Array.from(turn.querySelectorAll('*'))) {
        for (const a of Array.from(e.attributes)) {
          if (/^on/i.test(a.name) || ['style', 'href', 'xlink:href', 'srcdoc', 'action', 'formaction', 'background', 'srcset'].includes(a.name.toLowerCase())) {
            problems.push(`${id}: live attribute ${a.name}=${a.value.slice(0, 40)} on <${e.tagName.toLowerCase()}>`);
          }
        }
        if (e.tagName === 'BUTTON' && !e.closest('.code-actions')) problems.push(`${id}: a button that is not ours`);
      }
      for (const img of Array.from(turn.querySelectorAll('img'))) {
        if (!/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(img.getAttribute('src') ?? '')) problems.push(`${id}: image source ${img.getAttribute('src')}`);
      }
      for (const l of Array.from(turn.querySelectorAll('[data-href]'))) {
        if (!/^(https?:|mailto:)/i.test(l.getAttribute('data-href') ?? '')) problems.push(`${id}: link to ${l.getAttribute('data-href')}`);
      }
    }
    return problems;
  }, { ids, visible });
}

describe('hostile model output', function () {
  this.timeout(120_000);

  it(`the corpus has at least 100 cases from public cheat sheets (${corpus.length})`, () => {
    assert.ok(corpus.length >= 100, `only ${corpus.length} cases`);
    for (const c of corpus) assert.ok(c.source && c.markdown && c.visible.length >= 2, c.id);
    assert.equal(new Set(corpus.map((c) => c.id)).size, corpus.length, 'ids are unique');
  });

  describe('in the bundled webview in Chromium', () => {
    let wv: WebviewPage;
    const visible = Object.fromEntries(corpus.map((c) => [c.id, c.visible]));
    before(async function () {
      this.timeout(60_000);
      wv = await openWebviewPage();
    });
    after(async () => { await wv?.close(); });

    async function assertInert(what: string): Promise<void> {
      // Give anything that could fire (onerror, onload, meta refresh, CSS loads) the time to do so.
      await wv.page.waitForTimeout(500);
      const trap = await wv.trap();
      assert.deepEqual(trap.fired, [], `${what}: script ran`);
      assert.deepEqual(trap.violations, [], `${what}: the sanitiser let through something only the CSP stopped`);
      assert.deepEqual(wv.remoteRequests, [], `${what}: requests left for a remote origin`);
      assert.deepEqual(trap.posted.filter((m) => m.type !== 'ready' && m.type !== 'openLink'), [], `${what}: unexpected messages to the host`);
    }

    it('streams every case in small deltas: no script, no remote request, nothing live, text readable', async () => {
      await wv.send(state([]));
      for (const c of corpus) {
        const { start, deltas, end } = streamMessages(c.markdown, { id: c.id, deltaSize: 7 });
        await wv.send(...start, ...deltas, ...end);
      }
      assert.deepEqual(await inspect(wv.page, corpus.map((c) => c.id), visible), []);
      await assertInert('streamed');
    });

    it('renders every case again from stored history', async () => {
      // Ten at a time (20 turns): the transcript shows the latest turns of a long history first.
      for (let i = 0; i < corpus.length; i += 10) {
        const batch = corpus.slice(i, i + 10);
        await wv.send(state(batch.flatMap((c) => [userTurn(c.id, 'q'), modelTurn(c.id, c.markdown)])));
        assert.deepEqual(await inspect(wv.page, batch.map((c) => c.id), visible), []);
      }
      await assertInert('from history');
    });

    it('clicking every link only asks the host to open http(s)/mailto URLs; the page never navigates', async () => {
      const url = wv.page.url();
      await wv.send(state([]));
      for (const c of corpus.filter((c) => /links|images|unicode/.test(c.id))) {
        const { start, deltas, end } = streamMessages(c.markdown, { id: c.id, deltaSize: 50 });
        await wv.send(...start, ...deltas, ...end);
      }
      const links = wv.page.locator('.transcript [data-href]');
      const n = await links.count();
      assert.ok(n >= 10, `expected the safe links and image chips to be clickable, found ${n}`);
      for (let i = 0; i < n; i++) await links.nth(i).click();
      await links.first().focus();
      await wv.page.keyboard.press('Enter');
      const opened = (await wv.trap()).posted.filter((m) => m.type === 'openLink');
      assert.equal(opened.length, n + 1);
      for (const m of opened) assert.match((m as { url: string }).url, /^(https?:|mailto:)/i);
      assert.ok(opened.some((m) => (m as { url: string }).url.startsWith('https://evil.example/log?secret=')), 'a remote image opens only on click');
      assert.equal(wv.page.url(), url, 'the webview did not navigate');
      await assertInert('after clicks');
    });
  });

  describe('through the chat view in code-server (emulator echo)', () => {
    const wb = useWorkbench();
    const subset = ['scripts-and-handlers-01', 'scripts-and-handlers-11', 'scripts-and-handlers-22', 'svg-mathml-02', 'svg-mathml-07',
      'links-01', 'links-08', 'images-01', 'images-13', 'css-01', 'unicode-01', 'entities-and-nesting-05']
      .map((id) => corpus.find((c) => c.id === id)!);

    it('streams a representative subset: inert and readable in the real webview', async () => {
      const remote: string[] = [];
      const main = wb().page.mainFrame();
      const all: string[] = [];
      wb().context.on('request', (r) => {
        all.push(r.url());
        const url = new URL(r.url());
        // Local: the server, data/blob, and the webview's own resources (served by VS Code's service
        // worker under *.vscode-resource.vscode-cdn.net, never fetched from the network).
        if (['127.0.0.1', 'localhost'].includes(url.hostname) || ['data:', 'blob:'].includes(url.protocol) || url.hostname.endsWith('.vscode-resource.vscode-cdn.net')) return;
        let frame;
        try { frame = r.frame(); } catch { /* a service worker's request */ }
        if (frame === main) return; // the workbench itself (e.g. the extension gallery), not model output
        remote.push(r.url());
      });
      const dialogs: string[] = [];
      wb().page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      const chat = await wb().openChatView();
      const box = chat.getByRole('textbox', { name: 'Message Gemini' });
      await box.waitFor({ timeout: 30_000 });
      for (const c of subset) {
        await box.fill(`#scenario:echo\n${c.markdown}`);
        await chat.getByRole('button', { name: 'Send' }).click();
        const last = chat.locator('.turn.model').last();
        await waitUntil(`${c.id} is answered`, async () => (await last.innerText()).includes(`Case ${c.id} ends here.`) && !(await last.getAttribute('class'))?.includes('streaming'), 30_000);
      }
      const problems = await chat.locator('.transcript').evaluate((_root, ids) => {
        const out: string[] = [];
        // Which case a turn answers, from its own text (the view re-renders turns, so no marks survive).
        const caseOf = (t: Element) => /Case (\S+) starts here\./.exec(t.textContent ?? '')?.[1];
        const turns = Array.from(document.querySelectorAll('.turn.model')).filter((t) => ids.includes(caseOf(t) ?? ''));
        for (const t of turns) t.setAttribute('data-case', caseOf(t)!);
        if (turns.length !== ids.length) out.push(`expected ${ids.length} answers, found ${turns.length}`);
        for (const t of turns) {
          if (t.querySelector('script, style, iframe, object, embed, svg, math, form, input, link, meta, base')) out.push(`${t.getAttribute('data-case')}: forbidden element`);
          for (const e of Array.from(t.querySelectorAll('*'))) {
            for (const a of Array.from(e.attributes)) if (/^on|^(style|href|srcdoc)$/i.test(a.name)) out.push(`${t.getAttribute('data-case')}: ${a.name} on ${e.tagName}`);
          }
          for (const img of Array.from(t.querySelectorAll('img'))) if (!(img.getAttribute('src') ?? '').startsWith('data:image/')) out.push('remote image element');
        }
        return out;
      }, subset.map((c) => c.id));
      assert.deepEqual(problems, []);
      for (const c of subset) {
        // textContent: answers scrolled out of sight are not rendered (content-visibility), see inspect().
        const text = (await chat.locator(`.turn.model[data-case="${c.id}"]`).textContent()) ?? '';
        for (const v of c.visible) assert.ok(text.includes(v), `${c.id}: ${JSON.stringify(v)} readable`);
      }
      await wb().page.waitForTimeout(500);
      assert.deepEqual(dialogs, [], 'no alert/confirm/prompt dialog');
      assert.deepEqual(all.filter((u) => /evil\.example|xss\.example|img\.example/.test(u)), [], 'nothing reached the payloads\' hosts');
      assert.deepEqual(remote, [], 'no request left the webview for a remote origin');
      await wb().screenshot('hostile-subset');
    });
  });
});
