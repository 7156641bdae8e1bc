// The localization check: every language has every key with the same placeholders (manifest, host
// bundles, webview strings, prompt words), the English host bundle is exactly what @vscode/l10n-dev
// extracts from src/, and no user-visible literal bypasses l10n.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CORE_MESSAGES_EN, englishMessages, format } from '../../src/core/l10n/coreStrings';
import { LOCALES, pickLocale } from '../../src/core/l10n/locale';
import { promptTexts } from '../../src/core/editor/promptTexts';
import { selectionPrompt } from '../../src/core/editor/prompts';
import { improvePrompt } from '../../src/core/edits/improve';
import { UI_EN, UI_TABLES, uiLanguage } from '../../src/core/l10n/uiStrings';
import { classifyError } from '../../src/core/gemini/errors';
import { chatWebviewHtml } from '../../src/vscode/panel/webviewHtml';

const root = resolve(__dirname, '..', '..');
const readJson = (...p: string[]): Record<string, unknown> => JSON.parse(readFileSync(join(root, ...p), 'utf8'));
const TRANSLATED = ['fr', 'pt-br'] as const;

/** The placeholders of a string, sorted: {0}-style (l10n.t, webview) and %s-style. */
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\d+\}|%[sd]/g)].map((m) => m[0]).sort();
}

/** Keys missing or extra, and values whose placeholders differ from English, in one readable list. */
function compare(en: Record<string, unknown>, other: Record<string, unknown>, name: string): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(en)) {
    if (!(k in other)) problems.push(`${name}: missing "${k}"`);
    else if (typeof other[k] !== 'string' || !(other[k] as string).trim()) problems.push(`${name}: empty "${k}"`);
    else if (placeholders(String(en[k])).join() !== placeholders(String(other[k])).join()) problems.push(`${name}: placeholders differ in "${k}"`);
  }
  for (const k of Object.keys(other)) if (!(k in en)) problems.push(`${name}: extra key "${k}"`);
  return problems;
}

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

