// File Search stores (the `file_search` tool's corpus), as @google/genai 3.6.1 calls them [SDK: dist/node/index.mjs,
// class FileSearchStores / Documents, read 2026-12-07]: `POST /v1beta/fileSearchStores` {displayName, embeddingModel?},
// `GET /v1beta/fileSearchStores[?pageSize&pageToken]` → {fileSearchStores, nextPageToken}, `GET|DELETE
// /v1beta/fileSearchStores/{id}[?force]`, the resumable upload `POST /upload/v1beta/fileSearchStores/{id}:uploadToFileSearchStore`
// (start with a JSON body {mimeType?, displayName?, customMetadata?, chunkingConfig?}, then upload/finalize; the final
// answer is a long-running operation), `GET /v1beta/{operation name}` (operations.get), and `GET|DELETE
// /v1beta/fileSearchStores/{id}/documents[/{doc}]`. Resource fields follow the SDK's FileSearchStore / Document
// types [SDK]: counts and sizes are int64 strings. Rules taken as documented by the SDK's comments: a store id is
// derived from the display name plus a 12-character suffix, at most 40 lowercase alphanumerics or dashes; deleting a
// store that holds documents without `force` is FAILED_PRECONDITION [SDK DeleteFileSearchStoreConfig.force]; so is
// deleting a document that has chunks without `force` [SDK DeleteDocumentConfig.force]. [INF] the operation name
// `fileSearchStores/{id}/upload/operations/{op}`, page sizes (default 10, at most 20) and the document name (display
// name slug plus a suffix). Retrieval for the `file_search` tool is plain term matching over lines (the service
// embeds chunks; what matters to a client is which document is cited and that the cited text is the document's).
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Clock } from './clock';
import { rpcError } from './errors';
import { isObject, type JsonObject } from './types';

export interface FileSearchConfig {
  /** The Nth operations.get of an upload's operation says done (default 1; 0 = done in the upload's answer). */
  doneAfterGets: number;
}

interface StoredDocument {
  name: string;
  displayName: string;
  mimeType: string;
  customMetadata: JsonObject[];
  text: string;
  sizeBytes: number;
  created: number;
  operation: string;
}

interface Store {
  id: string;
  displayName?: string;
  embeddingModel?: string;
  created: number;
  updated: number;
  documents: Map<string, StoredDocument>;
}

interface Operation {
  name: string;
  gets: number;
  /** The document it creates (absent when it failed). */
  document?: string;
  store: string;
  error?: JsonObject;
}

interface UploadSession {
  store: string;
  meta: JsonObject;
  mimeType: string;
  declaredSize?: number;
  chunks: Buffer[];
  received: number;
}

/** One retrieved chunk: the store and document it came from and its text (a few lines of the document). */
export interface RetrievedChunk {
  store: string;
  documentName: string;
  displayName: string;
  customMetadata: JsonObject[];
  text: string;
}

const STORE_ID = /^[a-z0-9-]{1,40}$/;
/** A document's text is kept whole only up to this size (larger ones: the first part), for retrieval. */
const KEEP_TEXT = 1024 * 1024;

const slug = (s: string, max: number) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
const suffix = () => randomBytes(8).toString('hex').slice(0, 12);

export class FileSearchService {
  private stores = new Map<string, Store>();
  private operations = new Map<string, Operation>();
  private sessions = new Map<string, UploadSession>();
  /** The next uploads' operations fail (a processing error on the service's side); set through a fault. */
  failNextOperations = 0;

  constructor(private clock: Clock, public config: FileSearchConfig) {}

  reset(): void {
    this.stores.clear();
    this.operations.clear();
    this.sessions.clear();
    this.failNextOperations = 0;
  }

  create(body: unknown): JsonObject {
    const b = isObject(body) ? body : {};
    if (b.displayName !== undefined && (typeof b.displayName !== 'string' || b.displayName.length > 512)) {
      throw rpcError(400, "Invalid value at 'display_name': at most 512 characters.");
    }
    const display = typeof b.displayName === 'string' ? b.displayName : undefined;
    const base = display ? slug(display, 27) : '';
    const id = `${base ? `${base}-` : ''}${suffix()}`;
    const now = this.clock.now();
    const store: Store = { id, displayName: display, embeddingModel: typeof b.embeddingModel === 'string' ? b.embeddingModel : undefined, created: now, updated: now, documents: new Map() };
    this.stores.set(id, store);
    return this.storeResource(store);
  }

