// File Search stores through the SDK (`ai.fileSearchStores`, `ai.operations`): the codebase index creates a store,
// uploads each file as a document with its workspace path and content hash as metadata, waits for the upload's
// long-running operation, and deletes documents and stores. The calls live in v1beta, as the SDK's File Search
// docs and Google's File Search guide use them (FILES_API_VERSION). Errors are the SDK's, for classifyError.
import { abortableSleep } from '../util/abort';
import { FILES_API_VERSION, loadSdk, type ClientConfig } from './client';

export interface FileSearchStoreInfo {
  name: string;
  displayName?: string;
  activeDocuments: number;
  pendingDocuments: number;
  failedDocuments: number;
  sizeBytes: number;
}

export interface UploadedDocument {
  /** `fileSearchStores/…/documents/…` */
  name: string;
}

export interface FileSearchApi {
  createStore(displayName: string, signal?: AbortSignal): Promise<FileSearchStoreInfo>;
  /** Undefined when the store no longer exists (deleted elsewhere). */
  getStore(name: string, signal?: AbortSignal): Promise<FileSearchStoreInfo | undefined>;
  /** Deletes the store with its documents. */
  deleteStore(name: string, signal?: AbortSignal): Promise<void>;
  /** Uploads one document and waits for its processing to finish; throws when the operation failed. */
  upload(store: string, content: Blob, opts: { displayName: string; mimeType: string; metadata: Record<string, string>; signal?: AbortSignal }): Promise<UploadedDocument>;
  /** Deletes one document (with its chunks); a document already gone is not an error. */
  deleteDocument(name: string, signal?: AbortSignal): Promise<void>;
}

/** How long an upload's processing may take before it is given up (a stuck operation must not hang the run). */
const OPERATION_TIMEOUT_MS = 10 * 60_000;

/** `sleep`: the wait between polls of an upload's operation (ends early on Cancel). */
export async function createFileSearchApi(config: ClientConfig, sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep): Promise<FileSearchApi> {
  const { GoogleGenAI } = await loadSdk();
  const ai = new GoogleGenAI({ apiKey: config.apiKey, apiVersion: FILES_API_VERSION, httpOptions: config.baseUrl ? { baseUrl: config.baseUrl } : undefined });
  const cfg = (signal?: AbortSignal) => (signal ? { abortSignal: signal } : {});
  const notFound = (e: unknown) => (e as { status?: number })?.status === 404 || /\b404\b|not found/i.test(String((e as Error)?.message ?? ''));
  return {
    async createStore(displayName, signal) {
      return toStore(await ai.fileSearchStores.create({ config: { displayName, ...cfg(signal) } }));
    },
    async getStore(name, signal) {
      try {
        return toStore(await ai.fileSearchStores.get({ name, config: cfg(signal) }));
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async deleteStore(name, signal) {
      try {
        await ai.fileSearchStores.delete({ name, config: { force: true, ...cfg(signal) } });
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    },
    async upload(store, content, opts) {
      let op = await ai.fileSearchStores.uploadToFileSearchStore({
        fileSearchStoreName: store, file: content,
        config: {
          displayName: opts.displayName, mimeType: opts.mimeType,
          customMetadata: Object.entries(opts.metadata).map(([key, stringValue]) => ({ key, stringValue })),
          ...cfg(opts.signal),
        },
      });
      // Processing (chunking, embedding) is a long-running operation: polled with a growing wait.
      const started = Date.now();
      for (let n = 0; !op.done; n++) {
        if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('aborted', 'AbortError');
        if (Date.now() - started > OPERATION_TIMEOUT_MS) throw new Error(`Processing ${opts.displayName} did not finish within ${OPERATION_TIMEOUT_MS / 60_000} minutes.`);
        await sleep(Math.min(250 * 2 ** n, 5000), opts.signal ?? new AbortController().signal);
        op = await ai.operations.get({ operation: op, config: cfg(opts.signal) } as any) as typeof op;
      }
      if (op.error) throw new Error(`Gemini could not process ${opts.displayName}: ${String((op.error as { message?: unknown }).message ?? 'unknown error')}`);
      const name = op.response?.documentName;
      if (!name) throw new Error(`The upload of ${opts.displayName} finished without a document name.`);
      return { name };
    },
    async deleteDocument(name, signal) {
      try {
        await ai.fileSearchStores.documents.delete({ name, config: { force: true, ...cfg(signal) } });
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    },
  };
}

function toStore(s: any): FileSearchStoreInfo {
  const n = (v: unknown) => (Number.isFinite(Number(v)) ? Number(v) : 0);
  return {
    name: String(s?.name ?? ''),
    ...(typeof s?.displayName === 'string' ? { displayName: s.displayName } : {}),
    activeDocuments: n(s?.activeDocumentsCount), pendingDocuments: n(s?.pendingDocumentsCount), failedDocuments: n(s?.failedDocumentsCount), sizeBytes: n(s?.sizeBytes),
  };
}