describe('localization (en, fr, pt-br)', () => {
  describe('manifest', () => {
    const pkg = readJson('package.json') as any;
    const nls = readJson('package.nls.json') as Record<string, string>;

    it('every contributed title and description is a %key% of package.nls.json', () => {
      const c = pkg.contributes;
      const shown: [string, unknown][] = [
        ['description', pkg.description], ['displayName', pkg.displayName],
        ['capabilities.untrustedWorkspaces.description', pkg.capabilities.untrustedWorkspaces.description],
        ['configuration.title', c.configuration.title],
        ...c.viewsContainers.activitybar.map((v: any) => [`viewsContainers ${v.id}`, v.title]),
        ...Object.values(c.views).flat().flatMap((v: any) => [[`views ${v.id}.name`, v.name], [`views ${v.id}.contextualTitle`, v.contextualTitle]]),
        ...c.commands.map((cmd: any) => [`command ${cmd.command}`, cmd.title]),
      ];
      for (const [id, p] of Object.entries<any>(c.configuration.properties)) {
        for (const field of ['description', 'markdownDescription'] as const) if (p[field] !== undefined) shown.push([`${id}.${field}`, p[field]]);
        for (const [i, d] of (p.enumDescriptions ?? []).entries()) shown.push([`${id}.enumDescriptions[${i}]`, d]);
        assert.ok(p.description !== undefined || p.markdownDescription !== undefined, `${id} has no description`);
      }
      const bad = shown.filter(([, v]) => typeof v !== 'string' || !/^%[\w.-]+%$/.test(v) || !((v as string).slice(1, -1) in nls));
      assert.deepEqual(bad, [], 'not a %key% of package.nls.json');
      // The category is the brand, shown as the "Gemini:" prefix in every language.
      for (const cmd of c.commands) assert.equal(cmd.category, 'Gemini');
      assert.equal(pkg.l10n, './l10n');
    });

    it('package.nls.json has no unused key', () => {
      const used = new Set([...JSON.stringify(pkg).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));
      assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
    });

    for (const lang of TRANSLATED) {
      it(`package.nls.${lang}.json has every key, with the same placeholders and the same setting names`, () => {
        const other = readJson(`package.nls.${lang}.json`);
        assert.deepEqual(compare(nls, other, `package.nls.${lang}.json`), []);
        // Setting ids and code spans that name settings must survive translation.
        for (const [k, v] of Object.entries(nls)) {
          for (const id of v.match(/geminiInteractions\.[\w.]+|`[a-z_]+(?::\s*\w+)?`/g) ?? []) {
            assert.ok(String(other[k]).includes(id), `${lang} ${k} lost ${id}`);
          }
        }
      });
    }
  });

  describe('extension host bundles', () => {
    const en = readJson('l10n', 'bundle.l10n.json') as Record<string, string>;

    it('l10n/bundle.l10n.json is exactly what @vscode/l10n-dev extracts from src/', function () {
      this.timeout(60_000);
      const out = mkdtempSync(join(tmpdir(), 'l10n-export-'));
      try {
        const cli = join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
        const r = spawnSync(process.execPath, [cli, 'export', '--outDir', out, join(root, 'src')], { cwd: root, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const extracted = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8'));
        assert.deepEqual(Object.keys(extracted).sort(), Object.keys(en).sort(),
          'run `npx @vscode/l10n-dev export --outDir ./l10n ./src` and translate the new strings in the fr and pt-br bundles');
        assert.deepEqual(extracted, en);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    for (const lang of TRANSLATED) {
      it(`bundle.l10n.${lang}.json has every key, with the same placeholders`, () => {
        assert.deepEqual(compare(en, readJson('l10n', `bundle.l10n.${lang}.json`), `bundle.l10n.${lang}.json`), []);
      });
    }

    it('every core message template is in the bundle (src/vscode/l10n/coreStrings.ts translates the same text)', () => {
      assert.deepEqual(Object.values(CORE_MESSAGES_EN).filter((m) => !(m in en)), []);
    });
  });

  describe('webview strings', () => {
    for (const lang of TRANSLATED) {
      it(`the ${lang} table has every key, with the same placeholders`, () => {
        assert.deepEqual(compare(UI_EN, UI_TABLES[lang], `ui ${lang}`), []);
      });
    }

    it('plural keys come in _one/_other pairs', () => {
      const keys = Object.keys(UI_EN);
      for (const k of keys.filter((k) => k.endsWith('_one'))) assert.ok(keys.includes(k.replace(/_one$/, '_other')), k);
      for (const k of keys.filter((k) => k.endsWith('_other'))) assert.ok(keys.includes(k.replace(/_other$/, '_one')), k);
    });

    it('the display language picks the table; Intl gets the full tag', () => {
      assert.equal(uiLanguage('fr').strings['composer.send'], 'Envoyer');
      assert.deepEqual(uiLanguage('fr-ca'), { locale: 'fr-ca', strings: UI_TABLES.fr });
      assert.equal(uiLanguage('pt-br').strings['approval.allowOnce'], 'Permitir uma vez');
      assert.equal(uiLanguage('de').strings, UI_EN);
      assert.equal(uiLanguage(undefined).locale, 'en');
    });

    it('the page carries the strings, escaped as an attribute, so the view is drawn in the language at once', () => {
      const ui = uiLanguage('fr');
      const html = chatWebviewHtml({ cspSource: 'vscode-webview://x', nonce: 'n', styleUri: 's.css', scriptUri: 's.js', lang: 'fr', ui });
      const attr = /<body data-ui="([^"]*)">/.exec(html)?.[1];
      assert.ok(attr, 'data-ui on <body>');
      assert.ok(!attr.includes('<'), 'no raw < in the attribute');
      const decoded = attr.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
      assert.deepEqual(JSON.parse(decoded), ui);
      assert.match(chatWebviewHtml({ cspSource: 'x', nonce: 'n', styleUri: 's', scriptUri: 'j' }), /<body>/, 'no strings: English defaults');
    });
  });

  describe('locales, prompts, core messages', () => {
    it('maps VS Code display languages onto the translations', () => {
      assert.deepEqual(['fr', 'fr-ch', 'pt-br', 'pt_BR', 'pt', 'pt-pt', 'en', 'zh-cn', ''].map(pickLocale), ['fr', 'fr', 'pt-br', 'pt-br', 'pt-br', 'en', 'en', 'en', 'en']);
      assert.deepEqual([...LOCALES], ['en', 'fr', 'pt-br']);
    });

    it('Explain and Improve Selection prompts are in the display language', () => {
      const input = { path: 'src/a.ts', languageId: 'typescript', selections: [{ startLine: 3, endLine: 5, text: 'let x = 1;' }] };
      assert.match(selectionPrompt(input, promptTexts('fr')), /^Explique ce code : |^Explique ce code: /);
      assert.match(selectionPrompt(input, promptTexts('fr')), /lignes 3 à 5/);
      assert.match(selectionPrompt(input, promptTexts('pt-br')), /^Explique este código: .*\n\n`src\/a\.ts`, linhas 3 a 5:/);
      assert.match(improvePrompt('', input, promptTexts('fr')), /^Améliore ce code\.\nRéponds avec le remplacement complet/);
      assert.match(improvePrompt('', input, promptTexts('pt-br')), /^Melhore este código\./);
      assert.match(selectionPrompt(input), /^Explain this code: /, 'English without a language');
    });

    it('core messages are written through the Messages given (English by default)', () => {
      const upper = { t: (key: keyof typeof CORE_MESSAGES_EN, ...args: (string | number)[]) => `[${key}] ${format(CORE_MESSAGES_EN[key], args).toUpperCase()}` };
      assert.equal(classifyError({ status: 429 }, upper).message, '[rateLimited] RATE LIMITED BY THE GEMINI API.');
      assert.equal(classifyError({ status: 503 }).message, 'The Gemini API had a server error (503).');
      assert.equal(englishMessages.t('toolLimit', 8, 'geminiInteractions.tools.maxRounds'),
        'Stopped after 8 rounds of tool calls for this message (geminiInteractions.tools.maxRounds); Gemini was asked to answer with what it has.');
      assert.equal(format('{0} and {1}', ['a']), 'a and {1}');
    });
  });

  describe('no user-visible literal bypasses l10n', () => {
    // A string literal (quote, backtick) with a letter in it, where the user reads it.
    const LITERAL = String.raw`(?<q>['"\x60])(?<lit>[^'"\x60]*)\k<q>`;
    const HOST_PATTERNS: [string, RegExp][] = [
      ['message box', new RegExp(String.raw`show(?:Information|Warning|Error)Message\(\s*` + LITERAL)],
      ['message box button', new RegExp(String.raw`show(?:Information|Warning|Error)Message\([^;]*,\s*` + LITERAL + String.raw`\s*\)`)],
      ['title/prompt/placeholder', new RegExp(String.raw`\b(?:title|prompt|placeHolder|openLabel|detail):\s*` + LITERAL)],
      ['quick pick label/description', new RegExp(String.raw`\b(?:label|description):\s*` + LITERAL)],
      ['progress message', new RegExp(String.raw`report\(\{\s*message:\s*` + LITERAL)],
      ['validation message', new RegExp(String.raw`validateInput:.*\?\s*(?:undefined\s*:\s*)?` + LITERAL)],
      ['view error', new RegExp(String.raw`type:\s*'error',\s*message:\s*` + LITERAL)],
      ['thrown to the user', new RegExp(String.raw`new (?:Error|AttachmentProblem)\(\s*` + LITERAL)],
    ];
    const WEBVIEW_PATTERNS: [string, RegExp][] = [
      ['textContent', new RegExp(String.raw`\.textContent\s*[+]?=\s*` + LITERAL)],
      ['aria-label', new RegExp(String.raw`setAttribute\('aria-label',\s*` + LITERAL)],
      ['title/placeholder/alt', new RegExp(String.raw`\.(?:title|placeholder|alt)\s*=\s*` + LITERAL)],
      ['button label', new RegExp(String.raw`\bbutton\(\s*` + LITERAL)],
      ['card title', new RegExp(String.raw`\bcard\([^,]+,\s*'[^']+',\s*` + LITERAL)],
      ['label()/note()', new RegExp(String.raw`\b(?:label|note)\(\s*` + LITERAL)],
    ];
    // Literals that are not prose for users: brand names, setting ids, data.
    const ALLOWED = [/'Gemini Interactions'/, /new Error\('No API key'\)/, /'history-heading'/];

    // Tool results and refusals are read by the model, not the user: they stay English.
    const MODEL_FACING = ['src/vscode/tools/workspaceTools.ts'];

    /** Whether a pattern matches with a literal that has words of its own (not only `${…}` and punctuation). */
    function bypasses(re: RegExp, line: string): boolean {
      // Interpolations (nested ones too) are values, not words; "Gemini" is the brand.
      let plain = line;
      while (/\$\{[^{}]*\}/.test(plain)) plain = plain.replace(/\$\{[^{}]*\}/g, '');
      for (const m of plain.matchAll(new RegExp(re.source, 'g'))) {
        if (/[A-Za-z]{2,}/.test((m.groups?.lit ?? '').replace(/\bGemini\b/g, ''))) return true;
      }
      return false;
    }

    function scan(dir: string, patterns: [string, RegExp][]): string[] {
      const found: string[] = [];
      for (const file of files(dir)) {
        if (MODEL_FACING.includes(file)) continue;
        readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
          if (/^\s*(\/\/|\*)/.test(line) || ALLOWED.some((a) => a.test(line))) return;
          for (const [what, re] of patterns) if (bypasses(re, line)) found.push(`${file}:${i + 1} (${what}): ${line.trim()}`);
        });
      }
      return found;
    }

    it('the extension host shows strings only through vscode.l10n.t', () => {
      assert.deepEqual(scan('src/vscode', HOST_PATTERNS), []);
    });

    it('the webview shows strings only through t() (src/core/ui)', () => {
      assert.deepEqual(scan('src/webview', WEBVIEW_PATTERNS), []);
    });

    it('the scan catches a bypass (the patterns are not vacuous)', () => {
      const hit = (patterns: [string, RegExp][], line: string) => patterns.some(([, re]) => bypasses(re, line));
      assert.ok(hit(HOST_PATTERNS, "void vscode.window.showInformationMessage('Saved.');"));
      assert.ok(hit(HOST_PATTERNS, 'void vscode.window.showWarningMessage(`Deleted ${x}`);'));
      assert.ok(hit(HOST_PATTERNS, "showWarningMessage(vscode.l10n.t('A?'), { modal: true }, 'Delete')"));
      assert.ok(hit(HOST_PATTERNS, "await vscode.window.showInputBox({ title: 'Secret name' })"));
      assert.ok(hit(HOST_PATTERNS, "progress.report({ message: 'starting…' });"));
      assert.ok(!hit(HOST_PATTERNS, "showInformationMessage(vscode.l10n.t('Saved {0}.', savedTo))"));
      assert.ok(!hit(HOST_PATTERNS, "return { id: randomId(), title: '', createdAt: now };"));
      assert.ok(!hit(HOST_PATTERNS, 'title: `Gemini: ${info.name} (${formatBytes(info.sizeBytes)})`,'), 'no words of its own');
      assert.ok(hit(WEBVIEW_PATTERNS, "h.textContent = 'Conversations';"));
      assert.ok(hit(WEBVIEW_PATTERNS, "const b = button('Retry', 'retry', 'codicon-refresh', true);"));
      assert.ok(!hit(WEBVIEW_PATTERNS, "const b = button(t('action.retry'), 'retry', 'codicon-refresh', true);"));
    });
  });
});
