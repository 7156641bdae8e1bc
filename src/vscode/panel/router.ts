// Routes the chat webview's messages to their handlers through two typed maps, one for commands (fire and
// forget) and one for requests (answered). Each feature declares its slice next to its code; the composition
// root merges the slices with `handlerTable`, and the compiler refuses a table where a message type has no
// handler or two, or where a request handler returns another request's result.
import * as vscode from 'vscode';
import type { RequestResults, WebviewRequest, WebviewToHost } from '../../core/panel/protocol';
import type { ViewChannel } from './viewChannel';

/** The webview message of type K. */
export type Msg<K extends WebviewToHost['type']> = Extract<WebviewToHost, { type: K }>;
/** The webview request of type K. */
export type Req<K extends WebviewRequest['type']> = Extract<WebviewRequest, { type: K }>;

/** One handler per command message (`request` and `cancel` are the router's own). */
export type CommandHandlers = {
  [K in Exclude<WebviewToHost['type'], 'request' | 'cancel'>]: (m: Msg<K>) => unknown;
};
/** One handler per request, answering with that request's result only. */
export type RequestHandlers = {
  [K in WebviewRequest['type']]: (r: Req<K>, signal: AbortSignal) => Promise<RequestResults[K]>;
};

/** The keys found in more than one slice (never when the slices are disjoint). */
type Overlap<S extends readonly object[], Seen extends PropertyKey = never> =
  S extends readonly [infer H extends object, ...infer R extends readonly object[]] ? (keyof H & Seen) | Overlap<R, Seen | keyof H> : never;
type Merged<S extends readonly object[]> =
  S extends readonly [infer H extends object, ...infer R extends readonly object[]] ? H & Merged<R> : unknown;
/** A merge with a key handled twice: a type no handler map accepts, naming the key. */
type Twice<K extends PropertyKey> = { [P in K & string as `handled twice: ${P}`]: never };

/**
 * Merges the features' handler slices into one table. Assign the result to CommandHandlers or RequestHandlers:
 * a missing type fails as a missing property, a type in two slices as "handled twice: <type>".
 */
export function handlerTable<const S extends readonly object[]>(...slices: S): [Overlap<S>] extends [never] ? Merged<S> : Twice<Overlap<S>> {
  return Object.assign({}, ...slices);
}

export class PanelRouter {
  constructor(
    private readonly channel: ViewChannel,
    private readonly commands: CommandHandlers,
    private readonly requests: RequestHandlers,
  ) {}

  async handle(msg: WebviewToHost): Promise<void> {
    if (msg.type === 'request') return this.channel.requests.run(msg.id, (signal) => this.answer(msg.request, signal));
    if (msg.type === 'cancel') {
      this.channel.requests.cancel(msg.id);
      return;
    }
    // The map is total over the message types; indexing by a union needs the one cast.
    await (this.commands[msg.type] as (m: WebviewToHost) => unknown)(msg);
  }

  /** Webview requests: what the webview shows in place once answered. */
  private async answer(req: WebviewRequest, signal: AbortSignal): Promise<RequestResults[keyof RequestResults]> {
    const handler = this.requests[req.type] as ((r: WebviewRequest, s: AbortSignal) => Promise<RequestResults[keyof RequestResults]>) | undefined;
    // The map is total, so only a page that does not match this host can ask for an unknown request; such
    // requests used to fall through to the attachments, and the answer keeps their words.
    if (!handler) throw new Error(vscode.l10n.t('Attachments are not available.'));
    return handler(req, signal);
  }
}
