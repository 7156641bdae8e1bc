// Reading attached files through vscode.workspace.fs (so remote and virtual file systems work), with a
// fast path for big local files: only their head is read to classify them, they are hashed as a stream
// and the SDK uploads them from their path in chunks, so a 500 MB video never sits in memory.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import { baseName, classify, decideSize, firstPart, SNIFF_BYTES, type ContentKind, type SizeLimits } from '../../core/attachments/content';
import type { PreparedAttachment } from '../../core/editor/prompts';
import { decodeText } from '../../core/attachments/textDecoding';
import { sha256File } from '../../core/attachments/fileHash';
import type { MentionContent } from '../../core/mentions/mentions';

export type ProblemReason = 'unsupported' | 'empty' | 'tooLarge' | 'textTooLarge' | 'unreadable' | 'directory' | 'cancelled' | 'uploadFailed' | 'declined' | 'outside';

/** A file that cannot be sent as it is, with the message to show. */
export class AttachmentProblem extends Error {
  override name = 'AttachmentProblem';
  constructor(message: string, readonly reason: ProblemReason, readonly estimatedTokens?: number) {
    super(message);
  }
}

/**
 * Where an attachment comes from: a file (any scheme), bytes from the webview (OS drop, paste), an https
 * URL, or a context mention (@problems, @changes…: text gathered when it was picked, sent with its header).
 * A file named by the chat view (a drop) is `fromView`: outside the workspace it is asked about even when
 * it is no link (the view cannot choose a file on the disk by itself). `allowedTarget`: the real path
 * outside the workspace the user allowed for this file (asked once; asked again if the link changed).
 */
export type AttachmentSource =
  | { type: 'uri'; uri: vscode.Uri; fromView?: boolean; allowedTarget?: string }
  | { type: 'mention'; mention: MentionContent }
  | { type: 'data'; name: string; bytes: Uint8Array }
  | { type: 'url'; url: string; kind: 'image' | 'document'; mimeType: string };

export interface Inspected {
  name: string;
  /** Workspace-relative path (or the name for pasted data, the URL for a link). */
  path: string;
  kind: ContentKind;
  mimeType: string;
  languageId?: string;
  sizeBytes: number;
  transport: 'inline' | 'upload' | 'url';
}

/** Hooks the caller provides: the user's consent for a first part, and the upload. */
export interface PrepareHooks {
  limits: SizeLimits;
  /** Asked when a text file is over the token budget; true sends the first part. */
  confirmFirstPart(message: string): Promise<boolean>;
  upload(file: Inspected, source: string | Blob, sha256: string): Promise<{ uri: string; mimeType: string }>;
}

export function readLimits(): SizeLimits {
  const c = vscode.workspace.getConfiguration('geminiInteractions.attachments');
  return { inlineMaxBytes: c.get<number>('inlineMaxBytes', 4 * 1024 * 1024), maxTextTokens: c.get<number>('maxTextTokens', 250_000) };
}

/** Checks a source without reading more than its head: kind, MIME type, size, inline or upload. */
export async function inspect(source: AttachmentSource, limits: SizeLimits): Promise<Inspected> {
  if (source.type === 'url') {
    const name = baseName(new URL(source.url).pathname) || source.url;
    return { name, path: source.url, kind: source.kind, mimeType: source.mimeType, sizeBytes: 0, transport: 'url' };
  }
  if (source.type === 'mention') {
    const m = source.mention;
    const size = Buffer.byteLength(m.body, 'utf8');
    if (!m.body.trim()) throw new AttachmentProblem(vscode.l10n.t('{0} is empty: there is nothing to send.', `@${m.name}`), 'empty');
    const d = decideSize(m.name, 'text', size, limits, m.body.length);
    if (!d.ok && d.reason !== 'textTooLarge') throw new AttachmentProblem(d.message, d.reason);
    return { name: m.name, path: m.name, kind: 'text', mimeType: 'text/plain', languageId: m.language, sizeBytes: size, transport: 'inline' };
  }
  const { name, path, size, head } = source.type === 'data'
    ? { name: source.name, path: source.name, size: source.bytes.length, head: source.bytes.subarray(0, SNIFF_BYTES) }
    : await statAndHead(source.uri);
  if (size === 0) throw new AttachmentProblem(vscode.l10n.t('{0} is empty (0 bytes): there is nothing to send.', name), 'empty');
  const c = classify(name, head);
  if (!c.ok) throw new AttachmentProblem(c.message, 'unsupported');
  const d = decideSize(name, c.kind, size, limits);
  if (!d.ok && d.reason !== 'textTooLarge') throw new AttachmentProblem(d.message, d.reason);
  return { name, path, kind: c.kind, mimeType: c.mimeType, ...(c.languageId ? { languageId: c.languageId } : {}), sizeBytes: size, transport: d.ok ? d.transport : 'inline' };
}

