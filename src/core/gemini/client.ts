// The only module that imports @google/genai. The SDK is loaded on first use (dynamic import), so
// activating the extension stays cheap. Every call passes an AbortSignal; the client never sets
// `httpOptions.timeout`, which in SDK 3.x would kill long streams (stalls are detected by the caller).
// Two backends, one client: the Gemini API (an API key) and Google Cloud (the SDK's own `vertexai` path: project,
// location and Google's auth library, which finds the user's Application Default Credentials and refreshes tokens).
import type { GoogleGenAI, GoogleGenAIOptions } from '@google/genai';
import { createReadStream, openAsBlob } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

export interface ClientConfig {
  /** The Gemini API key; on Google Cloud, an express-mode key (then no project). */
  apiKey?: string;
  /** Empty = Google's endpoint. */
  baseUrl?: string;
  /** Gemini API only: Google Cloud uses the SDK's own version (v1beta1). */
  apiVersion?: string;
  /** Set: requests go to this Google Cloud project and location with Application Default Credentials. */
  googleCloud?: GoogleCloudTarget;
}

export interface GoogleCloudTarget {
  /** Empty with an `apiKey`: Google Cloud's express mode. */
  project?: string;
  /** Default `global`. */
  location?: string;
}

/** Thrown for what the Google Cloud backend does not offer (the Files API): the UI says so instead of failing. */
export class UnavailableOnGoogleCloudError extends Error {
  override readonly name = 'UnavailableOnGoogleCloudError';
  constructor(readonly feature: 'files') {
    super(`${feature} is not available on Google Cloud`);
  }
}

/** The SDK's constructor options for a backend and API version (never logged: they may hold a key). */
export function sdkOptions(config: ClientConfig, apiVersion: string): GoogleGenAIOptions {
  const httpOptions = config.baseUrl ? { baseUrl: config.baseUrl } : undefined;
  if (config.googleCloud) {
    const project = config.googleCloud.project?.trim() || undefined;
    // Express mode: a key and no project (the SDK then talks to aiplatform.googleapis.com without a project path).
    if (!project && config.apiKey) return { vertexai: true, apiKey: config.apiKey, httpOptions };
    // The auth library is told the project too, so it never looks it up (a Cloud Resource Manager call that
    // workload identity credentials would make with the user's token).
    return { vertexai: true, project, location: config.googleCloud.location?.trim() || 'global', httpOptions, ...(project ? { googleAuthOptions: { projectId: project } } : {}) };
  }
  return { apiKey: config.apiKey, apiVersion, httpOptions };
}

/**
 * Runs `call` with the client; on Google Cloud a 401 (the token expired or was revoked before the auth library
 * knew) builds a fresh client, whose auth library fetches a new token, and tries once more.
 */
