// Translator + reducer cost per streamed delta, at 1k and 100k characters of accumulated answer.
// The naive baseline does what freezing chat panels do: rebuild the answer string and copy the whole
// turn per delta (the cost of posting/re-rendering the whole state each time).
import { performance } from 'node:perf_hooks';
import { StreamTranslator } from '../src/core/gemini/stream/streamTranslator';
import { applyTurnEvent, newModelTurn } from '../src/core/conversation/transcript';
import type { ModelTurn } from '../src/core/conversation/types';
import { fmt, percentile, table } from './stats';

const DELTA = 'The quick brown fox jumps over the lazy dog; streaming text arrives in small pieces. '; // 84 chars
// Many short runs from a fresh prime, so the answer stays near the nominal length while measured.
const ROUNDS = 200;
const PER_ROUND = 10;
const SAMPLE = ROUNDS * PER_ROUND;

function wireDelta(text: string) {
  return { event_type: 'step.delta', index: 0, delta: { type: 'text', text } };
}

function prime(chars: number): { translator: StreamTranslator; turn: ModelTurn } {
  const translator = new StreamTranslator({ warn() {} });
  const turn = newModelTurn('t', 'gemini-3.5-flash', 0);
  const start = [
    { event_type: 'interaction.created', interaction: { id: 'v1_b', status: 'in_progress', object: 'interaction', model: 'gemini-3.5-flash' } },
    { event_type: 'step.start', index: 0, step: { type: 'model_output' } },
  ];
  for (const ev of start) for (const out of translator.feed(ev)) applyTurnEvent(turn, out);
  const big = DELTA.repeat(Math.ceil(chars / DELTA.length)).slice(0, chars);
  for (const out of translator.feed(wireDelta(big))) applyTurnEvent(turn, out);
  return { translator, turn };
}

function measureOurs(chars: number): number[] {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const { translator, turn } = prime(chars);
    for (let i = 0; i < PER_ROUND; i++) {
      const ev = wireDelta(DELTA);
      const t0 = performance.now();
      for (const out of translator.feed(ev)) applyTurnEvent(turn, out);
      times.push((performance.now() - t0) * 1000);
    }
  }
  return times;
}

function measureNaive(chars: number): number[] {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let answer = DELTA.repeat(Math.ceil(chars / DELTA.length)).slice(0, chars);
    let turn = { parts: [{ kind: 'text', text: answer }] };
    for (let i = 0; i < PER_ROUND; i++) {
      const t0 = performance.now();
      // Whole-state per delta: a fresh copy of the answer and of the turn (what a snapshot post costs).
      answer = [answer, DELTA].join('');
      turn = JSON.parse(JSON.stringify({ ...turn, parts: [{ kind: 'text', text: answer }] }));
      times.push((performance.now() - t0) * 1000);
    }
    if (!turn.parts[0].text.endsWith(DELTA)) throw new Error('naive baseline lost text');
  }
  return times;
}

export default async function run(): Promise<{ title: string; markdown: string }> {
  // Warm the JIT on both paths before measuring.
  measureOurs(1000); measureNaive(1000);
  const rows: (string | number)[][] = [];
  const p50s: Record<number, number> = {};
  for (const chars of [1_000, 100_000]) {
    const ours = measureOurs(chars).sort((a, b) => a - b);
    const naive = measureNaive(chars).sort((a, b) => a - b);
    p50s[chars] = percentile(ours, 50);
    rows.push([chars.toLocaleString('en'), fmt(percentile(ours, 50)), fmt(percentile(ours, 95)), fmt(percentile(naive, 50)), `${fmt(percentile(naive, 50) / percentile(ours, 50), 0)}×`]);
  }
  const markdown = [
    `${SAMPLE} deltas of ${DELTA.length} characters (${ROUNDS} runs of ${PER_ROUND}, each from an answer primed to the given length) fed through StreamTranslator + applyTurnEvent; µs per delta.`,
    '',
    table(['accumulated answer (chars)', 'ours p50 (µs)', 'ours p95 (µs)', 'naive whole-turn copy p50 (µs)', 'naive / ours'], rows),
    '',
    `- Cost per delta at 100k vs 1k characters: **${fmt(p50s[100_000] / p50s[1_000])}×** (target: independent of answer length, about 1×).`,
  ].join('\n');
  return { title: 'Translator + reducer cost per delta', markdown };
}
