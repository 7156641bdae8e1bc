// Every user-visible string about stored conversations, in one place (host and webview import it).

import { formatBytes } from '../util/bytes';

export const storageMessages = {
  diskFull: 'The conversation could not be saved: the disk is full. Everything saved before is kept; free some disk space and send again.',
  saveFailed: (reason: string) => `The conversation could not be saved (${reason}). Everything saved before is kept.`,
  recovered: (title: string, r: { skippedRecords: number; tornBytes: number; missingMedia: number }) => {
    const lost: string[] = [];
    if (r.tornBytes) lost.push('the answer that was being saved when the window closed was cut off');
    if (r.skippedRecords) lost.push(`${r.skippedRecords} damaged ${r.skippedRecords === 1 ? 'record was' : 'records were'} skipped`);
    if (r.missingMedia) lost.push(`${r.missingMedia} ${r.missingMedia === 1 ? 'image or attachment is' : 'images or attachments are'} missing`);
    return `"${title || 'New chat'}" was recovered with a loss: ${lost.join('; ')}. Everything else is kept.`;
  },
  deleteAllTitle: 'Delete all conversations of this workspace',
  deleteAllConfirm: (n: number) => `Delete all ${n} ${n === 1 ? 'conversation' : 'conversations'} of this workspace?`,
  deleteAllDetail: 'They are removed from this workspace, and their stored interactions are deleted on Google\'s servers.',
  deleteAllButton: 'Delete All',
  deleteAllNothing: 'There are no conversations in this workspace.',
  deleteAllServerFailed: (failed: number, total: number, reason: string) =>
    `All conversations were deleted here, but ${failed} of their ${total} stored interactions could not be deleted on the server (${reason}). They expire on their own after the retention period.`,
  sizeLabel: (n: number) => `${formatBytes(n)} on disk`,
};
