// VS Code's language-model message parts as our own NativeMessage (and our marker as a data part).
// Parts are recognised by shape as well as by class: messages may come from another extension's copy
// of the API types, where `instanceof` fails.
import * as vscode from 'vscode';
import { decodeMarker, encodeMarker, MARKER_MIME, type ChainMarker, type NativeMessage, type NativePart } from '../../core/native/nativeChat';

const decoder = new TextDecoder();

export function markerPart(marker: ChainMarker): vscode.LanguageModelDataPart {
  return new vscode.LanguageModelDataPart(new TextEncoder().encode(encodeMarker(marker)), MARKER_MIME);
}

export function fromLanguageModelMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): NativeMessage[] {
  return messages.map((m) => ({
    role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user',
    parts: m.content.flatMap((p) => toPart(p)),
  }));
}

function toPart(p: unknown): NativePart[] {
  if (!p || typeof p !== 'object') return [];
  const o = p as Record<string, unknown>;
  if (p instanceof vscode.LanguageModelTextPart || (typeof o.value === 'string' && Object.keys(o).length === 1)) {
    return [{ kind: 'text', text: String(o.value) }];
  }
  if (p instanceof vscode.LanguageModelToolCallPart || (typeof o.callId === 'string' && typeof o.name === 'string' && 'input' in o)) {
    const input = o.input && typeof o.input === 'object' && !Array.isArray(o.input) ? o.input as Record<string, unknown> : {};
    return [{ kind: 'toolCall', callId: String(o.callId), name: String(o.name), input }];
  }
  if (p instanceof vscode.LanguageModelToolResultPart || (typeof o.callId === 'string' && Array.isArray(o.content))) {
    return [{ kind: 'toolResult', callId: String(o.callId), text: resultText(o.content as unknown[]) }];
  }
  if (p instanceof vscode.LanguageModelDataPart || (typeof o.mimeType === 'string' && o.data instanceof Uint8Array)) {
    return dataPart(String(o.mimeType), o.data as Uint8Array);
  }
  return [];
}

function dataPart(mimeType: string, data: Uint8Array): NativePart[] {
  if (mimeType === MARKER_MIME) {
    const marker = decodeMarker(decoder.decode(data));
    return marker ? [{ kind: 'marker', marker }] : [];
  }
  if (mimeType.startsWith('image/')) {
    return [{ kind: 'media', media: { type: 'image', mimeType, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') } }];
  }
  if (mimeType.startsWith('text/') || mimeType.includes('json')) return [{ kind: 'text', text: decoder.decode(data) }];
  // Other callers' private data parts (their own markers, cache hints) are not content.
  return [];
}

/** A tool result as the text the model reads: its text parts, and JSON for structured parts. */
function resultText(content: unknown[]): string {
  return content.map((c) => {
    if (!c || typeof c !== 'object') return '';
    const o = c as Record<string, unknown>;
    if (typeof o.value === 'string') return o.value;
    if (typeof o.mimeType === 'string' && o.data instanceof Uint8Array) {
      return o.mimeType.startsWith('text/') || o.mimeType.includes('json') ? decoder.decode(o.data) : `[${o.mimeType} data]`;
    }
    if ('value' in o) return JSON.stringify(o.value);
    return '';
  }).filter(Boolean).join('\n');
}
