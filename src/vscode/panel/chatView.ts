// The side-bar chat webview: creates its page and connects it to the panel. It knows the panel only through
// PanelConnection (three functions), so the panel and its features never import the view's class.
import * as vscode from 'vscode';
import { uiLanguage } from '../../core/l10n/uiStrings';
import type { HostToWebview, WebviewToHost } from '../../core/panel/protocol';
import { CHAT_VIEW_FOCUS_COMMAND } from './viewIds';
import { chatWebviewHtml } from './webviewHtml';

/** What the view needs from the panel: a post function per page, the page's messages, and its end. */
export interface PanelConnection {
  attachView(post: (m: HostToWebview) => void): void;
  detachView(): void;
  handle(msg: WebviewToHost): Promise<void>;
}

/** The side-bar chat webview: strict CSP, nonce scripts, styles and fonts from the extension only. */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly connection: PanelConnection) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = this.html(view.webview);
    const post = (m: HostToWebview) => void view.webview.postMessage(m);
    this.connection.attachView(post);
    view.webview.onDidReceiveMessage((m: WebviewToHost) => void this.connection.handle(m));
    view.onDidDispose(() => {
      this.connection.detachView();
      this.view = undefined;
    });
  }

  /** Shows the view; `preserveFocus` leaves the keyboard focus where it is (when the view exists). */
  async reveal(preserveFocus = false): Promise<void> {
    if (this.view) this.view.show(preserveFocus);
    else await vscode.commands.executeCommand(CHAT_VIEW_FOCUS_COMMAND);
  }

  private html(webview: vscode.Webview): string {
    const nonce = makeNonce();
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name)).toString();
    return chatWebviewHtml({
      cspSource: webview.cspSource, nonce, styleUri: asset('webview.css'), scriptUri: asset('webview.js'), lang: vscode.env.language,
      // The strings travel with the page, so the view is drawn in the display language from its first frame.
      ui: uiLanguage(vscode.env.language),
    });
  }
}

function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
