/**
 * The slice of `oidc-provider` 9 (which ships no types) the test identity
 * provider uses: a Koa application with `use`, `callback` and `listen`.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  /** Koa's context, as far as a middleware here reads and writes it. */
  export interface ProviderContext {
    path: string;
    method: string;
    body: unknown;
  }

  /** An `oidc-provider` instance. */
  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    /** Adds a Koa middleware. */
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): void;
    /** The Node request handler. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    proxy: boolean;
  }

  export default Provider;
}
