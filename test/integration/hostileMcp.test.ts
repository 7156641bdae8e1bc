// A trusted repository's MCP servers, in the real extension host against the emulator (issue 23, finding 3):
// a server the workspace's settings add is asked about (naming it and its URL) before the first request that
// would use it, is sent only after Allow, stays out after Don't Allow (the turn says so), is asked about again
// after a dismissed question; the user's own servers stay in every request beside the workspace's, and win a
// clash of names. The question is answered by the test (internal.answerMcpQuestions) instead of the modal.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';

type Ref = { name: string; url: string; origin: string };

describe('hostile workspace: MCP servers from its settings', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const creates = () => emu.requests().filter((r) => r.op === 'create' && r.status === 200).map((r) => r.body as Record<string, any>);
  /** The MCP servers of the last request, as name → url. */
  const sentServers = () => Object.fromEntries(((creates().at(-1)?.tools ?? []) as any[]).filter((t) => t.type === 'mcp_server').map((t) => [t.name, t.url]));
  const questions = async () => (await cmd<Ref[]>('internal.mcpQuestions')) ?? [];
  const notice = async () => (await cmd<any>('internal.lastModelTurn'))?.notice ?? '';
  const dir = () => join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode');
  const touched = ['apiBaseUrl', 'tools.workspace', 'mcpServers'];
  let saved: Record<string, unknown> = {};

  /** Writes the repository's .vscode/settings.json as a clone ships it, and waits until VS Code read it. */
  async function workspaceServers(servers: unknown[] | undefined): Promise<void> {
    if (servers) {
      mkdirSync(dir(), { recursive: true });
      writeFileSync(join(dir(), 'settings.json'), JSON.stringify({ 'geminiInteractions.mcpServers': servers }));
    } else {
      rmSync(dir(), { recursive: true, force: true });
    }
    const want = JSON.stringify(servers);
    await waitFor('the workspace settings', () => JSON.stringify(config().inspect('mcpServers')?.workspaceValue) === want);
  }

  async function send(text: string): Promise<void> {
    const before = creates().length;
    await cmd('internal.send', text);
    assert.equal(creates().length, before + 1, 'the message was sent');
  }

  before(async () => {
    saved = Object.fromEntries(touched.map((k) => [k, config().inspect(k)?.globalValue]));
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    // MCP servers and function tools are not combined in one request.
    await config().update('tools.workspace', false, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
  });
  after(async () => {
    await workspaceServers(undefined);
    await cmd('internal.answerMcpQuestions', 'modal');
    for (const k of touched) await config().update(k, saved[k], vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    await cmd('newChat');
    await questions(); // forget earlier questions
  });

  it('without the user\'s own servers: asked first, naming the server and its URL; declined, nothing goes to it, and the turn says so', async () => {
    await config().update('mcpServers', undefined, vscode.ConfigurationTarget.Global);
    await workspaceServers([{ name: 'repo', url: 'https://repo-a.example/mcp' }]);
    await cmd('internal.answerMcpQuestions', 'decline');
    await send('Summarise AGENTS.md and send it to the repo server.');
    assert.deepEqual(await questions(), [{ name: 'repo', url: 'https://repo-a.example/mcp', origin: 'workspace' }]);
    assert.deepEqual(sentServers(), {}, 'no mcp_server tool in the request');
    assert.doesNotMatch(JSON.stringify(creates()), /repo-a\.example/);
    assert.match(await notice(), /The MCP server "repo" from this workspace's settings \(https:\/\/repo-a\.example\/mcp\) is not used: you did not allow it/);

    // The answer is kept: no second question, still left out, and the turn no longer repeats it.
    await send('And now?');
    assert.deepEqual(await questions(), []);
    assert.deepEqual(sentServers(), {});
    assert.doesNotMatch(await notice(), /repo/);
  });

  it('a dismissed question leaves the server out of that message only, and is asked again with the next one', async () => {
    await workspaceServers([{ name: 'repo', url: 'https://repo-b.example/mcp' }]);
    await cmd('internal.answerMcpQuestions', 'dismiss');
    await send('First message.');
    assert.equal((await questions()).length, 1);
    assert.deepEqual(sentServers(), {});
    assert.match(await notice(), /"repo" from this workspace's settings \(https:\/\/repo-b\.example\/mcp\) was not used: it is used only after you allow it/);

    await cmd('internal.answerMcpQuestions', 'allow');
    await send('Second message.');
    assert.deepEqual((await questions()).map((q) => q.url), ['https://repo-b.example/mcp'], 'asked again');
    assert.deepEqual(sentServers(), { repo: 'https://repo-b.example/mcp' }, 'sent after Allow');
    assert.doesNotMatch(await notice(), /repo/);
  });

  it('with the user\'s own server: it stays in every request; the workspace\'s joins it only after Allow, once per URL', async () => {
    await config().update('mcpServers', [{ name: 'mine', url: 'https://mine.example/mcp' }], vscode.ConfigurationTarget.Global);
    await workspaceServers([{ name: 'repo', url: 'https://repo-c.example/mcp' }]);
    await cmd('internal.answerMcpQuestions', 'decline');
    await send('Which tools do you have?');
    assert.deepEqual((await questions()).map((q) => q.name), ['repo'], 'asked about the workspace\'s server only');
    assert.deepEqual(sentServers(), { mine: 'https://mine.example/mcp' }, 'the user\'s server is not replaced by the workspace\'s list');

    // Changed with "Gemini: Manage Workspace MCP Servers" (the test passes the checked URLs).
    await cmd('manageWorkspaceMcpServers', ['https://repo-c.example/mcp']);
    await send('And now?');
    assert.deepEqual(await questions(), [], 'no question: the answer was given in the list');
    assert.deepEqual(sentServers(), { mine: 'https://mine.example/mcp', repo: 'https://repo-c.example/mcp' });

    // The same URL under another name is the same answer; a new URL is asked about.
    await cmd('internal.answerMcpQuestions', 'allow');
    await workspaceServers([{ name: 'renamed', url: 'https://repo-c.example/mcp' }, { name: 'other', url: 'https://repo-d.example/mcp' }]);
    await send('Once more.');
    assert.deepEqual((await questions()).map((q) => q.name), ['other']);
    assert.deepEqual(sentServers(), { mine: 'https://mine.example/mcp', renamed: 'https://repo-c.example/mcp', other: 'https://repo-d.example/mcp' });

    // Unchecked in the list: left out again, the user's stays.
    await cmd('manageWorkspaceMcpServers', ['https://repo-d.example/mcp']);
    await send('Last one.');
    assert.deepEqual(sentServers(), { mine: 'https://mine.example/mcp', other: 'https://repo-d.example/mcp' });
  });

  it('a workspace server named like one of the user\'s is dropped, not asked about: the user\'s entry wins', async () => {
    await config().update('mcpServers', [{ name: 'mine', url: 'https://mine.example/mcp' }], vscode.ConfigurationTarget.Global);
    await workspaceServers([{ name: 'MINE', url: 'https://repo-e.example/mcp' }, { name: 'copy', url: 'https://mine.example/mcp' }]);
    await cmd('internal.answerMcpQuestions', 'allow');
    await send('Hello.');
    assert.deepEqual(await questions(), []);
    assert.deepEqual(sentServers(), { mine: 'https://mine.example/mcp' });
    assert.doesNotMatch(JSON.stringify(creates()), /repo-e\.example/);
  });
});
