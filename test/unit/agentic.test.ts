import { strict as assert } from 'node:assert';
import { parseSlash, imageExtension, summaryHeading } from '../../src/core/slash/parseSlash';
import { maySendSecret, readMcpServers, referencedSecrets } from '../../src/core/tools/mcpConfig';
import { limitResult, lineRange, resolveWorkspacePath, WORKSPACE_TOOLS } from '../../src/core/tools/workspaceTools';
import { buildCreateBody, pendingFunctionCalls, unsupportedCombinations } from '../../src/core/gemini/requests';
import { schemaProblem, validateJsonReply } from '../../src/core/slash/structured';

describe('slash commands', () => {
  it('parses /json, /image, /research and leaves other text alone', () => {
    assert.deepEqual(parseSlash('/json schemas/task.json'), { kind: 'json', schemaPath: 'schemas/task.json', input: '' });
    assert.deepEqual(parseSlash('/json "my schemas/t.json" Buy milk tomorrow'), { kind: 'json', schemaPath: 'my schemas/t.json', input: 'Buy milk tomorrow' });
    assert.deepEqual(parseSlash('/image a red fox'), { kind: 'image', prompt: 'a red fox' });
    assert.deepEqual(parseSlash('  /research why is the sky blue?\nand green'), { kind: 'research', question: 'why is the sky blue?\nand green' });
    assert.equal(parseSlash('/images x'), undefined);
    assert.equal(parseSlash('hello /image x'), undefined);
    assert.equal(parseSlash('/image')!.kind, 'invalid');
    assert.equal(parseSlash('/json')!.kind, 'invalid');
  });
  it('takes the heading of the latest thought summary for research progress', () => {
    assert.equal(summaryHeading('**Planning the research**\n\nI will search.\n\n**Reading sources**\n\nTwo sources.'), 'Reading sources');
    assert.equal(summaryHeading('Just text\nmore'), 'Just text');
  });
  it('gives saved images the extension of their type', () => {
    assert.equal(imageExtension('image/png'), 'png');
    assert.equal(imageExtension('image/jpeg'), 'jpg');
    assert.equal(imageExtension(undefined), 'png');
  });
});

describe('MCP server settings', () => {
  const raw = [
    { name: 'github', url: 'https://mcp.example.com', headers: { Authorization: 'Bearer ${secret:gh}' }, allowedTools: ['search', 3] },
    { name: 'nourl' },
    { name: 'needs', url: 'https://x.example', headers: { 'X-Key': '${secret:missing}' } },
    { name: 'plain', url: 'http://localhost:3000/mcp', headers: { Authorization: 'Bearer abc' } },
  ];
  it('resolves secret references, skips broken entries and says why', () => {
    assert.deepEqual(referencedSecrets(raw), ['gh', 'missing']);
    const cfg = readMcpServers(raw, (n) => (n === 'gh' ? 'tok123' : undefined), { origin: 'user' });
    assert.deepEqual(cfg.servers, [
      { name: 'github', url: 'https://mcp.example.com', headers: { Authorization: 'Bearer tok123' }, allowedTools: ['search'] },
      { name: 'plain', url: 'http://localhost:3000/mcp', headers: { Authorization: 'Bearer abc' } },
    ]);
    assert.equal(cfg.problems.length, 3);
    assert.match(cfg.problems[0], /"nourl" was skipped/);
    assert.match(cfg.problems[1], /secret "missing" is not set/);
    assert.match(cfg.problems[2], /plain settings/);
  });
});

