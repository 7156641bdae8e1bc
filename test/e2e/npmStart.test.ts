// The README's first command, as a user runs it: `npm start` (through npm, so the outer npm's
// environment is there) prints the URL of a working VS Code that shows the Gemini view in demo mode.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { repoRoot, SCREENSHOT_DIR, waitUntil } from './support/workbench';

const freePort = (): Promise<number> => new Promise((res, rej) => {
  const s = createServer();
  s.once('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => res(p)); });
});

describe('npm start (the README command)', function () {
  this.timeout(300_000);
  let child: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let output = '';
  let profile: string | undefined;

  after(async () => {
    await context?.close().catch(() => {});
    if (child?.pid) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      await new Promise((r) => setTimeout(r, 1500));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('prints the URL of a VS Code in demo mode whose Gemini view talks to the local emulator', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    delete env.GEMINI_API_KEY;
    // As a user would: npm (the system one on PATH) runs the script.
    child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b: Buffer) => { output += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    let code: number | null | undefined;
    void exited.then((c) => { code = c; });

    await waitUntil('npm start printed the workbench URL', async () => {
      if (code !== undefined) throw new Error(`npm start exited (${code}) early:\n${output}`);
      return /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.test(output);
    }, 240_000).catch((e: Error) => { throw new Error(`${e.message}\n--- npm start output ---\n${output.slice(-4000)}`); });

    assert.match(output, /DEMO MODE/);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output)![1]!;
    assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), 'it serves on the PORT asked for');
    const emulatorUrl = /at (http:\/\/127\.0\.0\.1:\d+) \(not Google\)/.exec(output)?.[1];
    assert.ok(emulatorUrl, 'the terminal names the emulator it started');

    const harness = await import(pathToFileURL(path.join(repoRoot, 'test', 'harness', 'codeServer.mjs')).href) as
      { launchChromium(dir: string, o?: object): Promise<BrowserContext> };
    profile = fs.mkdtempSync(path.join(repoRoot, '.test-runs', 'npm-start-chromium-'));
    context = await harness.launchChromium(profile, { viewport: { width: 1280, height: 800 } });
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const item = page.locator('.part.activitybar').getByRole('tab', { name: /^Gemini/ });
    await item.waitFor({ timeout: 60_000 });
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
    const frame = page.frameLocator('iframe.webview[src*="extensionId=gemini-interactions-team.gemini-interactions"]').frameLocator('iframe#active-frame');
    // The installed .vsix's view says where requests go: the emulator, not Google.
    await frame.getByText(emulatorUrl!, { exact: false }).first().waitFor({ timeout: 60_000 });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'npm-start-demo-mode.png') });
  });
});
