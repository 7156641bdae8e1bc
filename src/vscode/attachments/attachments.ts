// Attachments between the composer and a sent message: the host keeps the draft attachments (the
// webview shows chips), checks each file when it is added, and at send time reads and uploads them
// (cancellable progress) and sends the message. When anything fails, nothing is sent and the question
// with its attachments goes back into the composer. A file whose real place is outside the workspace (a
// link that leads out, or any such file the chat view names) is sent only after a question that names
// where it leads (linkCheck.ts); the view may name only files (file: and the workspace folders' schemes).
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { typeForUrl } from '../../core/attachments/content';
import { decideDroppedUri } from '../../core/attachments/droppedUris';
import { formatBytes } from '../../core/util/bytes';
import type { InputPart, Logger, UserAttachment } from '../../core/conversation/types';
import { escapeName, fileMessage, type PreparedAttachment } from '../../core/editor/prompts';
import type { AttachResult, DraftAttachment, HostToWebview, WebviewRequest, WebviewToHost } from '../../core/panel/protocol';
import { UploadCache, uploadForUse, UploadError } from '../../core/attachments/uploads';
import type { InteractionsApi } from '../../core/gemini/client';
import { pickMention } from '../mentions/mentionPicker';
import { outsideTarget, workspaceRealRoots, type OutsideTarget } from './linkCheck';
import { AttachmentProblem, inspect, prepare, readLimits, type AttachmentSource, type Inspected } from './readFiles';
import type { CommandHandlers, RequestHandlers } from '../panel/router';
import { readBackend } from '../settings/backendSettings';

export interface OutgoingMessage {
  /** The file asked about, as a URI string (where Apply to file goes). */
  source?: string;
  parts: InputPart[];
  text: string;
  attachments?: UserAttachment[];
}

/** What attachments need from the chat: send, talk to the webview, and an API client for uploads. */
export interface ChatSink {
  send(message: OutgoingMessage): Promise<boolean>;
  post(m: HostToWebview): void;
  reveal(): Promise<void>;
  uploadApi(): Promise<{ api: InteractionsApi; scope: string }>;
}

export interface SendOptions {
  /** Automation (tests): answer the "send the first part?" question without a dialog. */
  sendFirstPart?: boolean;
  /** Automation (tests): answer the untrusted-workspace question without a dialog. */
  sendUntrusted?: boolean;
}

export interface SendResult {
  sent: boolean;
  /** Why nothing was sent (also shown to the user). */
  problem?: string;
  reason?: string;
}

export type AttachRequest = Exclude<WebviewRequest, { type: 'saveMedia' | 'loadMedia' | 'historySearchText' }>;

interface Draft {
  draft: DraftAttachment;
  source: AttachmentSource;
}

/** Largest file the webview may hand over as base64 (bigger ones come from the Explorer or the picker). */
const MAX_WEBVIEW_DATA_BYTES = 20 * 1024 * 1024;

/** The question before a file outside the workspace is sent: the sentence, and the detail under it. */
export interface OutsideQuestion {
  message: string;
  detail: string;
}

/** A modal with Allow Once (and the dialog's Cancel): true when allowed. */
async function askOutside(q: OutsideQuestion): Promise<boolean> {
  const allow = vscode.l10n.t('Allow Once');
  return (await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, allow)) === allow;
}

export class Attachments {
  private readonly drafts = new Map<string, Draft>();
  private readonly cache: UploadCache;

  constructor(context: vscode.ExtensionContext, private readonly chat: ChatSink, private readonly log: Logger) {
    // Global: an upload belongs to the API project, not to the workspace.
    this.cache = new UploadCache(context.globalState);
  }

  /**
   * The question asked before a file outside the workspace is sent (a modal). Replaced only under a test
   * runner (testing/testHooks.ts), which answers it and records what it said.
   */
  outsideQuestion: (q: OutsideQuestion) => Promise<boolean> = askOutside;

