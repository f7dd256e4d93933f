// Security headers (helmet's: content security policy, HSTS, frame and sniffing guards, …), worked
// out once at start-up from the options and set on every response. Helmet itself, as the Fastify
// plugin calls it, rebuilds its middleware — the policy parsed from its directives — on every
// request; with no per-request part here (no nonces), the outcome is the same each time.
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeaders {
  set: [string, string][];
  removed: string[];
}

/** The headers helmet sets (and removes) for these options, recorded from one run. */
export function securityHeadersOf(options: HelmetOptions): SecurityHeaders {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
  };
  // Helmet throws on a bad policy (older versions passed the error to the callback instead).
  let failure: unknown;
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    failure = error;
  });
  if (failure instanceof Error) throw failure;
  if (failure !== undefined) throw new Error('helmet refused the security header options');
  return { set: [...set], removed };
}

/** Sets the headers on every response, before anything else (a route may still override one). */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeadersOf(options);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers.set) reply.raw.setHeader(name, value);
    for (const name of headers.removed) reply.raw.removeHeader(name);
    done();
  });
}
