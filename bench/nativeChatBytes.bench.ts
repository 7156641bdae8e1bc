// Request bytes per turn of a native-chat conversation (VS Code's Chat sends the whole message history
// to the provider every turn), through the provider's core (runNativeTurn) and the real SDK to the
// emulator: with the marker only the new message goes out (previous_interaction_id); without it (what a
// provider without server-side state does) the whole history is resent every turn.
import { startEmulator } from '../test/emulator/server';
import { createInteractionsApi } from '../src/core/gemini/client';
import { runNativeTurn } from '../src/core/native/nativeTurn';
import type { NativeMessage, NativePart } from '../src/core/native/nativeChat';
import type { TurnSettings } from '../src/core/conversation/types';
import { table } from './stats';

const TURNS = 50;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export default async function run(): Promise<{ title: string; markdown: string }> {
  const emu = await startEmulator();
  try {
    const api = await createInteractionsApi({ apiKey: 'test-key', baseUrl: emu.url });
    const perMode: Record<string, number[]> = {};
    for (const mode of ['marker', 'full history'] as const) {
      emu.reset();
      const settings: TurnSettings = { model: 'gemini-3.5-flash', store: true, tools: {} };
      const history: NativeMessage[] = [];
      for (let i = 1; i <= TURNS; i++) {
        // A realistic answer of ~120 words per turn, so the history grows the way a real chat grows.
        history.push({ role: 'user', parts: [{ kind: 'text', text: `#scenario:text words=120\nQuestion ${i}: how does part ${i} of the parser work?` }] });
        const parts: NativePart[] = [];
        let text = '';
        const { turn } = await runNativeTurn(history, { api: async () => api, settings, log: quiet }, (out) => {
          if (out.kind === 'text') text += out.text;
          // The caller keeps what the provider reported; the baseline drops the marker.
          if (out.kind === 'marker' && mode === 'marker') parts.push({ kind: 'marker', marker: out.marker });
        });
        if (turn.state !== 'done') throw new Error(`turn ${i} ended ${turn.state}: ${turn.error?.message}`);
        history.push({ role: 'assistant', parts: [{ kind: 'text', text }, ...parts] });
      }
      perMode[mode] = emu.requests().filter((r) => r.op === 'create').map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    }
    const at = (mode: string, turn: number) => perMode[mode][turn - 1];
    const rows = [2, 10, 25, 50].map((t) => [t, at('marker', t), at('full history', t), `${(at('full history', t) / at('marker', t)).toFixed(1)}×`]);
    const growth = (mode: string) => at(mode, 50) / at(mode, 2);
    const total = (mode: string) => perMode[mode].reduce((a, b) => a + b, 0);
    const markdown = [
      `A ${TURNS}-turn native-chat conversation through the language model provider's core and the SDK to the emulator (each answer ~120 words); bytes of each create request body.`,
      '',
      table(['turn', 'with the marker (bytes)', 'full history resent (bytes)', 'full / marker'], rows),
      '',
      `- With the marker, turn 50 / turn 2: **${growth('marker').toFixed(2)}×** (target: about 1×). Full history: ${growth('full history').toFixed(1)}×.`,
      `- Whole conversation: marker ${(total('marker') / 1024).toFixed(1)} KiB vs full history ${(total('full history') / 1024).toFixed(1)} KiB (${(total('full history') / total('marker')).toFixed(1)}× more).`,
    ].join('\n');
    return { title: 'Native chat: request bytes per turn, marker vs full history', markdown };
  } finally {
    await emu.close();
  }
}