function refreshingOn401<T>(config: ClientConfig, build: () => T): <R>(call: (client: T) => Promise<R>) => Promise<R> {
  let client = build();
  return async (call) => {
    try {
      return await call(client);
    } catch (e) {
      if (!config.googleCloud || (e as { status?: number })?.status !== 401) throw e;
      client = build();
      return call(client);
    }
  };
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

/** One model the key can use, as `models.list` / `models.get` describe it (plain, for core and the host). */
export interface ListedModel {
  /** The id without `models/` (what `model` in a request takes). */
  id: string;
  displayName: string;
  inputTokenLimit?: number;
  outputTokenLimit?: number;
  /** The API's `thinking` flag, when it sends one. */
  thinking?: boolean;
  /** supportedGenerationMethods (e.g. generateContent, countTokens). */
  methods: string[];
}

export interface ModelsApi {
  /** Every page of `GET models`. */
  listModels(signal?: AbortSignal): Promise<ListedModel[]>;
  /** `GET models/{id}`: the model that serves `id` (its `id` differs when the API reroutes it). */
  getModel(id: string, signal?: AbortSignal): Promise<ListedModel>;
}

type Sdk = typeof import('@google/genai');
let sdkPromise: Promise<Sdk> | undefined;
/** Loads the SDK once, on first use. */
export function loadSdk(): Promise<Sdk> {
  return (sdkPromise ??= import('@google/genai'));
}

/**
 * API version of the Files API calls (upload, get). SDK 3.x sends them to `v1` by default, but every Files
 * doc and every returned file `uri` says `v1beta`, so they are pinned to the documented version, whatever
 * `geminiInteractions.apiVersion` says for interactions.
 */
export const FILES_API_VERSION = 'v1beta';

/** Retries are ours (to show "retrying in N s" and to tell a rate limit from an exhausted quota). */
const NO_RETRIES = { retries: { strategy: 'none' } } as const;

export async function createInteractionsApi(config: ClientConfig): Promise<InteractionsApi> {
  const { GoogleGenAI } = await loadSdk();
  const withInteractions = refreshingOn401(config, () => new GoogleGenAI(sdkOptions(config, config.apiVersion || 'v1')).interactions as any);
  const filesAi: GoogleGenAI | undefined = config.googleCloud ? undefined : new GoogleGenAI(sdkOptions(config, FILES_API_VERSION));

  return {
    async createStream(body, signal) {
      return withInteractions((i) => i.create({ ...body, stream: true }, { ...NO_RETRIES, signal }));
    },
    async create(body, signal) {
      const result = await withInteractions((i) => i.create({ ...body, stream: false }, { ...NO_RETRIES, ...(signal ? { signal } : {}) }));
      return stripSdkFields(result);
    },
    async resumeStream(id, lastEventId, signal) {
      return withInteractions((i) => i.get(id, { stream: true, ...(lastEventId ? { last_event_id: lastEventId } : {}) }, { ...NO_RETRIES, signal }));
    },
    async get(id, opts = {}) {
      const result = await withInteractions((i) => i.get(id, opts.includeInput ? { include_input: true } : undefined,
        { ...NO_RETRIES, ...(opts.signal ? { signal: opts.signal } : {}) }));
      return stripSdkFields(result);
    },
    async cancel(id) {
      await withInteractions((i) => i.cancel(id, undefined, NO_RETRIES));
    },
    async delete(id) {
      await withInteractions((i) => i.delete(id, undefined, NO_RETRIES));
    },
    async uploadFile(file, opts) {
      // Google Cloud has no Files API (the SDK throws on files.upload with vertexai): attachments go inline there.
      if (config.googleCloud) throw new UnavailableOnGoogleCloudError('files');
      // SDK 3.1.0 passes `abortSignal` to the start request only, not to the chunk requests; a client
      // whose fetch carries the signal makes a cancel stop the upload between (and inside) chunks.
      // A local path becomes a file-backed Blob (fs.openAsBlob) that the SDK slices into 8 MiB chunks,
      // and each chunk request streams its byte range from disk (sendFileChunk). The SDK's own path
      // upload copies every chunk into fresh buffers and a Blob: ~100 MB in flight for a big video.
      // The client-level fetch also carries the signal: SDK 3.1.0 gives `abortSignal` to the start
      // request only, so without it a cancel would not stop the chunks.
      const path = typeof file === 'string' ? file : undefined;
      const source = path ? await openAsBlob(path, { type: opts.mimeType }) : file;
      const signal = opts.signal;
      const uploader = new GoogleGenAI({
        apiKey: config.apiKey,
        apiVersion: FILES_API_VERSION,
        httpOptions: {
          ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
          fetch: (url: string | URL | Request, init: RequestInit = {}) => {
            const merged = signal ? (init.signal ? AbortSignal.any([init.signal, signal]) : signal) : init.signal ?? undefined;
            if (path && init.body instanceof Blob) return sendFileChunk(String(url), init, path, merged);
            return fetch(url, { ...init, signal: merged });
          },
        } as any,
      });
      const f = await uploader.files.upload({ file: source, config: { mimeType: opts.mimeType, displayName: opts.displayName, ...(signal ? { abortSignal: signal } : {}) } });
      return toUploadedFile(f);
    },
    async getFile(name, signal) {
      if (!filesAi) throw new UnavailableOnGoogleCloudError('files');
      return toUploadedFile(await filesAi.files.get({ name, config: signal ? { abortSignal: signal } : undefined }));
    },
  };
}

export async function createModelsApi(config: ClientConfig): Promise<ModelsApi> {
  const { GoogleGenAI } = await loadSdk();
  // ModelService lives in v1beta (the v1 list lacks newer models and fields such as `thinking`). On Google Cloud
  // the SDK lists Google's publisher models (`publishers/google/models`).
  const withModels = refreshingOn401(config, () => new GoogleGenAI(sdkOptions(config, MODELS_API_VERSION)).models);
  return {
    async listModels(signal) {
      return withModels(async (models) => {
        const out: ListedModel[] = [];
        const pager = await models.list({ config: { pageSize: 1000, ...(signal ? { abortSignal: signal } : {}) } });
        for await (const m of pager) {
          const listed = toListedModel(m);
          if (listed) out.push(listed);
        }
        return out;
      });
    },
    async getModel(id, signal) {
      const m = await withModels((models) => models.get({ model: id, config: signal ? { abortSignal: signal } : undefined }));
      const listed = toListedModel(m);
      if (!listed) throw new Error(`models.get(${id}) returned no model name`);
      return listed;
    },
  };
}

export const MODELS_API_VERSION = 'v1beta';

export function toListedModel(m: any): ListedModel | undefined {
  const name = typeof m?.name === 'string' ? m.name : '';
  // Google Cloud names publisher models `publishers/google/models/<id>` and lists no methods: each serves generateContent.
  const publisher = /^publishers\/[^/]+\/models\//.test(name);
  const id = name.replace(/^publishers\/[^/]+\/models\//, '').replace(/^models\//, '');
  if (!id) return undefined;
  return {
    id,
    displayName: typeof m.displayName === 'string' && m.displayName ? m.displayName : id,
    ...(typeof m.inputTokenLimit === 'number' ? { inputTokenLimit: m.inputTokenLimit } : {}),
    ...(typeof m.outputTokenLimit === 'number' ? { outputTokenLimit: m.outputTokenLimit } : {}),
    ...(typeof m.thinking === 'boolean' ? { thinking: m.thinking } : {}),
    // The SDK renames supportedGenerationMethods to supportedActions.
    methods: Array.isArray(m.supportedActions) ? m.supportedActions.map(String) : Array.isArray(m.supportedGenerationMethods) ? m.supportedGenerationMethods.map(String) : publisher ? ['generateContent'] : [],
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

/**
 * One resumable-upload chunk whose bytes stream from the file (offset from `x-goog-upload-offset`,
 * length from the chunk Blob) through node:http with backpressure, so no chunk is ever held in memory.
 */
function sendFileChunk(url: string, init: RequestInit, path: string, signal: AbortSignal | undefined): Promise<Response> {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const offset = Number(headers['x-goog-upload-offset'] ?? 0);
  const size = (init.body as Blob).size;
  headers['content-length'] = String(size);
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: init.method ?? 'POST', headers, ...(signal ? { signal } : {}) }, (res) => {
      const body: Buffer[] = [];
      res.on('data', (c: Buffer) => body.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        const status = res.statusCode ?? 500;
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(body), { status, headers: h }));
      });
    });
    req.on('error', reject);
    if (size === 0) return void req.end();
    createReadStream(path, { start: offset, end: offset + size - 1, highWaterMark: 256 * 1024 })
      .on('error', (e) => req.destroy(e))
      .pipe(req);
  });
}
