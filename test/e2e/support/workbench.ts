// End-to-end fixture: the Gemini emulator + code-server with this extension + headless Chromium
// showing the workbench, and the helpers the e2e tests share (open the chat view, reach the webview,
// run commands, switch themes, take screenshots).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { startEmulator } from '../../emulator/server';

/** Root of the clone (the bundle lives in out/e2e/…, so walk up to our package.json). */
export const repoRoot = ((): string => {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'gemini-interactions') return d;
  }
  throw new Error(`cannot find the project root above ${__dirname}`);
})();

export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results', 'screenshots');

export type Theme = 'dark' | 'light' | 'hc-dark' | 'hc-light';
/** Built-in themes: setting value, label in the theme picker, class of the workbench once applied. */
const THEMES: Record<Theme, { name: string; label: string; cls: string }> = {
  dark: { name: 'Dark Modern', label: 'Dark Modern', cls: 'vs-dark' },
  light: { name: 'Light Modern', label: 'Light Modern', cls: 'vs' },
  'hc-dark': { name: 'Default High Contrast', label: 'Dark High Contrast', cls: 'hc-black' },
  'hc-light': { name: 'Default High Contrast Light', label: 'Light High Contrast', cls: 'hc-light' },
};

export interface WorkbenchOptions {
  /** Install this packaged .vsix instead of loading the extension from the clone. */
  vsix?: string;
  theme?: Theme;
  /** Extra user settings (merged over the defaults below). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** Folder to open: a fresh copy of test/fixtures/workspace by default. */
  workspace?: string;
  /** Keep Workspace Trust on (off by default, as with --disable-workspace-trust). */
  workspaceTrust?: boolean;
  /** VS Code's display language, e.g. 'fr' or 'pt-br' (English by default). */
  locale?: string;
}

// The harness is plain ESM shared with scripts/test.mjs; loading it at run time (not bundling it)
// keeps its import.meta-based paths right.
type Harness = {
  startCodeServer(o: object): Promise<{ url: string; port: number; runDir: string; userDataDir: string; extensionsDir: string; logFile: string; close(): Promise<void> }>;
  installVsix(vsix: string, o: { runDir: string; extensionsDir: string }): void;
  workbenchUrl(server: { url: string }, o: { folder?: string; payload?: [string, string][] }): string;
  remoteUri(server: { port: number }, p: string): string;
  launchChromium(profileDir: string, options?: object): Promise<BrowserContext>;
};
const loadHarness = (): Promise<Harness> =>
  import(pathToFileURL(path.join(repoRoot, 'test', 'harness', 'codeServer.mjs')).href);

let runs = 0;
/** Our webview's host frame (other extensions' webviews may be open too). */
const CHAT_IFRAME = 'iframe.webview[src*="extensionId=gemini-interactions-team.gemini-interactions"]';

export class Workbench {
  /** Set when a test failed: close() then keeps the run dir (code-server log, profile) for inspection. */
  keepRunDir = false;

  private constructor(
    readonly page: Page,
    readonly context: BrowserContext,
    readonly emulatorUrl: string,
    readonly workspace: string,
    private readonly cleanups: (() => Promise<unknown> | unknown)[],
  ) {}