  get(id: string): JsonObject {
    return this.storeResource(this.store(id));
  }

  list(pageSizeRaw: string | null, pageToken: string | null): JsonObject {
    const all = [...this.stores.values()].sort((a, b) => a.created - b.created);
    const { page, next } = paged(all, pageSizeRaw, pageToken);
    return { ...(page.length ? { fileSearchStores: page.map((s) => this.storeResource(s)) } : {}), ...(next ? { nextPageToken: next } : {}) };
  }

  delete(id: string, force: boolean): void {
    const s = this.store(id);
    if (s.documents.size && !force) {
      throw rpcError(400, `FileSearchStore fileSearchStores/${id} has ${s.documents.size} Documents; set force=true to delete it with them.`, undefined, {}, 'FAILED_PRECONDITION');
    }
    this.stores.delete(id);
  }

  /** `POST /upload/v1beta/fileSearchStores/{id}:uploadToFileSearchStore` with `x-goog-upload-command: start`. */
  start(storeId: string, headers: IncomingMessage['headers'], body: unknown, prefix: string): { uploadPath: string } {
    this.store(storeId);
    if (String(headers['x-goog-upload-protocol'] ?? '') !== 'resumable') throw rpcError(400, 'Only the resumable upload protocol is supported (x-goog-upload-protocol: resumable).');
    const meta = isObject(body) ? body : {};
    const mimeType = String(headers['x-goog-upload-header-content-type'] ?? meta.mimeType ?? '');
    if (!mimeType) throw rpcError(400, 'Missing mime type for the upload.');
    if (meta.customMetadata !== undefined) {
      const list = meta.customMetadata;
      if (!Array.isArray(list) || list.length > 20 || !list.every((m) => isObject(m) && typeof m.key === 'string' && m.key
        && (typeof m.stringValue === 'string' || typeof m.numericValue === 'number' || isObject(m.stringListValue)))) {
        throw rpcError(400, "Invalid value at 'custom_metadata': each entry needs a key and one of string_value, numeric_value, string_list_value (at most 20 entries).");
      }
      for (const m of list as JsonObject[]) {
        if (typeof m.stringValue === 'string' && m.stringValue.length > 256) throw rpcError(400, `Invalid value at 'custom_metadata': the value of '${String(m.key)}' is longer than 256 characters.`);
      }
    }
    const declared = headers['x-goog-upload-header-content-length'];
    const uploadId = randomBytes(12).toString('base64url');
    this.sessions.set(uploadId, { store: storeId, meta, mimeType, declaredSize: declared === undefined ? undefined : Number(declared), chunks: [], received: 0 });
    return { uploadPath: `${prefix}/upload/v1beta/fileSearchStores/${storeId}:uploadToFileSearchStore?upload_id=${uploadId}&upload_protocol=resumable` };
  }

