// Shared helpers for the emulator fidelity suite (not a test file itself).
import * as assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import { Emulator, startEmulator } from '../emulator/server';

// A served id (not routed): the emulator echoes it as sent. [INF facts.ts: gemini-3.6-flash]
export const MODEL = 'gemini-3.6-flash';
export const DR_AGENT = 'deep-research-preview-04-2026';

/** Starts one emulator for the enclosing `describe`, resets it before each test, and gives a real SDK client. */
export function useEmulator(): { emu: () => Emulator; ai: () => GoogleGenAI } {
  let emu: Emulator | undefined;
  let ai: GoogleGenAI | undefined;
  before(async () => {
    emu = await startEmulator({ port: 0 });
    ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: emu.url } });
  });
  beforeEach(() => emu!.reset());
  after(async () => {
    await emu?.close();
  });
  return { emu: () => emu!, ai: () => ai! };
}

/** Reads a whole SDK stream; returns the items and the error that ended it (if any). */
export async function collect(stream: AsyncIterable<unknown>): Promise<{ events: any[]; error?: any }> {
  const events: any[] = [];
  try {
    for await (const ev of stream) events.push(ev);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** Asserts that `p` rejects with an SDK API error of `status` whose message contains `text`. */
export async function expectApiError(p: Promise<unknown>, status: number, text?: string | RegExp): Promise<any> {
  try {
    await p;
  } catch (e: any) {
    assert.equal(e.status, status, `expected status ${status}, got ${e.status}: ${e.message}`);
    if (text !== undefined) {
      if (typeof text === 'string') assert.ok(String(e.message).includes(text), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(text)}`);
      else assert.match(String(e.message), text);
    }
    return e;
  }
  assert.fail(`expected an error with status ${status}`);
}

export const types = (steps: any[]) => steps.map((s) => s.type);
export const eventTypes = (events: any[]) => events.map((e) => (typeof e === 'object' && e ? e.event_type : typeof e));

/** Raw fetch against the emulator (for checks below the SDK: headers, framing). */
export async function raw(emu: Emulator, path: string, init: RequestInit & { key?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('x-goog-api-key', init.key ?? 'test-key');
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetch(`${emu.url}${path}`, { ...init, headers });
}

/** Splits an SSE body into {event, data} frames, asserting the framing rules of §8 item 13. */
export function parseSse(body: string): { event: string; data: string }[] {
  assert.ok(body.endsWith('\n\n'), 'SSE body must end with a blank line');
  return body.trimEnd().split('\n\n').map((block) => {
    const lines = block.split('\n');
    assert.equal(lines.length, 2, `frame must be exactly event: + data: lines, got ${JSON.stringify(block)}`);
    assert.ok(lines[0].startsWith('event: '));
    assert.ok(lines[1].startsWith('data: '));
    return { event: lines[0].slice(7), data: lines[1].slice(6) };
  });
}

export const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location'] },
};
export const timeTool = {
  type: 'function' as const,
  name: 'get_time',
  description: 'Current time in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
