// One load scenario, run in its own process so the load generator does not share the server's
// cores' event loop: reads a JSON scenario from argv, prints autocannon's result as JSON.
import http from 'node:http';
import autocannon from 'autocannon';

interface Scenario {
  url: string;
  method: 'GET' | 'POST';
  /** Empty: an anonymous caller. */
  token: string;
  connections: number;
  duration: number;
  body?: unknown;
  /** Paths to cycle through (one per request), e.g. different case ids. */
  paths?: string[];
  /** Bodies to cycle through with the paths. */
  bodies?: unknown[];
  /** Give each request a fresh body with a unique description (intake). */
  uniqueIntake?: boolean;
  /** With uniqueIntake: the report's location, taken in turn. */
  locations?: { lng: number; lat: number }[];
  /** Stop after this many requests (or the duration, whichever comes first). */
  amount?: number;
  /**
   * Requests per second, sent at even intervals whether or not earlier ones were answered (open
   * load, over at most `connections` kept-alive sockets), instead of as fast as answered. Each
   * latency counts from the moment its request was due, so a request held back by a busy socket
   * counts its wait. (autocannon's overallRate sends each second's share at once, a burst.)
   */
  rate?: number;
}

const scenario = JSON.parse(process.argv[2]!) as Scenario;
let counter = 0;
/** Differs between runs (seconds, modulo 10,000): the intake scenario's callers are new each run. */
const runStamp = Math.floor(Date.now() / 1000) % 10_000;
// An empty token is an anonymous caller (the public results page): no authorization header at all.
const headers: Record<string, string> = {
  ...(scenario.token ? { authorization: `Bearer ${scenario.token}` } : {}),
  'content-type': 'application/json',
};

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

async function paced(rate: number): Promise<Measured> {
  const url = new URL(scenario.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: scenario.connections });
  const body = scenario.body === undefined ? undefined : JSON.stringify(scenario.body);
  const latencies: number[] = [];
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      // Sent up to a timer's granularity early (the loop below sleeps only for waits over 1 ms):
      // such a request's latency counts from when it left, never below zero.
      const from = Math.max(due, performance.now());
      const request = http.request(
        url,
        {
          method: scenario.method,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode! >= 200 && response.statusCode! < 300) latencies.push(performance.now() - from);
            else errors++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(body);
    });
  const interval = 1000 / rate;
  const started = performance.now();
  const count = Math.round(rate * scenario.duration);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(due));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  // Tenths of a millisecond: at a steady rate most answers take under one.
  const at = (q: number) =>
    sorted.length === 0 ? 0 : Math.round(10 * sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!) / 10;
  return { requestsPerSecond: sorted.length / elapsed, p50: at(0.5), p99: at(0.99), errors, total: sorted.length };
}

if (scenario.rate !== undefined) {
  process.stdout.write(JSON.stringify(await paced(scenario.rate)) + '\n');
  process.exit(0);
}

const result = await autocannon({
  url: scenario.url,
  connections: scenario.connections,
  duration: scenario.duration,
  ...(scenario.amount !== undefined ? { amount: scenario.amount } : {}),
  headers,
  requests: [
    {
      method: scenario.method,
      setupRequest: (request) => {
        const n = counter++;
        const next = { ...request, method: scenario.method, headers };
        if (scenario.paths) {
          const index = n % scenario.paths.length;
          next.path = scenario.paths[index]!;
          if (scenario.bodies) next.body = JSON.stringify(scenario.bodies[index]);
        }
        if (scenario.uniqueIntake) {
          next.body = JSON.stringify({
            ...(scenario.body as object),
            // Each report its own caller, as at a hotline, and new ones each run: one number for
            // every case would make each intake update one ever-growing repeat-caller warning.
            reporter: { name: '压测', phone: `15${String((runStamp * 100_000 + n) % 1e9).padStart(9, '0')}` },
            ...(scenario.locations ? { location: scenario.locations[n % scenario.locations.length] } : {}),
            description: `压测受理第${n}件：楼下商铺夜间噪音扰民`,
          });
        } else if (scenario.body !== undefined && !scenario.bodies) {
          next.body = JSON.stringify(scenario.body);
        }
        return next;
      },
    },
  ],
});

{
  process.stdout.write(
    JSON.stringify({
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      total: result.requests.total,
    }) + '\n',
  );
}
