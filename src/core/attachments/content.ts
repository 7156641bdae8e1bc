// What a file becomes in a request: its kind (text, image, audio, video, document) and MIME type from
// its extension and its first bytes, and the size rules (inline base64, Files API upload, refused).
// Pure: no vscode, no SDK, so the rules are unit-tested and shared by the commands and the chat panel.
import { formatBytes } from '../util/bytes';
import { countLines } from '../util/lines';

export type ContentKind = 'text' | 'image' | 'audio' | 'video' | 'document';

/** Files API limit per file (API reference §7.4). */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;
/** Total inline request limit of the API (100 MB; 50 MB for PDFs). The default threshold stays far below. */
export const API_INLINE_LIMIT_BYTES = 50 * 1000 * 1000;
/** Default: files above this go through the Files API rather than inline base64. */
export const DEFAULT_INLINE_MAX_BYTES = 4 * 1024 * 1024;
/** Default text budget per file, in estimated tokens (the models take ~1M; leave room for the rest). */
export const DEFAULT_MAX_TEXT_TOKENS = 250_000;
/** How many leading bytes are enough to recognise every signature below and to tell text from binary. */
export const SNIFF_BYTES = 4096;

interface BinaryType {
  kind: Exclude<ContentKind, 'text'>;
  mimeType: string;
  label: string;
}

const B = (kind: BinaryType['kind'], mimeType: string, label: string): BinaryType => ({ kind, mimeType, label });

/** Every binary type the API takes (§4.1), by extension. */
const BY_EXTENSION: Record<string, BinaryType> = {
  pdf: B('document', 'application/pdf', 'PDF'),
  png: B('image', 'image/png', 'PNG'),
  jpg: B('image', 'image/jpeg', 'JPEG'),
  jpeg: B('image', 'image/jpeg', 'JPEG'),
  webp: B('image', 'image/webp', 'WebP'),
  heic: B('image', 'image/heic', 'HEIC'),
  heif: B('image', 'image/heif', 'HEIF'),
  gif: B('image', 'image/gif', 'GIF'),
  wav: B('audio', 'audio/wav', 'WAV'),
  mp3: B('audio', 'audio/mp3', 'MP3'),
  aif: B('audio', 'audio/aiff', 'AIFF'),
  aiff: B('audio', 'audio/aiff', 'AIFF'),
  aac: B('audio', 'audio/aac', 'AAC'),
  ogg: B('audio', 'audio/ogg', 'OGG'),
  oga: B('audio', 'audio/ogg', 'OGG'),
  flac: B('audio', 'audio/flac', 'FLAC'),
  mp4: B('video', 'video/mp4', 'MP4'),
  m4v: B('video', 'video/mp4', 'MP4'),
  mpeg: B('video', 'video/mpeg', 'MPEG'),
  mpg: B('video', 'video/mpeg', 'MPEG'),
  mov: B('video', 'video/mov', 'MOV'),
  avi: B('video', 'video/avi', 'AVI'),
  webm: B('video', 'video/webm', 'WebM'),
  wmv: B('video', 'video/wmv', 'WMV'),
  '3gp': B('video', 'video/3gpp', '3GPP'),
  '3gpp': B('video', 'video/3gpp', '3GPP'),
  flv: B('video', 'video/x-flv', 'FLV'),
};

/** "PDF; images: PNG, JPEG, …" for messages that say what is supported. */
export function supportedTypesText(): string {
  const groups: Record<string, Set<string>> = {};
  for (const t of Object.values(BY_EXTENSION)) (groups[t.kind] ??= new Set()).add(t.label);
  const list = (k: string) => [...(groups[k] ?? [])].join(', ');
  return `text and code files; documents: ${list('document')}; images: ${list('image')}; audio: ${list('audio')}; video: ${list('video')}`;
}

