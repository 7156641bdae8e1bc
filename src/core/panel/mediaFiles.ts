// File names for media the user saves from model output: the extension follows the MIME type.
import type { Media } from '../conversation/types';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'image/heic': 'heic', 'image/heif': 'heif',
  'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/mp3': 'mp3', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg', 'audio/flac': 'flac', 'audio/aac': 'aac',
  'audio/l16': 'pcm', 'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov', 'application/pdf': 'pdf',
};

export function extensionFor(media: Pick<Media, 'mimeType'>): string {
  const mime = media.mimeType?.toLowerCase().split(';')[0].trim() ?? '';
  return EXTENSIONS[mime] ?? (mime.split('/')[1]?.replace(/[^a-z0-9]/g, '').slice(0, 8) || 'bin');
}

/** A name for the save dialog: the part's own name (extension fixed), else gemini-<type>-<timestamp>. */
export function mediaFileName(media: Pick<Media, 'mimeType' | 'name' | 'type'>, now = new Date()): string {
  const base = media.name?.replace(/\.[^.]*$/, '').replace(/[\\/:*?"<>|]+/g, '-').trim()
    || `gemini-${media.type}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
  return `${base}.${extensionFor(media)}`;
}
