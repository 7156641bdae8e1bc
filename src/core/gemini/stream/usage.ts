// Wire usage → the extension's Usage (field names of both schemas), and the sum over a turn's hops: automatic
// continuation and tool rounds each report only their own.
import type { Usage } from '../../conversation/types';
import { isObject } from './wireJson';

export function translateUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  const pick = (k: string, legacy?: string) => (typeof u[k] === 'number' ? u[k] : legacy && typeof u[legacy] === 'number' ? u[legacy] : undefined);
  const usage: Usage = {};
  const set = (key: keyof Usage, v: number | undefined) => { if (v !== undefined) usage[key] = v; };
  set('input', pick('total_input_tokens', 'prompt_tokens'));
  set('output', pick('total_output_tokens', 'completion_tokens'));
  set('thought', pick('total_thought_tokens'));
  set('cached', pick('total_cached_tokens'));
  set('toolUse', pick('total_tool_use_tokens'));
  set('total', pick('total_tokens'));
  return Object.keys(usage).length ? usage : undefined;
}

/** Sums two usages counter by counter (a hop's onto the earlier hops'). */
export function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a || !b) return a ?? b;
  const out: Usage = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof Usage, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}
