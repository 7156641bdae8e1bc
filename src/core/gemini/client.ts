// The only module that imports @google/genai. The SDK is loaded on first use (dynamic import), so
// activating the extension stays cheap. Every call passes an AbortSignal; the client never sets
// `httpOptions.timeout`, which in SDK 3.x would kill long streams (stalls are detected by the caller).
import type { GoogleGenAI } from '@google/genai';

export interface ClientConfig {
  apiKey: string;
  /** Empty = Google's endpoint. */
  baseUrl?: string;
  apiVersion?: string;
}

export type WireEvent = unknown;
export type WireBody = Record<string, unknown>;

export interface UploadedFile {
  name: string;
  uri: string;
  mimeType: string;
  state: string;
  sizeBytes?: number;
  expirationTime?: string;
  error?: string;
}

/** What the conversation layer needs from the API; tests can drive it against the emulator. */
export interface InteractionsApi {
  createStream(body: WireBody, signal: AbortSignal): Promise<AsyncIterable<WireEvent>>;
  create(body: WireBody, signal?: AbortSignal): Promise<Record<string, unknown>>;
  resumeStream(id: string, lastEventId: string | undefined, signal: AbortSignal): Promise<AsyncIterable<WireEvent>>;
  get(id: string, opts?: { includeInput?: boolean; signal?: AbortSignal }): Promise<Record<string, unknown>>;
  cancel(id: string): Promise<void>;
  delete(id: string): Promise<void>;
  uploadFile(file: Blob | string, opts: { mimeType: string; displayName?: string; signal?: AbortSignal }): Promise<UploadedFile>;
  getFile(name: string, signal?: AbortSignal): Promise<UploadedFile>;
}

type Sdk = typeof import('@google/genai');
let sdkPromise: Promise<Sdk> | undefined;
/** Loads the SDK once, on first use. */
export function loadSdk(): Promise<Sdk> {
  return (sdkPromise ??= import('@google/genai'));
}

/** Retries are ours (to show "retrying in N s" and to tell a rate limit from an exhausted quota). */
const NO_RETRIES = { retries: { strategy: 'none' } } as const;

export async function createInteractionsApi(config: ClientConfig): Promise<InteractionsApi> {
  const { GoogleGenAI } = await loadSdk();
  const ai: GoogleGenAI = new GoogleGenAI({
    apiKey: config.apiKey,
    apiVersion: config.apiVersion || 'v1',
    httpOptions: config.baseUrl ? { baseUrl: config.baseUrl } : undefined,
  });
  const interactions = ai.interactions as any;

  return {
    async createStream(body, signal) {
      return interactions.create({ ...body, stream: true }, { ...NO_RETRIES, signal });
    },
    async create(body, signal) {
      const result = await interactions.create({ ...body, stream: false }, { ...NO_RETRIES, ...(signal ? { signal } : {}) });
      return stripSdkFields(result);
    },
    async resumeStream(id, lastEventId, signal) {
      return interactions.get(id, { stream: true, ...(lastEventId ? { last_event_id: lastEventId } : {}) }, { ...NO_RETRIES, signal });
    },
    async get(id, opts = {}) {
      const result = await interactions.get(id, opts.includeInput ? { include_input: true } : undefined,
        { ...NO_RETRIES, ...(opts.signal ? { signal: opts.signal } : {}) });
      return stripSdkFields(result);
    },
    async cancel(id) {
      await interactions.cancel(id, undefined, NO_RETRIES);
    },
    async delete(id) {
      await interactions.delete(id, undefined, NO_RETRIES);
    },
    async uploadFile(file, opts) {
      // SDK 3.1.0 passes `abortSignal` to the start request only, not to the chunk requests; a client
      // whose fetch carries the signal makes a cancel stop the upload between (and inside) chunks.
      // A path is read by the SDK in 8 MiB chunks, so memory stays flat whatever the file size.
      const signal = opts.signal;
      const uploader = signal ? new GoogleGenAI({
        apiKey: config.apiKey,
        apiVersion: config.apiVersion || 'v1',
        httpOptions: {
          ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
          fetch: (url: RequestInfo | URL, init?: RequestInit) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
        } as any,
      }) : ai;
      const f = await uploader.files.upload({ file, config: { mimeType: opts.mimeType, displayName: opts.displayName, ...(signal ? { abortSignal: signal } : {}) } });
      return toUploadedFile(f);
    },
    async getFile(name, signal) {
      return toUploadedFile(await ai.files.get({ name, config: signal ? { abortSignal: signal } : undefined }));
    },
  };
}

function toUploadedFile(f: any): UploadedFile {
  return {
    name: String(f?.name ?? ''),
    uri: String(f?.uri ?? ''),
    mimeType: String(f?.mimeType ?? ''),
    state: String(f?.state ?? 'STATE_UNSPECIFIED'),
    ...(f?.sizeBytes ? { sizeBytes: Number(f.sizeBytes) } : {}),
    ...(f?.expirationTime ? { expirationTime: String(f.expirationTime) } : {}),
    ...(f?.error?.message ? { error: String(f.error.message) } : {}),
  };
}

/** The SDK adds response headers and helper fields to unary results; never persist or resend them. */
function stripSdkFields(result: any): Record<string, unknown> {
  if (!result || typeof result !== 'object') return {};
  const { sdkHttpResponse: _h, output_text: _t, output_image: _i, output_audio: _a, output_video: _v, ...rest } = result;
  return rest;
}
