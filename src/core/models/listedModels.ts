// What the key's `models.list` said about each model, for this process: the API's own facts (display name, input
// and output limits, whether it thinks) win over modelFacts.ts where it gives them, in request building, VS Code's
// model picker and the meter. The host hands every listing it gets (cached a day per key, see
// vscode/models/modelCatalogue.ts) to `useListedModels`; without one (no key yet, listing failed) the facts apply.
import type { ListedModel } from '../gemini/client';

let listed = new Map<string, ListedModel>();

/** Replaces what is known from the API (undefined: forget it, e.g. the key was removed). */
export function useListedModels(models: readonly ListedModel[] | undefined): void {
  listed = new Map((models ?? []).map((m) => [m.id, m]));
}

/** The listing's entry for an id, if the last listing had it. */
export function listedModel(id: string): ListedModel | undefined {
  return listed.get(id);
}
