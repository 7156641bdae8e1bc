// Bytes → text for attached files: UTF-8 when the bytes are valid UTF-8 (the common case, checked
// strictly), a BOM when there is one, otherwise the encoding chardet detects (Latin-1, Shift_JIS, …).
import * as chardet from 'chardet';

const LABELS: Record<string, string> = {
  'ISO-8859-1': 'windows-1252', 'ISO-8859-2': 'iso-8859-2', 'ISO-8859-5': 'iso-8859-5', 'ISO-8859-6': 'iso-8859-6',
  'ISO-8859-7': 'iso-8859-7', 'ISO-8859-8': 'iso-8859-8', 'ISO-8859-9': 'windows-1254', 'windows-1250': 'windows-1250',
  'windows-1251': 'windows-1251', 'windows-1252': 'windows-1252', 'windows-1253': 'windows-1253', 'windows-1254': 'windows-1254',
  'windows-1255': 'windows-1255', 'windows-1256': 'windows-1256', 'KOI8-R': 'koi8-r', Shift_JIS: 'shift_jis', 'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr', GB18030: 'gb18030', Big5: 'big5', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be', 'UTF-8': 'utf-8',
  'ISO-2022-JP': 'iso-2022-jp',
};

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch { /* not UTF-8: detect */ }
  const detected = chardet.detect(bytes.subarray(0, 64 * 1024));
  const label = (detected && LABELS[detected]) || 'windows-1252';
  try {
    return { text: new TextDecoder(label).decode(bytes), encoding: label };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
