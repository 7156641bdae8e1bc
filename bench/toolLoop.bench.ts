// Request bytes of a workspace-tool loop (10 rounds of read_file in one message) through the real SDK to
// the emulator: stateful rounds send only the new function_result, stateless rounds resend the whole
// timeline (the naive baseline). Also the effect of the tool-result size limit on a 500 KB file.
import { startEmulator } from '../test/emulator/server';
import { createInteractionsApi } from '../src/core/gemini/client';
import { Conversation } from '../src/core/conversation/conversation';
import type { ConversationData, FunctionOutcome, TurnSettings } from '../src/core/conversation/types';
import { WORKSPACE_TOOLS, limitResult } from '../src/core/tools/workspaceTools';
import { table } from './stats';

const ROUNDS = 10;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const fileText = (kb: number) => Array.from({ length: kb * 16 }, (_, i) => `line ${i}: ${'x'.repeat(52)}`).join('\n');

export default async function run(): Promise<{ title: string; markdown: string }> {
  const emu = await startEmulator();
  try {
    const api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    async function loop(store: boolean, result: () => FunctionOutcome, rounds: number): Promise<number[]> {
      emu.reset();
      emu.queueScenario(Array.from({ length: rounds }, () => ({ name: 'function_call', function: 'read_file' })));
      const settings: TurnSettings = { model: 'gemini-3.5-flash', store, tools: { functions: [...WORKSPACE_TOOLS] } };
      const data: ConversationData = { id: `bench-${store}`, title: '', createdAt: 0, updatedAt: 0, turns: [] };
      const conv = new Conversation(data, {
        api: async () => api, settings: () => settings, save: async () => undefined, log: quiet, maxToolRounds: 50,
        listener: { started() {}, event() {}, notice() {}, finished() {} },
        tools: { run: async (_t, calls) => calls.map(result) },
      });
      const turn = await conv.send([{ kind: 'text', text: 'Read the parser files one by one and explain them.' }]);
      if (turn.state !== 'done') throw new Error(`loop ended ${turn.state}: ${turn.error?.message}`);
      return emu.requests().filter((r) => r.op === 'create').map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    }
    const small = fileText(4); // ~4 KB per read
    const stateful = await loop(true, () => ({ result: limitResult(small) }), ROUNDS);
    const stateless = await loop(false, () => ({ result: limitResult(small) }), ROUNDS);
    const rows = [2, 5, 11].map((r) => [r, stateful[r - 1], stateless[r - 1], `${(stateless[r - 1] / stateful[r - 1]).toFixed(1)}×`]);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

    const big = fileText(500); // ~500 KB file
    const naive = await loop(true, () => ({ result: big }), 1);
    const limited = await loop(true, () => ({ result: limitResult(big) }), 1);
    return {
      title: 'Workspace tool loop: request bytes per round, and the result size limit',
      markdown: [
        `One message, ${ROUNDS} rounds of \`read_file\` (~4 KB result each), through the SDK to the emulator; bytes of each create body (round 1 is the user message).`,
        '',
        table(['request', 'stateful (bytes)', 'stateless, full timeline (bytes)', 'stateless / stateful'], rows),
        '',
        `- Whole loop: stateful ${(sum(stateful) / 1024).toFixed(1)} KiB vs stateless ${(sum(stateless) / 1024).toFixed(1)} KiB (${(sum(stateless) / sum(stateful)).toFixed(1)}× more).`,
        `- A ~500 KB file read: function_result request ${(naive[1] / 1024).toFixed(1)} KiB unlimited (naive) vs ${(limited[1] / 1024).toFixed(1)} KiB with the 20,000-character limit and its truncation note (${(naive[1] / limited[1]).toFixed(1)}× smaller).`,
      ].join('\n'),
    };
  } finally {
    await emu.close();
  }
}
