// Tool schemas on every turn vs deferred behind tool_search (issue 24): the same conversation through the SDK to
// the emulator, once with every schema in front of the model (geminiInteractions.tools.toolSearch off) and once
// with defer_loading + short_description behind one tool_search entry (the default from TOOL_SEARCH_MIN_TOOLS
// tools on). Measured: the bytes of each create request, and the input tokens the emulator bills (≈ UTF-8 bytes / 4
// of what the model sees: a deferred tool is its name and short description until a tool_search_result loads it).
import { startEmulator } from '../test/emulator/server';
import { createInteractionsApi } from '../src/core/gemini/client';
import { Conversation } from '../src/core/conversation/conversation';
import type { ConversationData, FunctionDeclaration, TurnSettings } from '../src/core/conversation/types';
import { TOOL_SEARCH_MIN_TOOLS } from '../src/core/gemini/requests';
import { WORKSPACE_TOOLS } from '../src/core/tools/workspaceTools';
import { EDIT_TOOLS } from '../src/core/tools/editTools';
import { table } from './stats';

const TURNS = 10;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A native chat with many VS Code tools: 40 functions with schemas the size of the workspace tools'. */
const NATIVE_TOOLS: FunctionDeclaration[] = Array.from({ length: 40 }, (_, i) => ({
  name: `vscode_tool_${i}`,
  description: `Tool ${i} of the editor. It reads or changes part of the workspace and reports what it did, with paths relative to the workspace root and line numbers where they apply.`,
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'A path relative to the workspace root.' },
      query: { type: 'string', description: 'What to look for, as plain text or a regular expression.' },
      maxResults: { type: 'integer', description: 'At most this many results (default 50).' },
      includeHidden: { type: 'boolean', description: 'Also look in hidden files and folders.' },
    },
    required: ['path'],
  },
}));

interface Measure { bytes: number[]; inputTokens: number[] }

export default async function run(): Promise<{ title: string; markdown: string }> {
  const emu = await startEmulator();
  try {
    const api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    const cases = [
      { label: `panel: workspace + edit tools (${WORKSPACE_TOOLS.length + EDIT_TOOLS.length}) + 1 MCP server`, functions: [...WORKSPACE_TOOLS, ...EDIT_TOOLS], call: 'search_text' },
      { label: `native chat: ${NATIVE_TOOLS.length} VS Code tools`, functions: NATIVE_TOOLS, call: 'vscode_tool_7' },
    ];
    const results: { label: string; whole: Measure; search: Measure }[] = [];
    for (const c of cases) {
      const measure = async (toolSearch: boolean): Promise<Measure> => {
        emu.reset();
        const settings: TurnSettings = {
          model: 'gemini-3.5-flash', store: true,
          tools: { functions: c.functions, ...(c.label.startsWith('panel') ? { mcpServers: [{ name: 'tracker', url: 'https://mcp.example.com/mcp' }] } : {}), toolSearch },
        };
        const data: ConversationData = { id: `bench-${toolSearch}`, title: '', createdAt: 0, updatedAt: 0, turns: [] };
        const conv = new Conversation(data, {
          api: async () => api, settings: () => settings, save: async () => undefined, log: quiet,
          listener: { started() {}, event() {}, notice() {}, finished() {} },
          tools: { run: async (_t, calls) => calls.map(() => ({ result: 'src/tides.ts:12: const tide = nextTide(moon);' })) },
        });
        for (let i = 1; i <= TURNS; i++) {
          // Turn 1 calls one tool (a tool round, and with tool search the search that loads it); the others answer in text.
          if (i === 1) emu.queueScenario({ name: 'function_call', function: c.call });
          else emu.queueScenario({ name: 'text', words: 80 });
          const turn = await conv.send([{ kind: 'text', text: `Question ${i}: where is the tide computed, and how?` }]);
          if (turn.state !== 'done') throw new Error(`turn ${i} ended ${turn.state}: ${turn.error?.message}`);
        }
        const creates = emu.requests().filter((r) => r.op === 'create' && r.status === 200);
        const ids = emu.interactionIds();
        const usage = ids.map((id) => (emu.interaction(id) as { usage?: { total_input_tokens?: number } }).usage?.total_input_tokens ?? 0);
        const declared = (creates[0].body as { tools: { type: string }[] }).tools;
        if (toolSearch !== declared.some((t) => t.type === 'tool_search')) throw new Error(`tool_search ${toolSearch ? 'missing' : 'sent'} for ${c.label}`);
        return { bytes: creates.map((r) => Buffer.byteLength(JSON.stringify(r.body))), inputTokens: usage };
      };
      results.push({ label: c.label, whole: await measure(false), search: await measure(true) });
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const rows = results.flatMap((r) => [
      [r.label, 'every schema', r.whole.bytes.length, sum(r.whole.bytes), Math.round(sum(r.whole.bytes) / r.whole.bytes.length), sum(r.whole.inputTokens)],
      ['', 'tool_search + defer_loading', r.search.bytes.length, sum(r.search.bytes), Math.round(sum(r.search.bytes) / r.search.bytes.length), sum(r.search.inputTokens)],
    ]);
    const ratios = results.map((r) => `- ${r.label}: input tokens **${(sum(r.search.inputTokens) / sum(r.whole.inputTokens) * 100).toFixed(0)}%** of every-schema (${sum(r.whole.inputTokens)} → ${sum(r.search.inputTokens)}); request bytes ${(sum(r.search.bytes) / sum(r.whole.bytes) * 100).toFixed(0)}% (${sum(r.whole.bytes)} → ${sum(r.search.bytes)}).`);
    const markdown = [
      `A ${TURNS}-turn stored conversation (turn 1 calls one tool, the others answer ~80 words) through the SDK to the emulator, with every tool schema in front of the model vs deferred behind \`tool_search\` (used from ${TOOL_SEARCH_MIN_TOOLS} function tools and MCP servers on). Input tokens are the emulator's count (≈ bytes / 4 of what the model sees; a deferred tool counts as its name and short description until a \`tool_search_result\` loads it, after which it counts whole).`,
      '',
      table(['tools', 'mode', 'requests', 'request bytes (all)', 'bytes per request', 'input tokens (all)'], rows),
      '',
      ...ratios,
      '',
      '- The emulator\'s MCP server declares no tools of its own: a real server\'s tool list, which `defer_loading` on `mcp_server` also defers, is not counted in either mode.',
      '- The request still carries each deferred definition (the server loads it on a search), plus `defer_loading` and a `short_description`: bytes on the wire grow a little; what falls is the input the model is billed for on every turn.',
    ].join('\n');
    return { title: 'Tool schemas: every schema vs tool_search + defer_loading', markdown };
  } finally {
    await emu.close();
  }
}
