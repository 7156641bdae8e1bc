// The words of the prompts the extension writes for the model (Explain Selection, Improve Selection),
// in the display language: a French question gets a French answer. Pure data, picked by locale.
import { pickLocale, type Locale } from '../l10n/locale';

export interface PromptTexts {
  explainCode: string;
  explainBlock: string;
  explainSelections: string;
  /** Follows "Explain this code" + ": ". */
  explainAsk: string;
  line(n: number): string;
  lines(from: number, to: number): string;
  cell(n: number): string;
  /** The default instruction of Improve Selection (the user may edit it). */
  improveInstruction: string;
  /** How the replacement must come back (one fenced block), then a short explanation. */
  improveReply: string;
}

const en: PromptTexts = {
  explainCode: 'Explain this code',
  explainBlock: 'Explain this code (the block around the cursor)',
  explainSelections: 'Explain these code selections',
  explainAsk: 'what it does, how it works, and anything surprising.',
  line: (n) => `line ${n}`,
  lines: (a, b) => `lines ${a}-${b}`,
  cell: (n) => `cell ${n}`,
  improveInstruction: 'Improve this code',
  improveReply: 'Reply with the complete replacement for the selected code in one fenced code block (only that code, ready to\n'
    + 'replace the selection, with the same indentation), then explain the changes briefly.',
};

const fr: PromptTexts = {
  explainCode: 'Explique ce code',
  explainBlock: 'Explique ce code (le bloc autour du curseur)',
  explainSelections: 'Explique ces sélections de code',
  explainAsk: 'ce qu\'il fait, comment il fonctionne et ce qu\'il a de surprenant. Réponds en français.',
  line: (n) => `ligne ${n}`,
  lines: (a, b) => `lignes ${a} à ${b}`,
  cell: (n) => `cellule ${n}`,
  improveInstruction: 'Améliore ce code',
  improveReply: 'Réponds avec le remplacement complet du code sélectionné dans un seul bloc de code délimité (uniquement ce code, prêt à\n'
    + 'remplacer la sélection, avec la même indentation), puis explique brièvement les modifications, en français.',
};

const ptBr: PromptTexts = {
  explainCode: 'Explique este código',
  explainBlock: 'Explique este código (o bloco em volta do cursor)',
  explainSelections: 'Explique estes trechos de código selecionados',
  explainAsk: 'o que ele faz, como funciona e o que há de surpreendente. Responda em português do Brasil.',
  line: (n) => `linha ${n}`,
  lines: (a, b) => `linhas ${a} a ${b}`,
  cell: (n) => `célula ${n}`,
  improveInstruction: 'Melhore este código',
  improveReply: 'Responda com a substituição completa do código selecionado em um único bloco de código cercado (somente esse código, pronto para\n'
    + 'substituir a seleção, com a mesma indentação) e depois explique brevemente as alterações, em português do Brasil.',
};

const TABLES: Record<Locale, PromptTexts> = { en, fr, 'pt-br': ptBr };

/** The prompt words for a VS Code display language (`vscode.env.language`); English when not translated. */
export function promptTexts(language?: string): PromptTexts {
  return TABLES[pickLocale(language)];
}
