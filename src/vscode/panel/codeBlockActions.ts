// A code block's toolbar in the chat: copy to the clipboard, insert at the cursor of the editor the user was in
// last (the webview has the focus when the button is clicked), or open as a new editor in the fence's language.
import * as vscode from 'vscode';
import type { CommandHandlers, Msg } from './router';

export class CodeBlockActions implements vscode.Disposable {
  /** The last focused text editor: where "Insert at cursor" goes while the webview has the focus. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e && e.document.uri.scheme !== 'output') this.lastEditor = e;
  });

  /** Copy / Insert at cursor / Open in new editor, from a code block's toolbar. */
  async run(msg: Msg<'codeAction'>): Promise<void> {
    if (msg.action === 'copy') {
      await vscode.env.clipboard.writeText(msg.code);
      return;
    }
    if (msg.action === 'open') {
      const language = msg.language ? languageId(msg.language) : undefined;
      const known = language && (await vscode.languages.getLanguages()).includes(language);
      const doc = await vscode.workspace.openTextDocument({ content: msg.code, ...(known ? { language } : {}) });
      await vscode.window.showTextDocument(doc, { preview: false });
      return;
    }
    // The webview has focus now, so "the cursor" is the one in the editor the user was in last.
    const editor = vscode.window.visibleTextEditors.find((e) => e === this.lastEditor) ?? vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a text editor and place the cursor where the code should go, then choose "Insert at cursor" again.'));
      return;
    }
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, msg.code);
    });
    if (!ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not insert the code into {0}: the editor is read-only or changed meanwhile.', editor.document.fileName));
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

export function codeBlockHandlers(actions: CodeBlockActions): Pick<CommandHandlers, 'codeAction'> {
  return { codeAction: (m) => actions.run(m) };
}

/** Fence info words that are not VS Code language ids. */
function languageId(lang: string): string {
  const l = lang.toLowerCase();
  const map: Record<string, string> = {
    ts: 'typescript', js: 'javascript', py: 'python', sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript',
    yml: 'yaml', md: 'markdown', cs: 'csharp', 'c#': 'csharp', 'c++': 'cpp', rb: 'ruby', kt: 'kotlin', rs: 'rust', golang: 'go', html: 'html', xml: 'xml',
  };
  return map[l] ?? l;
}