  /** Requests to attach something: the answer is the chips to show (problems with the rest are shown as errors). */
  async request(req: AttachRequest, signal: AbortSignal): Promise<AttachResult> {
    return { attachments: (await this.attach(req, signal)).attachments };
  }

  /** As `request`, also returning the problems it showed (what was refused and why). */
  async attach(req: AttachRequest, signal: AbortSignal): Promise<{ attachments: DraftAttachment[]; problems: string[] }> {
    const problems: string[] = [];
    const sources = await this.sourcesFor(req, problems);
    const attachments = sources.length ? await this.add(sources, signal, problems) : [];
    if (problems.length && !signal.aborted) this.problem(problems.join('\n'));
    return { attachments, problems };
  }

  private async sourcesFor(req: AttachRequest, problems: string[]): Promise<AttachmentSource[]> {
    switch (req.type) {
      case 'pickAttachments': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: true, openLabel: vscode.l10n.t('Attach'), title: vscode.l10n.t('Attach files to the message'),
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        });
        return (picked ?? []).map((uri) => ({ type: 'uri', uri }));
      }
      case 'attachUris':
        return this.droppedUris(req.uris, problems);
      case 'attachData': {
        const bytes = Buffer.from(req.data, 'base64');
        const size = Math.max(bytes.length, req.sizeBytes ?? 0);
        if (size > MAX_WEBVIEW_DATA_BYTES) {
          problems.push(vscode.l10n.t('{0} is {1}: drop files this big from the Explorer or use the attach button, so they can be uploaded from disk.', req.name, formatBytes(size)));
          return [];
        }
        return [{ type: 'data', name: req.name || 'pasted-image.png', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) }];
      }
      case 'attachUrl': {
        const t = typeForUrl(req.url);
        if (!t) {
          problems.push(vscode.l10n.t('Only https links to images or PDFs can be attached by URL.'));
          return [];
        }
        return [{ type: 'url', url: req.url, kind: t.kind, mimeType: t.mimeType }];
      }
      case 'mentionFile':
        // Files, and the context mentions (@problems, @changes…) beside them.
        return pickMention();
    }
  }

  /**
   * The URIs of a drop on the chat view (the Explorer, editor tabs): files on the disk or in a workspace
   * folder's file system only. Anything else is refused, in the log and in the message shown.
   */
  private droppedUris(uris: readonly string[], problems: string[]): AttachmentSource[] {
    const folderSchemes = [...new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme))];
    const sources: AttachmentSource[] = [];
    for (const raw of uris) {
      const decision = decideDroppedUri(raw, { folderSchemes, remote: vscode.env.remoteName !== undefined });
      let uri: vscode.Uri | undefined;
      if (decision.accept) {
        try {
          uri = vscode.Uri.parse(raw, true);
        } catch {
          // not a URI after all: refused below
        }
      }
      if (!uri) {
        const shown = escapeName(raw.length > 200 ? `${raw.slice(0, 200)}…` : raw);
        const scheme = decision.accept ? '' : decision.scheme;
        const message = scheme
          ? vscode.l10n.t('Not attached: {0}. Only files on the disk or in the workspace can be attached here, not "{1}:" addresses.', shown, escapeName(scheme))
          : vscode.l10n.t('Not attached: {0} is not the address of a file.', shown);
        this.log.warn(`attach request refused (${scheme ? `scheme ${scheme}:` : 'not a URI'}): ${shown}`);
        problems.push(message);
        continue;
      }
      sources.push({ type: 'uri', uri: decision.accept && decision.asFile ? uri.with({ scheme: 'file', authority: '' }) : uri, fromView: true });
    }
    return sources;
  }

  /** Sends that carry attachments, and chips removed in the webview. */
  async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'send': {
        const ids = msg.attachments ?? [];
        const drafts = ids.map((id) => this.drafts.get(id)).filter((d): d is Draft => !!d);
        if (drafts.length < ids.length) {
          // The chips outlived the host's memory (e.g. a window reload): never send without them.
          this.problem(vscode.l10n.t('Some attachments are no longer available: attach them again, then send.'));
          this.chat.post({ type: 'draftRestore', text: msg.text, attachments: drafts.map((d) => d.draft) });
          return;
        }
        const result = await this.sendWithFiles(msg.text, drafts.map((d) => d.source), {}, drafts.map((d) => d.draft));
        if (result.sent) for (const id of ids) this.drafts.delete(id);
        return;
      }
      case 'removeAttachment':
        this.drafts.delete(msg.id);
        return;
    }
  }

  /** Checks sources and keeps the good ones as drafts; adds what is wrong with the others to `problems`. Cancelled: keeps none. */
  private async add(sources: AttachmentSource[], signal: AbortSignal, problems: string[]): Promise<DraftAttachment[]> {
    const added: DraftAttachment[] = [];
    for (const source of sources) {
      if (signal.aborted) break;
      try {
        await this.confirmOutside([source], 'attach');
        const info = await inspect(source, readLimits());
        // Said when the file is attached, not when the message fails: Google Cloud has no Files API.
        if (info.transport === 'upload' && readBackend().backend === 'googleCloud') {
          throw new AttachmentProblem(vscode.l10n.t('Not attached: {0} ({1}) is too large to send inline (over {2}), and Google Cloud has no Files API to upload it. Attach a smaller file, or set {3} to geminiApi to use the Files API.', info.name, formatBytes(info.sizeBytes), formatBytes(readLimits().inlineMaxBytes), 'geminiInteractions.backend'), 'tooLarge');
        }
        const draft = toDraft(info, source);
        this.drafts.set(draft.id, { draft, source });
        added.push(draft);
      } catch (e) {
        problems.push(e instanceof AttachmentProblem ? e.message : String(e));
      }
    }
    if (signal.aborted) {
      for (const d of added) this.drafts.delete(d.id);
      return [];
    }
    return added;
  }

  /**
   * Asks before a file whose real place is outside every workspace folder is read: a link in the workspace
   * that leads out (`docs/setup.md -> ~/.ssh/id_rsa`), or any such file the chat view named. The question
   * names where it really leads; allowed, the source remembers that target (one question per file, again
   * only if the link changes); declined, an AttachmentProblem says what was left out. A file the user chose
   * outside the workspace (the open dialog, an editor of a file elsewhere) is sent as chosen.
   */
  async confirmOutside(sources: readonly AttachmentSource[], stage: 'attach' | 'send'): Promise<void> {
    const roots = await workspaceRealRoots();
    for (const source of sources) {
      if (source.type !== 'uri') continue;
      const target = await this.unconfirmedTarget(source, roots);
      if (!target) continue;
      const shown = escapeName(source.uri.scheme === 'file' && !target.writtenInside ? source.uri.fsPath : vscode.workspace.asRelativePath(source.uri, false));
      const real = escapeName(target.real);
      const question: OutsideQuestion = target.writtenInside
        ? {
          message: vscode.l10n.t('{0} is a link to {1}, outside the workspace. Send that file to Gemini (Google)?', shown, real),
          detail: vscode.l10n.t('A link in the workspace can lead anywhere on your disk. Allow it only if you mean to send that file.'),
        }
        : {
          message: vscode.l10n.t('{0} is outside the workspace. Send it to Gemini (Google)?', real),
          detail: vscode.l10n.t('It was dropped on the chat view. Allow it only if you mean to send this file.'),
        };
      if (!(await this.outsideQuestion(question))) {
        const message = !target.writtenInside
          ? (stage === 'attach' ? vscode.l10n.t('Not attached: {0} is outside the workspace.', real) : vscode.l10n.t('Not sent: {0} is outside the workspace.', real))
          : stage === 'attach'
            ? vscode.l10n.t('Not attached: {0} leads outside the workspace, to {1}.', shown, real)
            : vscode.l10n.t('Not sent: {0} leads outside the workspace, to {1}.', shown, real);
        this.log.warn(`${stage === 'attach' ? 'not attached' : 'not sent'}: ${shown} leads outside the workspace (${real}); the user declined`);
        throw new AttachmentProblem(message, 'outside');
      }
      source.allowedTarget = target.real;
      this.log.info(`${shown} leads outside the workspace (${real}); allowed once`);
    }
  }

  /** Where a source leads outside the workspace when that needs the user's word (not asked yet, or the link changed). */
  private async unconfirmedTarget(source: Extract<AttachmentSource, { type: 'uri' }>, roots: readonly string[]): Promise<OutsideTarget | undefined> {
    const target = await outsideTarget(source.uri, roots);
    if (!target || (!target.writtenInside && !source.fromView) || source.allowedTarget === target.real) return undefined;
    return target;
  }

  /**
   * Reads, uploads and sends. On any problem nothing is sent; the question and the attachments go back
   * into the composer (as drafts) so the user can fix or retry without retyping.
   */
  async sendWithFiles(question: string, sources: AttachmentSource[], opts: SendOptions = {}, drafts?: DraftAttachment[]): Promise<SendResult> {
    const restore = async (problem: AttachmentProblem | Error): Promise<SendResult> => {
      const keep = drafts ?? await this.registerDrafts(sources);
      this.chat.post({ type: 'draftRestore', text: question, attachments: keep });
      const reason = problem instanceof AttachmentProblem ? problem.reason : 'error';
      if (reason !== 'cancelled' && reason !== 'declined') this.problem(problem.message);
      this.log.warn(`attachments not sent (${reason}): ${problem.message}`);
      return { sent: false, problem: problem.message, reason };
    };
    try {
      const message = fileMessage(question, await this.prepareFiles(sources, opts));
      // One workspace file asked about: Apply to file on the answer's code goes back to it.
      const only = sources.length === 1 && sources[0]!.type === 'uri' ? sources[0]!.uri : undefined;
      const source = only && vscode.workspace.getWorkspaceFolder(only) ? only.toString() : undefined;
      const sent = await this.chat.send(source ? { ...message, source } : message);
      return sent ? { sent } : restore(new AttachmentProblem(vscode.l10n.t('The message was not sent.'), 'declined'));
    } catch (e) {
      return restore(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Checks, reads and (when big) uploads files for a message, as the panel sends them; the native chat's
   * references go through here too. Throws an AttachmentProblem that says what is wrong.
   */
  async prepareFiles(sources: AttachmentSource[], opts: SendOptions = {}): Promise<PreparedAttachment[]> {
    if (!(await this.trusted(sources, opts))) {
      throw new AttachmentProblem(vscode.l10n.t('Not sent: this workspace is not trusted and you chose not to send its files.'), 'declined');
    }
    await this.confirmOutside(sources, 'send');
    // Every file is checked before anything is uploaded, so a bad third file wastes no upload.
    for (const source of sources) await inspect(source, readLimits());
    const prepared: PreparedAttachment[] = [];
    for (const source of sources) {
      prepared.push(await prepare(source, {
        limits: readLimits(),
        confirmFirstPart: (message) => this.confirmFirstPart(message, opts),
        upload: (info, src, sha256) => this.upload(info, src, sha256),
      }));
    }
    return prepared;
  }

  /** Puts sources back as drafts (chips), with their real kind when they can still be inspected. */
  private async registerDrafts(sources: AttachmentSource[]): Promise<DraftAttachment[]> {
    const out: DraftAttachment[] = [];
    const roots = await workspaceRealRoots();
    for (const source of sources) {
      // A file that leads outside the workspace and was not allowed is not put back (it was declined).
      if (source.type === 'uri' && await this.unconfirmedTarget(source, roots)) continue;
      let draft: DraftAttachment;
      try {
        draft = toDraft(await inspect(source, readLimits()), source);
      } catch {
        continue; // the message said what is wrong with it; a chip would only fail again
      }
      this.drafts.set(draft.id, { draft, source });
      out.push(draft);
    }
    return out;
  }

  private async trusted(sources: AttachmentSource[], opts: SendOptions): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const files = sources.filter((s) => s.type === 'uri' && vscode.workspace.getWorkspaceFolder(s.uri));
    // Context mentions (problems, diffs, terminal text…) come from the workspace as much as its files do.
    const mentions = sources.filter((s) => s.type === 'mention');
    if (!files.length && !mentions.length) return true;
    if (opts.sendUntrusted !== undefined) return opts.sendUntrusted;
    const send = vscode.l10n.t('Send');
    const names = [
      ...files.map((s) => vscode.workspace.asRelativePath((s as { uri: vscode.Uri }).uri, false)),
      ...mentions.map((s) => `@${(s as Extract<AttachmentSource, { type: 'mention' }>).mention.name}`),
    ];
    const choice = await vscode.window.showWarningMessage(
      mentions.length
        ? vscode.l10n.t('This workspace is not trusted. Send this content from it to Gemini (Google) anyway?')
        : files.length === 1
          ? vscode.l10n.t('This workspace is not trusted. Send this file to Gemini (Google) anyway?')
          : vscode.l10n.t('This workspace is not trusted. Send these {0} files to Gemini (Google) anyway?', files.length),
      { modal: true, detail: names.join('\n') },
      send,
    );
    return choice === send;
  }

  private async confirmFirstPart(message: string, opts: SendOptions): Promise<boolean> {
    if (opts.sendFirstPart !== undefined) return opts.sendFirstPart;
    const sendFirst = vscode.l10n.t('Send First Part');
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: vscode.l10n.t('Send only the first part of the file that fits?') }, sendFirst);
    return choice === sendFirst;
  }

  private async upload(info: Inspected, source: string | Blob, sha256: string): Promise<{ uri: string; mimeType: string }> {
    let ready: { api: InteractionsApi; scope: string };
    try {
      ready = await this.chat.uploadApi();
    } catch (e) {
      throw new AttachmentProblem(vscode.l10n.t('Cannot upload {0}: {1}', info.name, e instanceof Error ? e.message : String(e)), 'uploadFailed');
    }
    return vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: `Gemini: ${info.name} (${formatBytes(info.sizeBytes)})`,
      cancellable: true,
    }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        return await uploadForUse(ready.api, this.cache, {
          source, mimeType: info.mimeType, displayName: info.name, sha256, scope: ready.scope, signal: controller.signal,
          onStage: (stage) => progress.report({ message: stage === 'uploading' ? vscode.l10n.t('uploading…') : stage === 'processing' ? vscode.l10n.t('waiting until Gemini has processed it…') : vscode.l10n.t('already uploaded') }),
        });
      } catch (e) {
        if (e instanceof UploadError) {
          throw new AttachmentProblem(e.cancelled ? vscode.l10n.t('The upload of {0} was cancelled; the message was not sent.', info.name) : vscode.l10n.t('{0} The message was not sent.', e.message), e.cancelled ? 'cancelled' : 'uploadFailed');
        }
        throw e;
      }
    });
  }

  private problem(message: string): void {
    this.chat.post({ type: 'error', message });
    void vscode.window.showErrorMessage(message);
  }
}

function toDraft(info: Inspected, source: AttachmentSource): DraftAttachment {
  return {
    id: randomUUID(), name: info.name, kind: info.kind, mimeType: info.kind === 'text' ? `text/x-${info.languageId ?? 'plaintext'}` : info.mimeType,
    sizeBytes: info.sizeBytes, source: source.type === 'uri' ? 'file' : source.type,
    ...(source.type === 'mention' ? { mention: source.mention.kind, detail: source.mention.detail } : {}),
  };
}

/** The composer's attachment messages: a removed chip, and the requests that add chips. */
export function attachmentHandlers(attachments: Attachments): Pick<CommandHandlers, 'removeAttachment'> {
  return { removeAttachment: (m) => attachments.handle(m) };
}

export function attachmentRequests(attachments: Attachments): Pick<RequestHandlers, AttachRequest['type']> {
  const request = (r: AttachRequest, signal: AbortSignal) => attachments.request(r, signal);
  return { pickAttachments: request, attachUris: request, attachData: request, attachUrl: request, mentionFile: request };
}
