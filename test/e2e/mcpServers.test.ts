// MCP servers in code-server (issue 23, finding 3): the panel lists the servers every request uses under its
// header (the user's, then the workspace's once allowed), and those a workspace adds that are not used; a
// workspace's server is asked about in VS Code's modal, naming it and its URL, before the message that would
// use it; after Allow both servers are in the request; the line is keyboard-usable and clean for axe.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useWorkbench, waitUntil } from './support/workbench';
import { describeViolations, runAxe } from './support/axe';

describe('MCP servers: the panel header and the question about a workspace\'s server', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ settings: { 'geminiInteractions.mcpServers': [{ name: 'mine', url: 'https://mine.example/mcp' }] } });
  const creates = async () => ((await wb().emulatorControl('requests')).requests as { op: string; body: any }[]).filter((r) => r.op === 'create');
  const lastServers = async () => Object.fromEntries((((await creates()).at(-1)?.body.tools ?? []) as any[]).filter((t) => t.type === 'mcp_server').map((t) => [t.name, t.url]));
  const line = () => wb().chatFrame().getByRole('group', { name: 'MCP servers' });
  const dialog = () => wb().page.locator('.monaco-dialog-box');

  it('lists the user\'s server, then a workspace\'s server as not used, with their URLs in their names', async () => {
    const chat = await wb().openChatView();
    await chat.getByRole('textbox', { name: 'Message Gemini' }).waitFor({ timeout: 30_000 });
    const mine = line().getByRole('button', { name: 'mine: MCP server at https://mine.example/mcp, from your settings. Open the settings' });
    await mine.waitFor({ timeout: 30_000 });
    assert.equal(await mine.getAttribute('title'), await mine.getAttribute('aria-label'), 'the URL on hover too');
    assert.match(await line().innerText(), /MCP:\s*mine$/);

    fs.mkdirSync(path.join(wb().workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(wb().workspace, '.vscode', 'settings.json'), JSON.stringify({
      'geminiInteractions.mcpServers': [{ name: 'repo', url: 'https://repo.example/mcp' }],
    }));
    const repo = line().getByRole('button', { name: /^repo: MCP server at https:\/\/repo\.example\/mcp, from this workspace's settings, not used until you allow it/ });
    await repo.waitFor({ timeout: 30_000 });
    assert.match(await line().innerText(), /MCP:\s*mine\s*·\s*Not used:\s*repo/, 'the user\'s server stays listed');
    await wb().screenshot('mcp-1-not-used');
    const onLine = (await runAxe(chat)).filter((v) => v.nodes.some((n) => n.target.join(' ').includes('mcp')));
    assert.deepEqual(onLine, [], describeViolations(onLine));
  });

  it('asks before the message, naming the server and its URL; after Allow both servers are in the request', async () => {
    const before = (await creates()).length;
    await wb().sendMessage('Which tools do you have?');
    await dialog().getByText('This workspace\'s settings add the MCP server "repo" at https://repo.example/mcp.').waitFor({ timeout: 30_000 });
    assert.equal((await creates()).length, before, 'nothing sent while asking');
    await wb().screenshot('mcp-2-asks');
    await dialog().getByRole('button', { name: 'Allow for This Workspace' }).click();
    await waitUntil('the message was sent', async () => (await creates()).length === before + 1, 30_000);
    assert.deepEqual(await lastServers(), { mine: 'https://mine.example/mcp', repo: 'https://repo.example/mcp' });
    await line().getByRole('button', { name: /^repo: MCP server at https:\/\/repo\.example\/mcp, from this workspace's settings, allowed by you/ }).waitFor({ timeout: 30_000 });
    assert.match(await line().innerText(), /MCP:\s*mine,\s*repo\s*\(workspace\)$/);
    await wb().screenshot('mcp-3-allowed');
  });

  it('a workspace server\'s button opens the list of the workspace\'s servers from the keyboard', async () => {
    const chat = wb().chatFrame();
    const repo = line().getByRole('button', { name: /^repo: MCP server/ });
    await chat.getByRole('textbox', { name: 'Message Gemini' }).click();
    await repo.focus();
    await waitUntil('the button has focus', async () => repo.evaluate((b) => b === document.activeElement));
    await wb().page.keyboard.press('Enter');
    const row = wb().page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'repo' });
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await row.getAttribute('aria-checked'), 'true', 'allowed: checked');
    await wb().screenshot('mcp-4-manage');
    await wb().page.keyboard.press('Escape');
  });
});

describe('MCP servers in Restricted Mode', function () {
  this.timeout(180_000);
  const wb = useWorkbench({ workspaceTrust: true, settings: { 'geminiInteractions.mcpServers': [{ name: 'mine', url: 'https://mine.example/mcp' }] } });
  const creates = async () => ((await wb().emulatorControl('requests')).requests as { op: string; body: any }[]).filter((r) => r.op === 'create');

  it('the workspace\'s servers are ignored and not asked about; the line and the request have the user\'s only', async () => {
    const page = wb().page;
    const no = page.getByRole('button', { name: /No, I don.t trust the authors/ });
    if (await no.isVisible()) await no.click();
    await page.locator('.statusbar').getByText('Restricted Mode').waitFor({ timeout: 30_000 });
    fs.mkdirSync(path.join(wb().workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(wb().workspace, '.vscode', 'settings.json'), JSON.stringify({
      'geminiInteractions.mcpServers': [{ name: 'repo', url: 'https://repo.example/mcp' }],
    }));
    const chat = await wb().openChatView();
    const line = chat.getByRole('group', { name: 'MCP servers' });
    await line.getByRole('button', { name: /^mine: MCP server/ }).waitFor({ timeout: 30_000 });
    // Give the file watcher time to read the repository's settings (nothing visible changes when they are ignored).
    await new Promise((r) => setTimeout(r, 3000));
    assert.match(await line.innerText(), /^\s*MCP:\s*mine\s*$/);
    await wb().screenshot('mcp-5-restricted');
    await wb().sendMessage('Which tools do you have?');
    await waitUntil('the message was sent', async () => (await creates()).length === 1, 30_000);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no question');
    const servers = ((await creates())[0].body.tools as any[]).filter((t) => t.type === 'mcp_server').map((t) => t.name);
    assert.deepEqual(servers, ['mine']);
  });
});