const ascii = (b: Uint8Array, at: number, s: string) => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};
const bytesAt = (b: Uint8Array, at: number, sig: number[]) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/** The type from the file's first bytes, when they carry a known signature. */
export function sniffBinaryType(head: Uint8Array): BinaryType | undefined {
  const b = head;
  if (ascii(b, 0, '%PDF-')) return BY_EXTENSION.pdf;
  if (bytesAt(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return BY_EXTENSION.png;
  if (bytesAt(b, 0, [0xff, 0xd8, 0xff])) return BY_EXTENSION.jpg;
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return BY_EXTENSION.gif;
  if (ascii(b, 0, 'RIFF')) {
    if (ascii(b, 8, 'WEBP')) return BY_EXTENSION.webp;
    if (ascii(b, 8, 'WAVE')) return BY_EXTENSION.wav;
    if (ascii(b, 8, 'AVI ')) return BY_EXTENSION.avi;
  }
  if (ascii(b, 0, 'FORM') && (ascii(b, 8, 'AIFF') || ascii(b, 8, 'AIFC'))) return BY_EXTENSION.aiff;
  if (ascii(b, 0, 'fLaC')) return BY_EXTENSION.flac;
  if (ascii(b, 0, 'OggS')) return BY_EXTENSION.ogg;
  if (ascii(b, 0, 'ID3')) return BY_EXTENSION.mp3;
  if (ascii(b, 0, 'FLV')) return BY_EXTENSION.flv;
  if (bytesAt(b, 0, [0x1a, 0x45, 0xdf, 0xa3])) return BY_EXTENSION.webm;
  if (bytesAt(b, 0, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return BY_EXTENSION.wmv;
  if (bytesAt(b, 0, [0x00, 0x00, 0x01, 0xba]) || bytesAt(b, 0, [0x00, 0x00, 0x01, 0xb3])) return BY_EXTENSION.mpeg;
  if (ascii(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    if (/^(heic|heix|hevc|hevx|heim|heis)$/.test(brand)) return BY_EXTENSION.heic;
    if (/^(mif1|msf1|heif)$/.test(brand)) return BY_EXTENSION.heif;
    if (brand === 'qt  ') return BY_EXTENSION.mov;
    if (brand.startsWith('3g')) return BY_EXTENSION['3gp'];
    return BY_EXTENSION.mp4;
  }
  // MPEG audio frame sync (11 bits set) with layer III; ADTS AAC has layer bits 00.
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) {
    if ((b[1] & 0x06) === 0x00) return BY_EXTENSION.aac;
    if ((b[1] & 0x06) === 0x02) return BY_EXTENSION.mp3;
  }
  return undefined;
}

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Text unless the head has NUL bytes or too many control characters (a UTF-16 BOM counts as text). */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  let control = 0;
  for (const c of head) {
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return control <= head.length * 0.02;
}

export type Classification =
  | { ok: true; kind: 'text'; mimeType: 'text/plain'; languageId: string }
  | { ok: true; kind: Exclude<ContentKind, 'text'>; mimeType: string; languageId?: undefined }
  | { ok: false; reason: 'unsupported'; message: string };

/**
 * What the file is. The extension decides for known media types (the content may be a stub); for the
 * rest the bytes decide: a signature means a media type, readable bytes mean text, else unsupported.
 */
export function classify(name: string, head: Uint8Array): Classification {
  const ext = extensionOf(name);
  const byExt = BY_EXTENSION[ext];
  const sniffed = byExt ? undefined : sniffBinaryType(head);
  const type = byExt ?? sniffed;
  if (type) return { ok: true, kind: type.kind, mimeType: type.mimeType };
  if (looksLikeText(head)) return { ok: true, kind: 'text', mimeType: 'text/plain', languageId: languageForExtension(ext) };
  return {
    ok: false, reason: 'unsupported',
    message: `${baseName(name)} is a binary file of a type Gemini does not read. Supported: ${supportedTypesText()}.`,
  };
}

/** Media type for a URL the user pasted (by the path's extension), if it is an image or a PDF. */
export function typeForUrl(url: string): { kind: 'image' | 'document'; mimeType: string } | undefined {
  let path: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return undefined;
    path = u.pathname;
  } catch {
    return undefined;
  }
  const t = BY_EXTENSION[extensionOf(path)];
  return t && (t.kind === 'image' || t.kind === 'document') ? { kind: t.kind, mimeType: t.mimeType } : undefined;
}

export function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1) || path;
}

// ---- size rules -------------------------------------------------------------------------------------

export interface SizeLimits {
  /** Media above this many bytes is uploaded through the Files API. */
  inlineMaxBytes: number;
  /** Text above this many estimated tokens needs the user's consent to send the first part. */
  maxTextTokens: number;
}

export type SizeDecision =
  | { ok: true; transport: 'inline' | 'upload' }
  | { ok: false; reason: 'empty' | 'tooLarge' | 'textTooLarge'; message: string; estimatedTokens?: number };

/** Rough tokens for text: the API counts about 4 characters per token for English and code. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function decideSize(name: string, kind: ContentKind, sizeBytes: number, limits: SizeLimits, textChars?: number): SizeDecision {
  const n = baseName(name);
  if (sizeBytes === 0) return { ok: false, reason: 'empty', message: `${n} is empty (0 bytes): there is nothing to send.` };
  if (sizeBytes > MAX_FILE_BYTES) {
    return { ok: false, reason: 'tooLarge', message: `${n} is ${formatBytes(sizeBytes)}: the Gemini Files API takes files up to 2 GB.` };
  }
  if (kind === 'text') {
    const tokens = estimateTokens(textChars ?? sizeBytes);
    if (tokens > limits.maxTextTokens) {
      return {
        ok: false, reason: 'textTooLarge', estimatedTokens: tokens,
        message: `${n} is about ${formatTokens(tokens)} tokens (${formatBytes(sizeBytes)}), more than the ${formatTokens(limits.maxTextTokens)}-token budget for one file.`,
      };
    }
    return { ok: true, transport: 'inline' };
  }
  return { ok: true, transport: sizeBytes > limits.inlineMaxBytes ? 'upload' : 'inline' };
}

/** The first part of a text that fits `maxTokens`, cut at a line end. */
export function firstPart(text: string, maxTokens: number): { text: string; lines: number; totalLines: number } {
  const maxChars = maxTokens * 4;
  const totalLines = countLines(text);
  if (text.length <= maxChars) return { text, lines: totalLines, totalLines };
  let cut = text.lastIndexOf('\n', maxChars);
  if (cut <= 0) cut = maxChars;
  const part = text.slice(0, cut);
  return { text: part, lines: countLines(part), totalLines };
}

function formatTokens(n: number): string {
  return n >= 1000 ? `${Math.round(n / 1000).toLocaleString('en-US')}k` : String(n);
}

/** Bytes the same file costs as inline base64 inside a JSON request (the naive path). */
export function inlineBase64Bytes(sizeBytes: number): number {
  return Math.ceil(sizeBytes / 3) * 4;
}

// ---- languages --------------------------------------------------------------------------------------

const LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', cs: 'csharp', fs: 'fsharp',
  swift: 'swift', m: 'objective-c', mm: 'objective-cpp', php: 'php', pl: 'perl', lua: 'lua', r: 'r',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', ps1: 'powershell', bat: 'bat', cmd: 'bat',
  html: 'html', htm: 'html', css: 'css', scss: 'scss', less: 'less', vue: 'vue', svelte: 'svelte',
  json: 'json', jsonc: 'jsonc', yaml: 'yaml', yml: 'yaml', toml: 'toml', xml: 'xml', svg: 'xml', ini: 'ini',
  ipynb: 'json', md: 'markdown', markdown: 'markdown', txt: 'plaintext', csv: 'csv', tsv: 'tsv', sql: 'sql',
  dockerfile: 'dockerfile', makefile: 'makefile', gradle: 'groovy', groovy: 'groovy', dart: 'dart',
  ex: 'elixir', exs: 'elixir', erl: 'erlang', hs: 'haskell', ml: 'ocaml', clj: 'clojure', zig: 'zig',
  tex: 'latex', graphql: 'graphql', proto: 'proto', tf: 'terraform',
};

export function languageForExtension(ext: string): string {
  return LANGUAGES[ext.toLowerCase()] ?? 'plaintext';
}