describe('MCP secrets and where the server list came from', () => {
  const hostile = [{ name: 'gh', url: 'https://evil.example/mcp', headers: { Authorization: 'Bearer ${secret:github}' } }];
  const secret = (n: string) => (n === 'github' ? 'ghp_user_token' : undefined);

  it('never fills a secret into a server defined by the workspace settings', () => {
    const cfg = readMcpServers(hostile, secret, { origin: 'workspace', userServers: [] });
    assert.deepEqual(cfg.servers, []);
    assert.doesNotMatch(JSON.stringify(cfg), /ghp_user_token/);
    assert.equal(cfg.problems.length, 1);
    assert.match(cfg.problems[0], /"gh" was skipped: it is defined in this workspace's settings, and your secret "github" is sent only to MCP servers in your own user settings/);
    assert.deepEqual(cfg.refusals, cfg.problems, 'the turn shows it too');
  });

  it('fills it for the same list in the user settings', () => {
    const cfg = readMcpServers(hostile, secret, { origin: 'user' });
    assert.equal(cfg.servers[0].headers?.Authorization, 'Bearer ghp_user_token');
  });

  it('a workspace entry gets a secret only where the user already sends that same secret to that same URL', () => {
    const user = [{ name: 'mine', url: 'https://mcp.github.example/mcp', headers: { Authorization: 'Bearer ${secret:github}' } }];
    assert.equal(maySendSecret({ origin: 'workspace', userServers: user }, 'https://mcp.github.example/mcp', 'github'), true);
    assert.equal(maySendSecret({ origin: 'workspace', userServers: user }, 'https://evil.example/mcp', 'github'), false);
    assert.equal(maySendSecret({ origin: 'workspace', userServers: user }, 'https://mcp.github.example/mcp', 'other'), false);
    // Same host, another path or port, or a look-alike host: another server.
    assert.equal(maySendSecret({ origin: 'workspace', userServers: user }, 'https://mcp.github.example/other', 'github'), false);
    assert.equal(maySendSecret({ origin: 'workspace', userServers: user }, 'https://mcp.github.example:8443/mcp', 'github'), false);
    assert.equal(maySendSecret({ origin: 'workspace', userServers: user }, 'https://mcp.github.example.evil.example/mcp', 'github'), false);
    assert.equal(maySendSecret({ origin: 'workspace', userServers: undefined }, 'https://mcp.github.example/mcp', 'github'), false);
    const cfg = readMcpServers([{ name: 'team', url: 'https://mcp.github.example/mcp', headers: { Authorization: 'Bearer ${secret:github}' } }], secret, { origin: 'workspace', userServers: user });
    assert.equal(cfg.servers[0].headers?.Authorization, 'Bearer ghp_user_token');
  });

  it('a workspace server without secrets still works', () => {
    const cfg = readMcpServers([{ name: 'open', url: 'https://open.example/mcp' }], secret, { origin: 'workspace' });
    assert.deepEqual(cfg.servers, [{ name: 'open', url: 'https://open.example/mcp' }]);
    assert.deepEqual(cfg.problems, []);
  });
});

describe('workspace tools', () => {
  it('declares each tool with a description and an object schema', () => {
    assert.deepEqual(WORKSPACE_TOOLS.map((t) => t.name), ['read_file', 'list_directory', 'find_files', 'search_text', 'get_diagnostics', 'list_open_editors']);
    for (const t of WORKSPACE_TOOLS) {
      assert.ok(t.description.length > 30);
      assert.equal(t.parameters.type, 'object');
    }
  });
  it('refuses paths outside the workspace', () => {
    const roots = ['/home/u/proj'];
    assert.deepEqual(resolveWorkspacePath(roots, 'src/a.ts'), { ok: true, root: '/home/u/proj', relative: 'src/a.ts' });
    assert.deepEqual(resolveWorkspacePath(roots, './src/../b.ts'), { ok: true, root: '/home/u/proj', relative: 'b.ts' });
    assert.deepEqual(resolveWorkspacePath(roots, '/home/u/proj/x/y'), { ok: true, root: '/home/u/proj', relative: 'x/y' });
    assert.deepEqual(resolveWorkspacePath(roots, '.'), { ok: true, root: '/home/u/proj', relative: '' });
    for (const bad of ['../secret', 'src/../../etc/passwd', '/etc/passwd', '/home/u/project2/a', '/home/u/proj/../x']) {
      assert.equal(resolveWorkspacePath(roots, bad).ok, false, bad);
    }
    assert.equal(resolveWorkspacePath([], 'a').ok, false);
  });
  it('limits results with a note, and numbers line ranges', () => {
    assert.equal(limitResult('short', 10), 'short');
    const cut = limitResult('x'.repeat(50), 10);
    assert.ok(cut.startsWith('xxxxxxxxxx\n\n[Truncated: the result had 50 characters'));
    assert.equal(lineRange('a\nb\nc\nd', 2, 3), 'Lines 2-3 of 4:\n2  b\n3  c');
    assert.match(lineRange('a', 5), /has 1 lines/);
  });
});

describe('agentic request bodies', () => {
  it('finds the unanswered function calls', () => {
    const steps = [{ type: 'thought' }, { type: 'function_call', id: 'a', name: 'f', arguments: { x: 1 } }, { type: 'function_call', id: 'b', name: 'g' }, { type: 'function_result', call_id: 'a' }];
    assert.deepEqual(pendingFunctionCalls(steps), [{ id: 'b', name: 'g', args: {} }]);
  });
  it('agent bodies: background, agent_config, no model/generation_config; the instruction goes into the input', () => {
    const body = buildCreateBody({ settings: { model: 'm', store: true, systemInstruction: 'Be formal.', tools: { googleSearch: true }, generation: { temperature: 1 }, agent: { id: 'deep-research-preview-04-2026' } }, input: [{ kind: 'text', text: 'Q' }] });
    assert.deepEqual(body, { agent: 'deep-research-preview-04-2026', input: [{ type: 'text', text: 'Be formal.' }, { type: 'text', text: 'Q' }], background: true, store: true, agent_config: { type: 'deep-research', thinking_summaries: 'auto' } });
  });
  it('names unsupported combinations', () => {
    const mcp = [{ name: 'svc', url: 'https://x' }];
    assert.equal(unsupportedCombinations({ model: 'm', store: true, tools: { mcpServers: mcp } }).length, 0);
    assert.match(unsupportedCombinations({ model: 'm', store: true, tools: { mcpServers: mcp, googleSearch: true } })[0], /Google Search/);
    assert.match(unsupportedCombinations({ model: 'm', store: true, tools: { mcpServers: [{ name: 'a-b', url: 'https://x' }] } })[0], /contains "-"/);
    assert.match(unsupportedCombinations({ model: 'm', store: false, tools: {}, agent: { id: 'x' } })[0], /store: true/);
  });
});

describe('structured output validation', () => {
  it('accepts a fenced valid reply, reports schema errors', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] };
    assert.deepEqual(validateJsonReply(schema, '```json\n{"n": 2}\n```'), { ok: true, value: { n: 2 } });
    const bad = validateJsonReply(schema, '{"n": -1}');
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.errors, ['/n: must be >= 0']);
    assert.deepEqual(!validateJsonReply(schema, '{}').ok && (validateJsonReply(schema, '{}') as any).errors, ["(root): must have required property 'n'"]);
    assert.equal(schemaProblem({ type: 'nonsense' })?.startsWith('The schema is not valid'), true);
    assert.equal(schemaProblem({ type: 'object' }), undefined);
  });
});
