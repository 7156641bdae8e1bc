// Deletes a conversation's interactions on the server when the user deletes the conversation.
import { englishMessages, type Messages } from '../l10n/coreStrings';
import type { InteractionsApi } from './client';
import { classifyError } from './errors';

/** Deletes a conversation's interactions on the server, best effort; returns what could not be deleted. */
export async function deleteInteractions(api: InteractionsApi, ids: readonly string[], m: Messages = englishMessages): Promise<{ id: string; message: string }[]> {
  const failed: { id: string; message: string }[] = [];
  for (const id of ids) {
    try {
      await api.delete(id);
    } catch (e) {
      const c = classifyError(e, m);
      // Already gone is what we wanted.
      if (c.kind !== 'notFound') failed.push({ id, message: c.message });
    }
  }
  return failed;
}
