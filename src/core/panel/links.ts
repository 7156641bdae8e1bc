// Which URLs from model output the host may open (after the user clicked), and what it asks first.
// Web pages and mail only: javascript:, data:, command:, vscode:, file: and everything else are never
// opened. Web links then go through VS Code's own link protection (it shows the URL). A mailto link has
// no such protection, so the host always asks, and only the address and subject survive: a body, cc or
// bcc from the model could pre-fill a message that sends your data somewhere. A link whose text looks
// like an address but points elsewhere is named as such before it opens.
// The strings the user sees are in src/core/l10n/coreStrings.ts (mail*, disguised*, linkAction).
import { englishMessages, type Messages } from '../l10n/coreStrings';

const OPENABLE = new Set(['http:', 'https:', 'mailto:']);
/** A longer subject is cut (it is only a subject). Every mail field but `to` and `subject` is dropped. */
const MAIL_SUBJECT_MAX = 200;

/** "README.md", "main.py": file names, though .md and .py are also top-level domains. */
const FILE_NAME = /^(?!www\.)[^/:?#]+\.(md|py|rs|ts|tsx|js|jsx|mjs|cjs|json|sh|txt|go|java|kt|rb|php|sql|ya?ml|html?|css|xml|toml|lock|ini|cfg|zip|gz|pdf|png|jpe?g|gif|svg|swift|cs|cpp|hpp|c|h|lua|pl|ps1|bat)$/i;


/** The URL to open, normalised (a mailto reduced to address and subject), or undefined when it must not be opened. */
export function openableUrl(raw: string): string | undefined {
  return parse(raw)?.url;
}

export interface LinkPlan {
  /** What is opened. */
  url: string;
  /** Ask first, in a modal naming the real target; open only when the user picks `action`. */
  confirm?: { message: string; detail: string; action: string };
}

/** How the host opens a clicked link with this visible text; undefined: never. */
export function planLink(raw: string, text?: string, m: Messages = englishMessages): LinkPlan | undefined {
  const p = parse(raw);
  if (!p) return undefined;
  const disguised = text !== undefined && textDisguisesTarget(text, p.url);
  const shown = oneLine(text ?? '', 200);
  if (p.mail) {
    const detail = [
      ...(p.mail.subject ? [m.t('mailSubject', p.mail.subject)] : []),
      ...(p.mail.dropped.length ? [m.t(p.mail.dropped.length > 1 ? 'mailDroppedMany' : 'mailDroppedOne', p.mail.dropped.join(', '))] : []),
      ...(disguised ? [m.t('disguisedDetail', shown, p.url)] : []),
    ].join('\n');
    return { url: p.url, confirm: { message: m.t('mailMessage', p.mail.to.join(', ')), detail, action: m.t('mailAction') } };
  }
  if (disguised) return { url: p.url, confirm: { message: m.t('disguisedMessage'), detail: m.t('disguisedDetail', shown, p.url), action: m.t('linkAction') } };
  return { url: p.url };
}

/** What opening a link needs from the editor: a modal question, and the external opener. */
export interface LinkUi {
  /** A modal warning with one action; resolves to the action when the user picked it. */
  confirm(message: string, detail: string, action: string): Promise<string | undefined>;
  open(url: string): Promise<unknown>;
}

/** Opens a clicked link from model output by its plan: refused, asked about first, or opened. */
export async function openModelLink(raw: string, text: string | undefined, ui: LinkUi, m: Messages = englishMessages): Promise<'opened' | 'declined' | 'refused'> {
  const plan = planLink(raw, text, m);
  if (!plan) return 'refused';
  if (plan.confirm && await ui.confirm(plan.confirm.message, plan.confirm.detail, plan.confirm.action) !== plan.confirm.action) return 'declined';
  await ui.open(plan.url);
  return 'opened';
}

/** The hover text of a link: the target it really opens (punycode host, mail reduced as it will be). */
export function linkTitle(raw: string): string | undefined {
  return parse(raw)?.url;
}

/**
 * Whether a link's visible text reads as a web or mail address that is not the target: "https://bank.example"
 * pointing at another host, "me@example.com" at another address. Ordinary words are no claim, so never.
 */
export function textDisguisesTarget(text: string, target: string): boolean {
  const t = text.trim();
  if (!t || /\s/.test(t)) return false;
  let claimed: URL;
  try {
    if (/^mailto:/i.test(t)) claimed = new URL(t);
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) claimed = new URL(t);
    else if (/^[^@/:]+@[^@/:]+\.[^@/:]+$/.test(t)) claimed = new URL(`mailto:${t}`);
    else if (/^([\p{L}\p{N}-]+\.)+[\p{L}]{2,}(:\d+)?([/?#]\S*)?$/u.test(t) && !FILE_NAME.test(t)) claimed = new URL(`https://${t}`);
    else return false;
  } catch {
    return false;
  }
  let real: URL;
  try { real = new URL(target); } catch { return true; }
  if ((claimed.protocol === 'mailto:') !== (real.protocol === 'mailto:')) return true;
  if (claimed.protocol === 'mailto:') {
    const addresses = (u: URL) => mailAddresses(u).map((a) => a.toLowerCase()).sort().join(',');
    return addresses(claimed) !== addresses(real);
  }
  const host = (u: URL) => u.host.toLowerCase().replace(/^www\./, '');
  if (host(claimed) !== host(real)) return true;
  // A scheme or path the text spells out must be the target's too.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t) && claimed.protocol !== real.protocol) return true;
  const path = claimed.pathname.replace(/\/$/, '') + claimed.search;
  return path !== '' && !(real.pathname + real.search).startsWith(path);
}

interface Parsed {
  url: string;
  mail?: { to: string[]; subject?: string; dropped: string[] };
}

function parse(raw: string): Parsed | undefined {
  let url: URL;
  try { url = new URL(raw.trim()); } catch { return undefined; }
  if (!OPENABLE.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:') return url.hostname ? { url: url.href } : undefined;
  const to = mailAddresses(url);
  if (!to.length) return undefined;
  const subjectRaw = url.searchParams.get('subject');
  const subject = subjectRaw ? oneLine(subjectRaw, MAIL_SUBJECT_MAX) : undefined;
  const dropped = [...new Set([...url.searchParams.keys()].map((k) => k.toLowerCase()).filter((k) => k !== 'subject' && k !== 'to'))];
  const encode = (s: string) => encodeURIComponent(s).replace(/%40/g, '@');
  return {
    url: `mailto:${to.map(encode).join(',')}${subject ? `?subject=${encodeURIComponent(subject)}` : ''}`,
    mail: { to, ...(subject ? { subject } : {}), dropped },
  };
}

/** The addresses of a mailto URL: its path and any `to` fields, decoded. */
function mailAddresses(url: URL): string[] {
  let path = url.pathname;
  try { path = decodeURIComponent(path); } catch { /* keep as written */ }
  return [path, ...url.searchParams.getAll('to')]
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => /^[^\s@<>()"]+@[^\s@<>()",]+$/.test(s));
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
