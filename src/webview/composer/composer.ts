// The message box: Enter sends, Shift+Enter adds a line, Up recalls the last message; Send and Stop.
// Attachments: the attach button (file picker in the host), files dropped from the Explorer or the OS,
// a pasted image, a pasted https link to an image/PDF (offered as an attachment by URL), and `@` (the
// host's fuzzy workspace file picker, with the context mentions @problems, @changes… beside the files). They show as chips until sent; the host keeps the files.
import { typeForUrl } from '../../core/attachments/content';
import type { DraftAttachment, WebviewRequest } from '../../core/panel/protocol';
import { button, el } from '../shared/dom';
import { post, request, saveUiState, uiState } from '../shared/host';
import { formatSize, t } from '../shared/i18n';

type AttachRequest = Exclude<WebviewRequest, { type: 'saveMedia' | 'loadMedia' | 'historySearchText' }>;

/** A request that is still being checked shows as a chip only after this long (no flash for quick ones). */
const PENDING_CHIP_DELAY_MS = 200;

const KIND_ICONS: Record<DraftAttachment['kind'], string> = {
  text: 'codicon-file-code', image: 'codicon-file-media', audio: 'codicon-unmute', video: 'codicon-device-camera-video', document: 'codicon-file-pdf',
};

/** Context mentions (@problems…) show what they hold rather than a file type. */
const MENTION_ICONS: Record<NonNullable<DraftAttachment['mention']>, string> = {
  problems: 'codicon-warning', selection: 'codicon-selection', folder: 'codicon-folder', changes: 'codicon-git-compare', terminal: 'codicon-terminal',
};

export class Composer {
  readonly element: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly attachButton: HTMLButtonElement;
  private readonly chips: HTMLElement;
  private readonly offer: HTMLElement;
  private attachments: DraftAttachment[];
  private lastSent = '';
  private busy = false;
  /** Where the `@` that opened the file picker was typed. */
  private mentionAt: number | undefined;
  /** Chips of attach requests the host is still answering. */
  private pendingChips: HTMLElement[] = [];