  static async start(opts: WorkbenchOptions = {}): Promise<Workbench> {
    const h = await loadHarness();
    const cleanups: (() => Promise<unknown> | unknown)[] = [];
    let wb: Workbench | undefined;
    const cleanup = async () => { for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {}); };
    try {
      const emulator = await startEmulator();
      cleanups.push(() => emulator.close());

      const runDir = path.join(repoRoot, '.test-runs', `e2e-${process.pid}-${++runs}`);
      const workspace = opts.workspace ?? copyFixture(path.join(runDir + '-ws'));
      if (!opts.workspace) cleanups.push(() => fs.rmSync(workspace, { recursive: true, force: true }));
      const theme = THEMES[opts.theme ?? 'dark'];
      // Logs and profiles stay in runDir for inspection when a test failed (see close()).
      cleanups.push(() => { if (!wb?.keepRunDir) fs.rmSync(runDir, { recursive: true, force: true }); });
      const server = await h.startCodeServer({
        runDir,
        workspaceTrust: opts.workspaceTrust ?? false,
        ...(opts.locale ? { locale: opts.locale } : {}),
        env: { GEMINI_API_KEY: 'test-key', ...opts.env },
        settings: {
          'geminiInteractions.apiBaseUrl': emulator.url,
          'workbench.colorTheme': theme.name,
          'workbench.startupEditor': 'none',
          // Keeps VS Code's own chat panel from taking a third of every screenshot.
          'workbench.secondarySideBar.defaultVisibility': 'hidden',
          // The emulator's scripted model calls a declared function on every message; tests that are
          // not about workspace tools keep them off (agentic tests turn them on).
          'geminiInteractions.tools.workspace': false,
          ...opts.settings,
        },
      });
      cleanups.push(() => server.close());
      if (opts.vsix) h.installVsix(opts.vsix, { runDir, extensionsDir: server.extensionsDir });

      const context = await h.launchChromium(path.join(runDir, 'chromium'), { viewport: { width: 1280, height: 800 } });
      cleanups.push(() => context.close());
      const page = context.pages()[0] ?? await context.newPage();
      const payload: [string, string][] = opts.vsix ? [] : [['extensionDevelopmentPath', h.remoteUri(server, repoRoot)]];
      payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
      await page.goto(h.workbenchUrl(server, { folder: workspace, payload }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      wb = new Workbench(page, context, emulator.url, workspace, cleanups);
      await wb.waitForThemeClass(theme.cls);
      return wb;
    } catch (e) {
      await cleanup();
      throw e;
    }
  }

  /**
   * "Developer: Reload Window", typed by hand (runCommand waits on a quick input that goes away with the
   * page): unlike a page reload it shuts the workbench down properly, flushing workspace state.
   */
  async reloadWindow(): Promise<void> {
    const page = this.page;
    await page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill('>Developer: Reload Window');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="Developer: Reload Window"]').first().waitFor();
    await Promise.all([page.waitForEvent('framenavigated', { timeout: 30_000 }), input.press('Enter')]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  /**
   * Clicks the "Gemini" item of the activity bar and waits for the chat webview to load. After a window
   * reload the workbench sometimes restores the container before the extension's views are registered:
   * it is selected but empty ("Drag a view here to display", side bar hidden) until its item is clicked
   * again — a restore race in the workbench, seen about once in five reloads. A user clicks again; so do we.
   */
  async openChatView(): Promise<FrameLocator> {
    const item = this.page.locator('.part.activitybar').getByRole('tab', { name: /^Gemini/ });
    await item.waitFor({ timeout: 60_000 });
    const iframe = this.page.locator(CHAT_IFRAME);
    for (let attempt = 1; ; attempt++) {
      // Clicking an already-selected container collapses the side bar: only click when not selected.
      if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
      try {
        await iframe.waitFor({ timeout: 15_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        if ((await item.getAttribute('aria-selected')) === 'true') await item.click(); // deselect; the loop selects it again
      }
    }
    const frame = this.chatFrame();
    await frame.locator('body').waitFor({ timeout: 30_000 });
    return frame;
  }

  /** The emulator's control endpoint (`/__emulator/<what>`): GET without a body, POST with one. */
  async emulatorControl(what: string, body?: unknown): Promise<any> {
    const r = await fetch(`${this.emulatorUrl}/__emulator/${what}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return r.json();
  }

  /** Types a message into the chat's message box and clicks Send (does not wait for the answer). */
  async sendMessage(text: string): Promise<void> {
    const chat = this.chatFrame();
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    await box.click();
    await box.fill(text);
    await chat.getByRole('button', { name: 'Send' }).click();
  }

  /** Sends a message from the chat's message box (Enter) and waits until its answer has a footer; returns that answer. */
  async sendAndWaitForAnswer(text: string): Promise<Locator> {
    const chat = this.chatFrame();
    const log = chat.getByRole('log');
    const box = chat.getByRole('textbox', { name: 'Message Gemini' });
    const before = await log.locator('.turn.model').count();
    await box.click();
    await box.fill(text);
    await box.press('Enter');
    await waitUntil('the answer started', async () => (await log.locator('.turn.model').count()) > before, 30_000);
    const turn = log.locator('.turn.model').last();
    await turn.locator('.footer').waitFor({ timeout: 60_000 });
    return turn;
  }

  /** The chat view's content: a webview lives two iframes deep (host frame, then active-frame). */
  chatFrame(): FrameLocator {
    return this.page.frameLocator(CHAT_IFRAME).frameLocator('iframe#active-frame');
  }

  /** Runs a command the way a user does: F1, type its title, choose it. */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    for (let attempt = 0; ; attempt++) {
      await this.page.keyboard.press('F1');
      try { await input.waitFor({ state: 'visible', timeout: 3000 }); break; } catch (e) {
        if (attempt > 0) throw e;
        // Focus may sit somewhere that swallows F1 (e.g. a webview still loading): focus the workbench.
        await this.page.locator('.part.statusbar').click({ position: { x: 2, y: 2 } }).catch(() => {});
      }
    }
    await this.pick(`>${title}`, title);
  }

  /** Types into the open quick input and clicks the row labelled `label` (not merely the first match). */
  private async pick(text: string, label: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(text);
    // A row's aria-label is its label, then ", <keybinding or description>" when it has one.
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label=${JSON.stringify(label)}], ` +
      `.quick-input-list .monaco-list-row[aria-label^=${JSON.stringify(label + ', ')}]`).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    // Done when the picker closed or another one (e.g. the theme list) replaced it.
    await waitUntil(`the quick input moved on from "${text}"`,
      async () => !(await input.isVisible()) || (await input.inputValue()) !== text, 10_000);
  }

  /**
   * Answers Export Conversation…'s questions once it runs: Markdown, then the proposed file in the save
   * dialog (needs `files.simpleDialog.enable`). Resolves to the written file's path.
   */
  async exportAsMarkdown(): Promise<string> {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown' }).first().click();
    await waitUntil('the save dialog proposes a .md file', async () => /\.md$/.test(await input.inputValue()), 15_000);
    const target = await input.inputValue();
    await input.press('Enter');
    await waitUntil('the file exists', async () => fs.existsSync(target), 15_000);
    return target;
  }

  /** Switches the colour theme the way a user does: Preferences: Color Theme, pick, Enter. */
  async setTheme(theme: Theme): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.pick(THEMES[theme].label, THEMES[theme].label);
    await this.waitForThemeClass(THEMES[theme].cls);
  }

  private async waitForThemeClass(cls: string): Promise<void> {
    await this.page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c),
      cls, { timeout: 20_000 });
  }

  /** Saves a PNG of what the user sees to test-results/screenshots/<name>.png; returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    for (const c of this.cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    this.cleanups.length = 0;
  }
}

function copyFixture(dest: string): string {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), dest, { recursive: true });
  return dest;
}

/**
 * Mocha hooks for a suite sharing one workbench: started before the first test, closed after the
 * last, with a screenshot of every failed test. Returns an accessor for the running workbench.
 */
export function useWorkbench(opts: WorkbenchOptions = {}): () => Workbench {
  let wb: Workbench | undefined;
  before(async function () {
    this.timeout(180_000);
    wb = await Workbench.start(opts);
  });
  afterEach(async function () {
    if (wb && this.currentTest?.state === 'failed') {
      wb.keepRunDir = true;
      await wb.screenshot(`FAILED-${this.currentTest.fullTitle()}`).catch(() => {});
    }
  });
  after(async function () {
    this.timeout(30_000);
    await wb?.close();
  });
  return () => {
    if (!wb) throw new Error('the workbench did not start (see the before-all hook failure)');
    return wb;
  };
}

/** Polls `check` until it returns true (Playwright's `expect` is not part of playwright-core). */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
