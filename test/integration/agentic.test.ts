// Agentic features in the real extension host against the emulator (started inside the host): the
// approval flow of workspace tools (allow once, always allow, deny, error result), tools.workspace off,
// MCP servers with secrets, structured output (valid, invalid), image save, Deep Research cancel, and
// generation settings + .gemini/instructions.md reaching the request body.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';


type Approval = { callId: string; name: string; argsText: string };

describe('agentic features in VS Code', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const creates = () => emu.requests().filter((r) => r.op === 'create' && r.status === 200).map((r) => r.body as Record<string, any>);
  const pending = async () => (await cmd<Approval[]>('internal.pendingApprovals')) ?? [];
  const folder = () => vscode.workspace.workspaceFolders![0].uri;

  // The user settings this suite changes, restored afterwards (the runner's own values included).
  const touched = ['apiBaseUrl', 'tools.workspace', 'mcpServers', 'temperature', 'maxOutputTokens', 'thinkingLevel', 'thinkingSummaries'];
  let saved: Record<string, unknown> = {};

  before(async () => {
    saved = Object.fromEntries(touched.map((k) => [k, config().inspect(k)?.globalValue]));
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
    await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    for (const k of touched) await config().update(k, saved[k], vscode.ConfigurationTarget.Global);
    await cmd('resetToolApprovals');
    // Later suites start their own emulator: leave no chain pointing at this one.
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    await cmd('newChat');
  });

  /** Sends a message without waiting for the turn (it may wait for approvals). */
  function send(text: string): Promise<unknown> {
    return Promise.resolve(cmd('internal.send', text));
  }

  it('allow once: the call is shown for approval, runs, and its result continues the interaction', async () => {
    emu.queueScenario({ name: 'function_call', function: 'read_file', args: { path: 'README.md' } });
    const done = send('What does the README say?');
    const [req] = await waitFor('an approval request', async () => ((await pending()).length ? pending() : undefined));
    assert.equal(req.name, 'read_file');
    assert.match(req.argsText, /"path": "README.md"/);
    assert.equal(creates().length, 1, 'nothing is sent before the user decides');
    assert.equal(await cmd('internal.answerApproval', 'once'), true);
    await done;
    const [b1, b2] = creates();
    assert.ok(b1.tools.some((t: any) => t.type === 'function' && t.name === 'search_text'));
    assert.equal(b2.input[0].type, 'function_result');
    assert.equal(b2.input[0].name, 'read_file');
    assert.match(b2.input[0].result, /Fixture workspace/);
    assert.equal(b2.input[0].is_error, undefined);
    assert.ok(b2.previous_interaction_id);
  });

  it('always allow: asked once, later calls of that tool run without asking', async () => {
    emu.queueScenario([{ name: 'function_call', function: 'list_directory', args: { path: '' } }, { name: 'function_call', function: 'list_directory', args: { path: 'src' } }]);
    const done = send('List the folders');
    await waitFor('an approval request', async () => ((await pending()).length ? true : undefined));
    await cmd('internal.answerApproval', 'always');
    await done;
    const bodies = creates();
    assert.equal(bodies.length, 3, 'both rounds ran');
    assert.match(bodies[1].input[0].result, /src\//);
    assert.match(bodies[2].input[0].result, /greet\.ts/);
    await cmd('resetToolApprovals');
  });

  it('deny sends an is_error result; a path outside the workspace is refused as an error result', async () => {
    emu.queueScenario({ name: 'function_call', function: 'search_text', args: { query: 'secret' } });
    const denied = send('Search for secrets');
    await waitFor('an approval request', async () => ((await pending()).length ? true : undefined));
    await cmd('internal.answerApproval', 'deny');
    await denied;
    let fr = creates()[1].input[0];
    assert.equal(fr.is_error, true);
    assert.match(fr.result, /denied/);

    emu.reset();
    await cmd('newChat');
    emu.queueScenario({ name: 'function_call', function: 'read_file', args: { path: '../../etc/passwd' } });
    const refused = send('Read the passwords');
    await waitFor('an approval request', async () => ((await pending()).length ? true : undefined));
    await cmd('internal.answerApproval', 'once');
    await refused;
    fr = creates()[1].input[0];
    assert.equal(fr.is_error, true);
    assert.match(fr.result, /outside the workspace/);
  });

  it('geminiInteractions.tools.workspace: false removes the tools', async () => {
    assert.equal(vscode.workspace.getConfiguration('geminiInteractions').inspect('tools.workspace')?.defaultValue, true, 'on by default');
    await config().update('tools.workspace', false, vscode.ConfigurationTarget.Global);
    await send('Hello without tools');
    assert.equal(creates()[0].tools, undefined);
    await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
  });

  it('MCP servers reach the request, with the header secret from secret storage (never from settings)', async () => {
    await config().update('tools.workspace', false, vscode.ConfigurationTarget.Global);
    await cmd('setMcpSecret', 'docs_token', 'mcp-secret-value-42');
    await config().update('mcpServers', [{ name: 'docs', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${secret:docs_token}' }, allowedTools: ['search_docs'] }], vscode.ConfigurationTarget.Global);
    await send('Ask the docs server');
    assert.deepEqual(creates()[0].tools, [{ type: 'mcp_server', name: 'docs', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer mcp-secret-value-42' }, allowed_tools: [{ tools: ['search_docs'] }] }]);
    assert.doesNotMatch(JSON.stringify(config()), /mcp-secret-value-42/);
    const turn = await cmd<any>('internal.lastModelTurn');
    assert.ok(turn.parts.some((p: any) => p.kind === 'toolCall'), 'the MCP call is a card');
    await config().update('mcpServers', undefined, vscode.ConfigurationTarget.Global);
    await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
  });

  const schema = { type: 'object', properties: { title: { type: 'string' }, done: { type: 'boolean' } }, required: ['title', 'done'], additionalProperties: false };

  it('Extract Structured Data: valid reply opens in a JSON editor', async () => {
    const result = await cmd<any>('extractStructuredData', { schema, label: 'todo', input: 'Buy milk (not done yet)', skipQuestion: true });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(creates()[0].response_format, { type: 'text', mime_type: 'application/json', schema });
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.languageId, 'json');
    assert.equal(editor.document.isUntitled, true);
    const parsed = JSON.parse(editor.document.getText());
    assert.equal(typeof parsed.title, 'string');
    assert.equal(typeof parsed.done, 'boolean');
  });

  it('Extract Structured Data: an invalid reply lists precise validation errors', async () => {
    emu.queueScenario({ name: 'text', text: '{"title": 42, "done": "no", "extra": 1}', thought: false });
    const result = await cmd<any>('extractStructuredData', { schema, label: 'todo', input: 'Buy milk', skipQuestion: true });
    assert.equal(result.ok, false);
    assert.ok(result.errors.includes('/title: must be string'), result.errors.join('; '));
    assert.ok(result.errors.includes('/done: must be boolean'), result.errors.join('; '));
    assert.ok(result.errors.some((e: string) => e.includes('additional properties ("extra")')), result.errors.join('; '));
    assert.match(vscode.window.activeTextEditor!.document.getText(), /"extra": 1/);
  });

  it('/json <schema file> in the panel uses a workspace schema file and the given text', async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'todo.schema.json'), new TextEncoder().encode(JSON.stringify(schema)));
    await send('/json todo.schema.json Call Ada, done');
    const b = creates()[0];
    assert.deepEqual(b.response_format.schema, schema);
    assert.match(b.input[0].text, /Call Ada, done/);
  });

  it('Generate Image: the image model, image output, and Save writes a .png for PNG data', async () => {
    await config().update('tools.workspace', false, vscode.ConfigurationTarget.Global);
    await cmd('generateImage', 'a red fox', { skipQuestion: true });
    const b = creates()[0];
    assert.equal(b.model, 'gemini-3.1-flash-image');
    assert.deepEqual(b.response_format, { type: 'image', mime_type: 'image/jpeg' });
    const turn = await cmd<any>('internal.lastModelTurn');
    const index = turn.parts.findIndex((p: any) => p.kind === 'media');
    assert.ok(index >= 0);
    const target = vscode.Uri.joinPath(folder(), 'fox.jpg');
    const saved = await cmd<string>('internal.saveImage', index, target.toString());
    assert.ok(saved!.endsWith('/fox.png'), saved);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(saved!));
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
  });

  it('Deep Research: background + thought summaries; Stop cancels it on the server', async () => {
    emu.queueScenario({ name: 'deep_research', durationMs: 60_000, polls: 0 });
    await cmd('startDeepResearch', 'History of lighthouses', { skipQuestion: true });
    const [run] = await waitFor('the stored background run', async () => {
      const runs = await cmd<any[]>('internal.backgroundRuns');
      return runs?.length ? runs : undefined;
    });
    // The streaming create is still open, so it has no logged status yet.
    const b = emu.requests().find((r) => r.op === 'create')!.body as Record<string, any>;
    assert.equal(b.agent, 'deep-research-preview-04-2026');
    assert.equal(b.background, true);
    assert.equal(b.agent_config.thinking_summaries, 'auto');
    await cmd('internal.stop');
    await waitFor('the cancel request', () => emu.requests().some((r) => r.op === 'cancel' && r.path.includes(run.interactionId)) || undefined);
    await waitFor('the run to be forgotten', async () => ((await cmd<any[]>('internal.backgroundRuns'))?.length === 0 ? true : undefined));
    const turn = await waitFor('the stopped turn', async () => {
      const t = await cmd<any>('internal.lastModelTurn');
      return t?.state === 'stopped' ? t : undefined;
    });
    assert.equal(turn.status, 'cancelled');
  });

  it('generation settings and .gemini/instructions.md reach the request body; max tokens → incomplete', async () => {
    await config().update('tools.workspace', false, vscode.ConfigurationTarget.Global);
    await config().update('temperature', 0.4, vscode.ConfigurationTarget.Global);
    await config().update('maxOutputTokens', 4, vscode.ConfigurationTarget.Global);
    await config().update('thinkingLevel', 'low', vscode.ConfigurationTarget.Global);
    await config().update('thinkingSummaries', true, vscode.ConfigurationTarget.Global);
    const file = vscode.Uri.joinPath(folder(), '.gemini', 'instructions.md');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('Always answer in haiku.'));
    try {
      await send('Tell me everything about the sea and its lighthouses');
      const b = creates()[0];
      assert.deepEqual(b.generation_config, { temperature: 0.4, max_output_tokens: 4, thinking_level: 'low', thinking_summaries: 'auto' });
      // A rules file, under the header that names it (src/core/rules/rulesFiles.ts).
      assert.equal(b.system_instruction, '--- Rules file: .gemini/instructions.md ---\n\nAlways answer in haiku.');
      const turn = await cmd<any>('internal.lastModelTurn');
      assert.equal(turn.status, 'incomplete');
    } finally {
      await vscode.workspace.fs.delete(file);
      await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
      for (const k of ['temperature', 'maxOutputTokens', 'thinkingLevel', 'thinkingSummaries']) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a rules file that looks like secrets (.env) is never sent, even when the setting names it', async () => {
    await config().update('tools.workspace', false, vscode.ConfigurationTarget.Global);
    await config().update('instructionFiles', ['.env', 'AGENTS.md'], vscode.ConfigurationTarget.Global);
    const env = vscode.Uri.joinPath(folder(), '.env');
    const agents = vscode.Uri.joinPath(folder(), 'AGENTS.md');
    await vscode.workspace.fs.writeFile(env, new TextEncoder().encode('STRIPE_SECRET=sk_live_123'));
    await vscode.workspace.fs.writeFile(agents, new TextEncoder().encode('Be brief.'));
    try {
      await send('Hello there');
      const b = creates()[0];
      assert.equal(b.system_instruction, '--- Rules file: AGENTS.md ---\n\nBe brief.');
      assert.ok(!JSON.stringify(b).includes('sk_live_123'), 'the .env text is in no request');
    } finally {
      await vscode.workspace.fs.delete(env);
      await vscode.workspace.fs.delete(agents);
      await config().update('instructionFiles', undefined, vscode.ConfigurationTarget.Global);
      await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
    }
  });
});
