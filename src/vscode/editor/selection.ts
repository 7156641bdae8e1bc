// What Explain Selection sends from an editor: every non-empty selection in document order, or the
// innermost block around the cursor (document symbols, else folding ranges). Notebook cells are named
// by their notebook and cell number; untitled documents by their title.
import * as vscode from 'vscode';
import type { SelectionInput } from '../../core/editor/prompts';

const BLOCK_SYMBOLS = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct, vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace, vscode.SymbolKind.Object,
]);

export async function selectionFromEditor(editor: vscode.TextEditor): Promise<SelectionInput | undefined> {
  const doc = editor.document;
  const { path, cell } = locate(doc);
  const ranges = editor.selections.filter((s) => !s.isEmpty).map((s) => new vscode.Range(s.start, s.end))
    .sort((a, b) => a.start.compareTo(b.start));
  let enclosingBlock = false;
  if (!ranges.length) {
    const block = await enclosingBlockAt(doc, editor.selection.active);
    if (!block) return undefined;
    ranges.push(block);
    enclosingBlock = true;
  }
  return {
    path, languageId: doc.languageId, ...(enclosingBlock ? { enclosingBlock } : {}),
    selections: ranges.map((r) => {
      // A selection that ends at the start of a line (whole lines selected) does not include that line.
      const endLine = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
      return { startLine: r.start.line + 1, endLine: endLine + 1, text: doc.getText(r), ...(cell !== undefined ? { cell } : {}) };
    }),
  };
}

function locate(doc: vscode.TextDocument): { path: string; cell?: number } {
  if (doc.uri.scheme === 'vscode-notebook-cell') {
    for (const nb of vscode.workspace.notebookDocuments) {
      const c = nb.getCells().find((x) => x.document === doc);
      if (c) return { path: nb.isUntitled ? nb.uri.path : vscode.workspace.asRelativePath(nb.uri, false), cell: c.index + 1 };
    }
  }
  if (doc.isUntitled) return { path: doc.uri.path };
  return { path: vscode.workspace.asRelativePath(doc.uri, false) };
}

async function enclosingBlockAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Range | undefined> {
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider', doc.uri).then((x) => x, () => undefined);
  let best: vscode.Range | undefined;
  const visit = (list: (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
    for (const s of list) {
      const range = 'range' in s ? s.range : s.location.range;
      if (!range.contains(pos)) continue;
      if (BLOCK_SYMBOLS.has(s.kind) && range.start.line !== range.end.line) best = range; // deeper wins
      if ('children' in s && s.children?.length) visit(s.children);
    }
  };
  if (symbols?.length) visit(symbols);
  if (best) return wholeLines(doc, best);
  const folds = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>(
    'vscode.executeFoldingRangeProvider', doc.uri).then((x) => x, () => undefined);
  const around = (folds ?? []).filter((f) => f.start <= pos.line && pos.line <= f.end && f.kind !== vscode.FoldingRangeKind.Comment && f.kind !== vscode.FoldingRangeKind.Imports)
    .sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
  if (!around) return undefined;
  // A folding range ends before the closing line (`}`), which belongs to the block.
  const end = Math.min(around.end + 1, doc.lineCount - 1);
  return wholeLines(doc, new vscode.Range(around.start, 0, end, 0));
}

function wholeLines(doc: vscode.TextDocument, r: vscode.Range): vscode.Range {
  return new vscode.Range(r.start.line, 0, r.end.line, doc.lineAt(r.end.line).text.length);
}

/** The selection of the active editor, or its whole text: the input of structured extraction. */
export function editorInput(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selected = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s)).join('\n\n');
  return selected || editor.document.getText() || undefined;
}