  constructor(private readonly handlers: { send(text: string, attachments: string[]): void; stop(): void; problem(message: string): void }) {
    this.element = el('form', 'composer');
    this.element.setAttribute('aria-label', t('composer.label'));
    this.chips = el('div', 'attachments');
    this.chips.setAttribute('role', 'list');
    this.chips.setAttribute('aria-label', t('composer.chips'));
    this.offer = el('div', 'attach-offer');
    this.offer.setAttribute('role', 'group');
    this.offer.hidden = true;
    this.input = document.createElement('textarea');
    this.input.className = 'input';
    this.input.rows = 3;
    this.input.placeholder = t('composer.placeholder');
    this.input.setAttribute('aria-label', t('composer.input'));
    const buttons = el('div', 'buttons');
    const attach = this.attachButton = button(t('composer.attach'), 'attach', 'codicon-attach');
    attach.classList.add('secondary');
    attach.addEventListener('click', () => void this.attach({ type: 'pickAttachments' }));
    const spacer = el('span', 'spacer');
    this.sendButton = button(t('composer.send'), 'send', 'codicon-send');
    this.sendButton.type = 'submit';
    this.stopButton = button(t('composer.stop'), 'stop', 'codicon-debug-stop');
    this.stopButton.hidden = true;
    buttons.append(attach, spacer, this.stopButton, this.sendButton);
    this.element.append(this.chips, this.offer, this.input, buttons);

    const saved = uiState();
    this.input.value = saved.draft;
    this.attachments = saved.attachments ?? [];
    this.renderChips();

    this.input.addEventListener('input', (e) => {
      this.saveDraft();
      this.maybeMention(e as InputEvent);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      } else if (e.key === 'ArrowUp' && this.input.value === '' && this.lastSent) {
        e.preventDefault();
        this.input.value = this.lastSent;
      }
    });
    this.input.addEventListener('paste', (e) => this.onPaste(e));
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.stopButton.addEventListener('click', () => this.handlers.stop());
    this.listenForDrops(document.body);
  }

  /** A control beside the message box, after Attach (the mode control). */
  addControl(control: HTMLElement): void {
    this.attachButton.after(control);
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.disabled = busy;
  }

  focus(): void {
    this.input.focus();
  }

  /**
   * Asks the host to attach something and shows the chips it accepted. While the host checks named
   * files, a pending chip (after a moment) says so and can cancel the request.
   */
  private async attach(req: AttachRequest, names: string[] = []): Promise<void> {
    const pending = request(req);
    let chip: HTMLElement | undefined;
    const timer = names.length ? setTimeout(() => {
      chip = this.pendingChip(names.join(', '), () => pending.cancel());
      this.pendingChips.push(chip);
      this.renderChips();
    }, PENDING_CHIP_DELAY_MS) : undefined;
    const outcome = await pending.outcome;
    clearTimeout(timer);
    if (chip) {
      this.pendingChips = this.pendingChips.filter((c) => c !== chip);
      this.renderChips();
    }
    if ('result' in outcome) this.addAttachments(outcome.result.attachments, req.type === 'mentionFile');
    else {
      if (req.type === 'mentionFile') this.mentionAt = undefined;
      if ('error' in outcome) this.handlers.problem(outcome.error);
      else this.input.focus();
    }
  }

  private pendingChip(label: string, cancel: () => void): HTMLElement {
    const chip = el('div', 'chip pending');
    chip.setAttribute('role', 'listitem');
    chip.setAttribute('aria-busy', 'true');
    chip.setAttribute('aria-label', t('composer.attachingLabel', label));
    const icon = el('span', 'codicon codicon-loading codicon-modifier-spin');
    icon.setAttribute('aria-hidden', 'true');
    const name = el('span', 'chip-name');
    name.textContent = label;
    const meta = el('span', 'chip-meta');
    meta.textContent = t('composer.attaching');
    const stop = button(t('composer.cancelAttaching', label), 'chip-remove', 'codicon-close');
    stop.addEventListener('click', () => {
      cancel();
      this.input.focus();
    });
    chip.append(icon, name, meta, stop);
    return chip;
  }

  /** The host accepted attachments: show them as chips (an `@` that asked for them becomes `@name`). */
  addAttachments(list: DraftAttachment[], viaMention = false): void {
    const known = new Set(this.attachments.map((a) => a.id));
    this.attachments.push(...list.filter((a) => !known.has(a.id)));
    if (viaMention && this.mentionAt !== undefined && this.input.value[this.mentionAt] === '@') {
      const v = this.input.value;
      const names = list.map((a) => `@${a.name}`).join(' ');
      this.input.value = `${v.slice(0, this.mentionAt)}${names} ${v.slice(this.mentionAt + 1)}`;
      const caret = this.mentionAt + names.length + 1;
      this.input.setSelectionRange(caret, caret);
    }
    this.mentionAt = undefined;
    this.renderChips();
    this.saveDraft();
    this.input.focus();
  }

  /** A send that did not happen: the text and the attachments come back (nothing typed since is lost). */
  restoreDraft(text: string, list: DraftAttachment[]): void {
    const current = this.input.value.trim();
    if (!current) this.input.value = text;
    else if (text.trim() && current !== text.trim()) this.input.value = `${text}\n${this.input.value}`;
    this.addAttachments(list);
  }

  private submit(): void {
    const text = this.input.value;
    if ((!text.trim() && !this.attachments.length) || this.busy) return;
    this.lastSent = text;
    const ids = this.attachments.map((a) => a.id);
    this.input.value = '';
    this.attachments = [];
    this.renderChips();
    this.saveDraft();
    this.handlers.send(text, ids);
  }

  private saveDraft(): void {
    saveUiState({ draft: this.input.value, attachments: this.attachments });
  }

  private renderChips(): void {
    this.chips.replaceChildren(...this.attachments.map((a) => this.chip(a)), ...this.pendingChips);
    this.chips.hidden = this.attachments.length === 0 && this.pendingChips.length === 0;
  }

  private chip(a: DraftAttachment): HTMLElement {
    const chip = el('div', `chip ${a.kind}${a.mention ? ` mention ${a.mention}` : ''}`);
    chip.setAttribute('role', 'listitem');
    const type = a.kind === 'text' ? t('composer.chipText') : a.mimeType;
    const size = a.sizeBytes ? formatSize(a.sizeBytes) : a.source === 'url' ? t('composer.chipLink') : '';
    chip.title = `${a.name} — ${a.detail ?? type}${size ? `, ${size}` : ''}`;
    chip.setAttribute('aria-label', chip.title);
    const icon = el('span', `codicon ${a.mention ? MENTION_ICONS[a.mention] : KIND_ICONS[a.kind]}`);
    icon.setAttribute('aria-hidden', 'true');
    const name = el('span', 'chip-name');
    name.textContent = a.name;
    const meta = el('span', 'chip-meta');
    meta.textContent = [type, size].filter(Boolean).join(' · ');
    const remove = button(t('composer.remove', a.name), 'chip-remove', 'codicon-close');
    remove.addEventListener('click', () => {
      this.attachments = this.attachments.filter((x) => x.id !== a.id);
      post({ type: 'removeAttachment', id: a.id });
      this.renderChips();
      this.saveDraft();
      this.input.focus();
    });
    chip.append(icon, name, meta, remove);
    return chip;
  }

  /** `@` typed at the start or after a space opens the host's file picker. */
  private maybeMention(e: InputEvent): void {
    if (e.data !== '@') return;
    const at = this.input.selectionStart - 1;
    if (this.input.value[at] !== '@' || (at > 0 && !/\s/.test(this.input.value[at - 1]))) return;
    this.mentionAt = at;
    void this.attach({ type: 'mentionFile' });
  }

  private onPaste(e: ClipboardEvent): void {
    const data = e.clipboardData;
    if (!data) return;
    const images = [...data.files].filter((f) => f.type.startsWith('image/'));
    if (images.length) {
      e.preventDefault();
      for (const f of images) void this.attachFile(f, f.name && f.name !== 'image.png' ? f.name : `pasted-image.${f.type.split('/')[1] || 'png'}`);
      return;
    }
    const text = data.getData('text/plain').trim();
    const t = /^\S+$/.test(text) ? typeForUrl(text) : undefined;
    if (t) this.offerUrl(text, t.kind === 'image' ? 'image' : 'pdf');
  }

  /** A pasted link to an image or PDF stays text unless the user chooses to attach it by URL. */
  private offerUrl(url: string, what: 'image' | 'pdf'): void {
    this.offer.replaceChildren();
    const label = el('span');
    label.textContent = what === 'image' ? t('composer.offerImage') : t('composer.offerPdf');
    const yes = button(what === 'image' ? t('composer.attachImageUrl') : t('composer.attachPdfUrl'), 'attach-url', 'codicon-link', true);
    const no = button(t('composer.keepText'), 'keep-text', 'codicon-close', true);
    no.classList.add('secondary');
    yes.addEventListener('click', () => {
      void this.attach({ type: 'attachUrl', url }, [nameOfUrl(url)]);
      // The link is now an attachment, not text.
      const i = this.input.value.lastIndexOf(url);
      if (i >= 0) this.input.value = (this.input.value.slice(0, i) + this.input.value.slice(i + url.length)).trim();
      this.saveDraft();
      this.offer.hidden = true;
      this.input.focus();
    });
    no.addEventListener('click', () => {
      this.offer.hidden = true;
      this.input.focus();
    });
    this.offer.append(label, yes, no);
    this.offer.hidden = false;
  }

  /** Hands a file from the OS or the clipboard to the host as base64. */
  private async attachFile(file: File, name: string): Promise<void> {
    if (file.size > MAX_DATA_BYTES) {
      // Not read here: the host explains what to do instead (drop it from the Explorer or use Attach).
      return this.attach({ type: 'attachData', name, mimeType: file.type, data: '', sizeBytes: file.size });
    }
    const buf = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    return this.attach({ type: 'attachData', name, mimeType: file.type, data: btoa(bin) }, [name]);
  }

  private listenForDrops(target: HTMLElement): void {
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      this.element.classList.add('drop-target');
    });
    target.addEventListener('dragleave', () => this.element.classList.remove('drop-target'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      this.element.classList.remove('drop-target');
      const dt = e.dataTransfer;
      if (!dt) return;
      // Explorer and editor tabs give URIs; the OS gives files.
      const uriList = dt.getData('application/vnd.code.uri-list') || dt.getData('text/uri-list');
      const uris = uriList.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      if (uris.length) {
        void this.attach({ type: 'attachUris', uris }, uris.map(nameOfUrl));
        return;
      }
      for (const f of [...dt.files]) void this.attachFile(f, f.name);
    });
  }
}

/** Largest file handed over from the OS as base64 (the host says the same; bigger ones come from disk). */
const MAX_DATA_BYTES = 20 * 1024 * 1024;

/** The last path segment of a URI or URL, for a pending chip. */
function nameOfUrl(u: string): string {
  const path = u.split(/[?#]/)[0].replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try { return decodeURIComponent(last) || u; } catch { return last || u; }
}