  /** A chunk POST of an upload session; the final one answers with the operation. */
  async chunk(req: IncomingMessage, uploadId: string): Promise<{ status: 'active' | 'final' | 'cancelled'; operation?: JsonObject; received: number; bytes: number }> {
    const s = this.sessions.get(uploadId);
    if (!s) { req.resume(); throw rpcError(404, 'Upload session not found or expired.'); }
    const command = String(req.headers['x-goog-upload-command'] ?? '').split(',').map((c) => c.trim());
    if (command.includes('cancel')) { req.resume(); this.sessions.delete(uploadId); return { status: 'cancelled', received: s.received, bytes: 0 }; }
    if (command.includes('query')) { req.resume(); return { status: 'active', received: s.received, bytes: 0 }; }
    if (!command.includes('upload')) { req.resume(); throw rpcError(400, `Unsupported x-goog-upload-command '${String(req.headers['x-goog-upload-command'])}'.`); }
    const offset = Number(req.headers['x-goog-upload-offset']);
    if (!Number.isInteger(offset) || offset !== s.received) {
      req.resume();
      throw rpcError(400, `Invalid x-goog-upload-offset ${String(req.headers['x-goog-upload-offset'])}: ${s.received} bytes were received so far.`);
    }
    let bytes = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      bytes += c.length;
      if (s.received + bytes <= KEEP_TEXT) s.chunks.push(c);
    }
    s.received += bytes;
    if (!command.includes('finalize')) return { status: 'active', received: s.received, bytes };
    if (s.declaredSize !== undefined && s.declaredSize !== s.received) throw rpcError(400, `Upload size mismatch: declared ${s.declaredSize} bytes, received ${s.received}.`);
    this.sessions.delete(uploadId);
    return { status: 'final', operation: this.finish(s), received: s.received, bytes };
  }

  private finish(s: UploadSession): JsonObject {
    const store = this.store(s.store);
    const opName = `fileSearchStores/${store.id}/upload/operations/${slug(String(s.meta.displayName ?? 'document'), 24) || 'document'}-${suffix()}`;
    const op: Operation = { name: opName, gets: 0, store: store.id };
    if (this.failNextOperations > 0) {
      this.failNextOperations--;
      op.error = { code: 13, message: 'Failed to process the document (emulated processing error).' };
    } else {
      const display = typeof s.meta.displayName === 'string' && s.meta.displayName ? s.meta.displayName : `document-${suffix()}`;
      const name = `fileSearchStores/${store.id}/documents/${slug(display, 27) || 'document'}-${suffix()}`;
      const text = Buffer.concat(s.chunks).toString('utf8');
      store.documents.set(name, {
        name, displayName: display, mimeType: s.mimeType, customMetadata: Array.isArray(s.meta.customMetadata) ? s.meta.customMetadata as JsonObject[] : [],
        text, sizeBytes: s.received, created: this.clock.now(), operation: opName,
      });
      store.updated = this.clock.now();
      op.document = name;
    }
    this.operations.set(opName, op);
    return this.operationResource(op);
  }

  /** `GET /v1beta/{name}` of an upload operation. */
  getOperation(name: string): JsonObject {
    const op = this.operations.get(name);
    if (!op) throw rpcError(404, `Operation ${name} not found.`, undefined, {}, 'NOT_FOUND');
    op.gets++;
    return this.operationResource(op);
  }

  private operationDone(op: Operation): boolean {
    return op.error !== undefined || op.gets >= this.config.doneAfterGets;
  }

  private operationResource(op: Operation): JsonObject {
    const done = this.operationDone(op);
    return {
      name: op.name,
      ...(done ? { done: true } : {}),
      ...(op.error ? { error: op.error } : {}),
      ...(done && op.document ? { response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.UploadToFileSearchStoreResponse', parent: `fileSearchStores/${op.store}`, documentName: op.document } } : {}),
    };
  }

  listDocuments(storeId: string, pageSizeRaw: string | null, pageToken: string | null): JsonObject {
    const all = [...this.store(storeId).documents.values()].sort((a, b) => a.created - b.created);
    const { page, next } = paged(all, pageSizeRaw, pageToken);
    return { ...(page.length ? { documents: page.map((d) => this.documentResource(d)) } : {}), ...(next ? { nextPageToken: next } : {}) };
  }

  getDocument(storeId: string, docId: string): JsonObject {
    return this.documentResource(this.document(storeId, docId));
  }

  deleteDocument(storeId: string, docId: string, force: boolean): void {
    const d = this.document(storeId, docId);
    if (!force && d.text.length) throw rpcError(400, `Document ${d.name} has Chunks; set force=true to delete it with them.`, undefined, {}, 'FAILED_PRECONDITION');
    this.store(storeId).documents.delete(d.name);
  }

  /** What `file_search` finds in these stores for a question: the best matching lines of each document, best first. */
  retrieve(storeNames: readonly string[], query: string, topK = 5): RetrievedChunk[] {
    const terms = [...new Set(query.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? [])].filter((t) => !STOP.has(t));
    if (!terms.length) return [];
    const hits: (RetrievedChunk & { score: number })[] = [];
    for (const storeName of storeNames) {
      const store = this.stores.get(storeName.replace(/^fileSearchStores\//, ''));
      if (!store) continue;
      for (const d of store.documents.values()) {
        const lines = d.text.split('\n');
        let best = -1;
        let bestScore = 0;
        for (let i = 0; i < lines.length; i++) {
          const l = lines[i]!.toLowerCase();
          const score = terms.filter((t) => l.includes(t)).length;
          if (score > bestScore) { bestScore = score; best = i; }
        }
        if (best < 0) continue;
        // A chunk: the best line and the next two non-empty lines (what a chunker would keep together).
        const text = lines.slice(best, best + 3).join('\n').trim();
        hits.push({ store: `fileSearchStores/${store.id}`, documentName: d.name, displayName: d.displayName, customMetadata: d.customMetadata, text, score: bestScore });
      }
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, topK).map(({ score: _s, ...h }) => h);
  }

  /** Whether a store name is one of ours (the tool falls back to a generic answer for others). */
  has(storeName: string): boolean {
    return this.stores.has(storeName.replace(/^fileSearchStores\//, ''));
  }

  /** Test access: a store's documents (name, display name, metadata, size). */
  documents(storeName: string): { name: string; displayName: string; customMetadata: JsonObject[]; sizeBytes: number; sha256: string }[] {
    const s = this.stores.get(storeName.replace(/^fileSearchStores\//, ''));
    return s ? [...s.documents.values()].map((d) => ({ name: d.name, displayName: d.displayName, customMetadata: d.customMetadata, sizeBytes: d.sizeBytes, sha256: createHash('sha256').update(d.text).digest('hex') })) : [];
  }

  private store(id: string): Store {
    if (!STORE_ID.test(id)) throw rpcError(400, `Invalid FileSearchStore name 'fileSearchStores/${id}'.`);
    const s = this.stores.get(id);
    if (!s) throw rpcError(404, `FileSearchStore fileSearchStores/${id} not found.`, undefined, {}, 'NOT_FOUND');
    return s;
  }

  private document(storeId: string, docId: string): StoredDocument {
    const d = this.store(storeId).documents.get(`fileSearchStores/${storeId}/documents/${docId}`);
    if (!d) throw rpcError(404, `Document fileSearchStores/${storeId}/documents/${docId} not found.`, undefined, {}, 'NOT_FOUND');
    return d;
  }

  private storeResource(s: Store): JsonObject {
    const docs = [...s.documents.values()];
    const pending = docs.filter((d) => { const op = this.operations.get(d.operation); return op ? !this.operationDone(op) : false; }).length;
    return {
      name: `fileSearchStores/${s.id}`,
      ...(s.displayName !== undefined ? { displayName: s.displayName } : {}),
      ...(s.embeddingModel ? { embeddingModel: s.embeddingModel } : {}),
      createTime: new Date(s.created).toISOString(),
      updateTime: new Date(s.updated).toISOString(),
      activeDocumentsCount: String(docs.length - pending),
      pendingDocumentsCount: String(pending),
      failedDocumentsCount: '0',
      sizeBytes: String(docs.reduce((n, d) => n + d.sizeBytes, 0)),
    };
  }

  private documentResource(d: StoredDocument): JsonObject {
    const op = this.operations.get(d.operation);
    return {
      name: d.name, displayName: d.displayName,
      ...(d.customMetadata.length ? { customMetadata: d.customMetadata } : {}),
      updateTime: new Date(d.created).toISOString(), createTime: new Date(d.created).toISOString(),
      state: op && !this.operationDone(op) ? 'STATE_PENDING' : 'STATE_ACTIVE',
      sizeBytes: String(d.sizeBytes), mimeType: d.mimeType,
    };
  }
}

/** Common words that would match every line. */
const STOP = new Set(['the', 'and', 'for', 'where', 'what', 'how', 'does', 'this', 'that', 'with', 'are', 'our', 'you', 'handle', 'handled', 'code', 'codebase', 'project', 'which', 'file', 'files']);

function paged<T>(all: T[], pageSizeRaw: string | null, pageToken: string | null): { page: T[]; next?: string } {
  const size = pageSizeRaw === null ? 10 : Number(pageSizeRaw);
  if (!Number.isInteger(size) || size < 0) throw rpcError(400, `Invalid value at 'page_size' (TYPE_INT32), "${pageSizeRaw}"`);
  const n = Math.min(size || 10, 20);
  const start = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw rpcError(400, 'Invalid page token.');
  const page = all.slice(start, start + n);
  return { page, ...(start + n < all.length ? { next: Buffer.from(String(start + n)).toString('base64url') } : {}) };
}