/** Reads (and if needed uploads) one source into what the message needs. */
export async function prepare(source: AttachmentSource, hooks: PrepareHooks): Promise<PreparedAttachment> {
  const info = await inspect(source, hooks.limits);
  if (source.type === 'url') {
    return { kind: info.kind as Exclude<ContentKind, 'text'>, path: info.path, name: info.name, mimeType: info.mimeType, sizeBytes: 0, uri: source.url };
  }
  if (source.type === 'mention') {
    // Same budget as a text file: over it, the user may send the first part (the header says what it is).
    const m = source.mention;
    const d = decideSize(m.name, 'text', info.sizeBytes, hooks.limits, m.body.length);
    const base = { kind: 'text' as const, path: m.name, name: m.name, languageId: m.language, sizeBytes: info.sizeBytes, header: m.header };
    if (!d.ok) {
      if (!(await hooks.confirmFirstPart(d.message))) throw new AttachmentProblem(d.message, 'textTooLarge', d.estimatedTokens);
      const part = firstPart(m.body, hooks.limits.maxTextTokens);
      return { ...base, text: part.text, truncated: { lines: part.lines, totalLines: part.totalLines } };
    }
    return { ...base, text: m.body };
  }
  if (info.kind === 'text') {
    const bytes = source.type === 'data' ? source.bytes : await readAll(source.uri, info.name);
    const { text } = decodeText(bytes);
    const d = decideSize(info.name, 'text', bytes.length, hooks.limits, text.length);
    const languageId = source.type === 'uri' ? openDocumentLanguage(source.uri) ?? info.languageId! : info.languageId!;
    if (!d.ok) {
      if (!(await hooks.confirmFirstPart(d.message))) throw new AttachmentProblem(d.message, 'textTooLarge', d.estimatedTokens);
      const part = firstPart(text, hooks.limits.maxTextTokens);
      return { kind: 'text', path: info.path, name: info.name, languageId, text: part.text, sizeBytes: bytes.length, truncated: { lines: part.lines, totalLines: part.totalLines } };
    }
    return { kind: 'text', path: info.path, name: info.name, languageId, text, sizeBytes: bytes.length };
  }
  const media = { kind: info.kind, path: info.path, name: info.name, mimeType: info.mimeType, sizeBytes: info.sizeBytes };
  if (info.transport === 'inline') {
    const bytes = source.type === 'data' ? source.bytes : await readAll(source.uri, info.name);
    return { ...media, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
  // Upload: stream a local file from disk; other file systems can only be read whole.
  let uploadSource: string | Blob;
  let sha256: string;
  if (source.type === 'uri' && source.uri.scheme === 'file') {
    uploadSource = source.uri.fsPath;
    sha256 = await hashFile(source.uri.fsPath, info.name);
  } else {
    const bytes = source.type === 'data' ? source.bytes : await readAll(source.uri, info.name);
    uploadSource = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: info.mimeType });
    sha256 = createHash('sha256').update(bytes).digest('hex');
  }
  const uploaded = await hooks.upload(info, uploadSource, sha256);
  return { ...media, uri: uploaded.uri };
}

// ---- reading ----------------------------------------------------------------------------------------

async function statAndHead(uri: vscode.Uri): Promise<{ name: string; path: string; size: number; head: Uint8Array }> {
  const name = baseName(uri.path);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    throw unreadable(name, e);
  }
  if (stat.type & vscode.FileType.Directory) {
    throw new AttachmentProblem(vscode.l10n.t('{0} is a folder. Choose files (select several in the Explorer to ask about many).', name), 'directory');
  }
  const path = uri.scheme === 'untitled' ? name : vscode.workspace.asRelativePath(uri, false);
  if (stat.size === 0) return { name, path, size: 0, head: new Uint8Array() };
  let head: Uint8Array;
  if (uri.scheme === 'file' && stat.size > SNIFF_BYTES) {
    try {
      const fh = await nodeFs.open(uri.fsPath, 'r');
      try {
        const buf = new Uint8Array(SNIFF_BYTES);
        const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
        head = buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw unreadable(name, e);
    }
  } else {
    head = (await readAll(uri, name)).subarray(0, SNIFF_BYTES);
  }
  return { name, path, size: stat.size, head };
}

async function readAll(uri: vscode.Uri, name: string): Promise<Uint8Array> {
  // An open (possibly unsaved or untitled) document is sent as the user sees it.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && (doc.isDirty || doc.isUntitled)) return new TextEncoder().encode(doc.getText());
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    throw unreadable(name, e);
  }
}

function openDocumentLanguage(uri: vscode.Uri): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId;
}

async function hashFile(path: string, name: string): Promise<string> {
  try {
    return await sha256File(path);
  } catch (e) {
    throw unreadable(name, e);
  }
}

function unreadable(name: string, e: unknown): AttachmentProblem {
  const code = (e as { code?: string })?.code ?? '';
  const why = /NoPermissions|EACCES|EPERM/.test(code) ? vscode.l10n.t('permission denied')
    : /FileNotFound|ENOENT/.test(code) ? vscode.l10n.t('it does not exist')
    : (e instanceof Error ? e.message : String(e)).replace(/^.*?:\s*/, '') || vscode.l10n.t('unknown error');
  return new AttachmentProblem(vscode.l10n.t('Cannot read {0}: {1}.', name, why), 'unreadable');
}

