// Request bytes per turn, stateful (previous_interaction_id) vs stateless (full history), through the
// real SDK to the emulator: with server-side state turn 50 should cost about what turn 2 costs.
import { startEmulator } from '../test/emulator/server';
import { createInteractionsApi } from '../src/core/gemini/client';
import { Conversation } from '../src/core/conversation/conversation';
import type { ConversationData, TurnSettings } from '../src/core/conversation/types';
import { table } from './stats';

const TURNS = 50;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export default async function run(): Promise<{ title: string; markdown: string }> {
  const emu = await startEmulator();
  try {
    const api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    const perMode: Record<string, number[]> = {};
    for (const store of [true, false]) {
      emu.reset();
      const settings: TurnSettings = { model: 'gemini-3.5-flash', store, tools: { codeExecution: true } };
      const data: ConversationData = { id: `bench-${store}`, title: '', createdAt: 0, updatedAt: 0, turns: [] };
      const conv = new Conversation(data, {
        api: async () => api, settings: () => settings, save: async () => undefined, log: quiet,
        listener: { started() {}, event() {}, notice() {}, finished() {} },
      });
      for (let i = 1; i <= TURNS; i++) {
        // A realistic answer of ~120 words per turn, so history grows the way a real chat grows.
        const turn = await conv.send([{ kind: 'text', text: `#scenario:text words=120\nQuestion ${i}: how does part ${i} of the parser work?` }]);
        if (turn.state !== 'done') throw new Error(`turn ${i} ended ${turn.state}: ${turn.error?.message}`);
      }
      const creates = emu.requests().filter((r) => r.op === 'create');
      perMode[store ? 'stateful' : 'stateless'] = creates.map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    }
    const at = (mode: string, turn: number) => perMode[mode][turn - 1];
    const rows = [2, 10, 25, 50].map((t) => [t, at('stateful', t), at('stateless', t), `${(at('stateless', t) / at('stateful', t)).toFixed(1)}×`]);
    const growth = (mode: string) => at(mode, 50) / at(mode, 2);
    const total = (mode: string) => perMode[mode].reduce((a, b) => a + b, 0);
    const markdown = [
      `A ${TURNS}-turn conversation through the SDK to the emulator (each answer ~120 words, code execution on); bytes of each create request body.`,
      '',
      table(['turn', 'stateful (bytes)', 'stateless, naive full history (bytes)', 'stateless / stateful'], rows),
      '',
      `- Stateful turn 50 / turn 2: **${growth('stateful').toFixed(2)}×** (target: about 1×). Stateless: ${growth('stateless').toFixed(1)}×.`,
      `- Whole conversation: stateful ${(total('stateful') / 1024).toFixed(1)} KiB vs stateless ${(total('stateless') / 1024).toFixed(1)} KiB (${(total('stateless') / total('stateful')).toFixed(1)}× more).`,
    ].join('\n');
    return { title: 'Request bytes per turn: server-side state vs full history', markdown };
  } finally {
    await emu.close();
  }
}
