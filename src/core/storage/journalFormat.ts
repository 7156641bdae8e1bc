// The journal of one conversation: one JSON record per line, each prefixed by the CRC-32 of its JSON
// ("1a2b3c4d {...}\n"). Records only say what happened, so a turn costs one or two short appends.
// Parsing never throws: a torn last line (a crash mid-append) is dropped, a damaged line anywhere is
// skipped and counted, and the caller decides what to tell the user.
import type { Turn } from '../conversation/types';
import { crc32Hex } from './crc32';

export const JOURNAL_VERSION = 2;

export type JournalRecord =
  /** First line of every journal. */
  | { op: 'conversation'; v: number; id: string; createdAt: number }
  /** A user turn, or a model turn that began streaming (media replaced by references). */
  | { op: 'turnStarted'; turn: Turn }
  /** A model turn's final state and parts; also a turn changed after it finished (a resumed run). */
  | { op: 'turnFinished'; turn: Turn }
  /** A turn that left the conversation (a failed answer replaced by its retry). */
  | { op: 'turnRemoved'; turnId: string }
  | { op: 'title'; title: string }
  /** When the conversation last changed and the head of its server-side chain. */
  | { op: 'head'; updatedAt: number; lastInteractionId?: string }
  | { op: 'deleted' };

const enc = new TextEncoder();

export function encodeRecord(record: JournalRecord): string {
  const json = JSON.stringify(record);
  return `${crc32Hex(enc.encode(json))} ${json}\n`;
}

export interface ParsedLine {
  record: JournalRecord;
  /** The line as stored, newline included (compaction copies it unchanged). */
  line: string;
}

export interface ParsedJournal {
  lines: ParsedLine[];
  /** Complete lines whose checksum or JSON was bad: skipped. */
  damaged: number;
  /** Bytes after the last newline (a record torn by a crash): dropped. */
  tornBytes: number;
  /** Where the next record goes: just after the last complete line. */
  appendOffset: number;
}

const NEWLINE = 0x0a;
const dec = new TextDecoder('utf-8', { fatal: true });

export function parseJournal(bytes: Uint8Array): ParsedJournal {
  const lines: ParsedLine[] = [];
  let damaged = 0;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(NEWLINE, start);
    if (nl < 0) break;
    const parsed = parseLine(bytes.subarray(start, nl));
    if (parsed) lines.push(parsed);
    else if (nl > start) damaged++;
    start = nl + 1;
  }
  return { lines, damaged, tornBytes: bytes.length - start, appendOffset: start };
}

function parseLine(raw: Uint8Array): ParsedLine | undefined {
  let text: string;
  try { text = dec.decode(raw); } catch { return undefined; }
  if (text.length < 10 || text[8] !== ' ') return undefined;
  const json = text.slice(9);
  if (crc32Hex(enc.encode(json)) !== text.slice(0, 8)) return undefined;
  try {
    const record = JSON.parse(json) as JournalRecord;
    if (!record || typeof record !== 'object' || typeof record.op !== 'string') return undefined;
    return { record, line: `${text}\n` };
  } catch {
    return undefined;
  }
}
