// A notification bus between Concord's app processes: what one process publishes reaches the
// listeners of every process on the same database. PostgreSQL carries it with LISTEN/NOTIFY on one
// dedicated connection per process (reconnected when lost); SQLite is one process, so an in-process
// emitter is the whole bus. Messages are hints that something changed (an inbox, a signed-in
// actor's rows), never the data itself: a listener re-reads the database, and after the listening
// connection was lost (notifications sent meanwhile are gone) every `onResync` listener is told to
// re-read everything it keeps.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

export type BusListener = (payload: string) => void;

export interface Bus {
  /**
   * Delivers `payload` to this process's listeners of `topic` at once and to every other
   * process's soon after (fire and forget: a failed NOTIFY is dropped; listeners must tolerate a
   * lost hint, as they do across a reconnect). Publish after the change is committed.
   */
  publish(topic: string, payload: string): void;
  subscribe(topic: string, listener: BusListener): () => void;
  /** Called after a lost listening connection is back: re-read what notifications would have said. */
  onResync(listener: () => void): () => void;
  /** Resolves once this process hears other processes (at once for the in-process bus). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL's limit on a NOTIFY payload is 8000 bytes; the envelope takes a few dozen. */
export const MAX_PAYLOAD_BYTES = 7_500;
/** The one PostgreSQL channel all topics share (a database holds one Concord). */
export const BUS_CHANNEL = 'concord_bus';
/** The listening connection's application_name (operators and the reconnect test find it by this). */
export const BUS_APPLICATION_NAME = 'concord-bus';

const RESYNC = Symbol('resync');

/** One process: SQLite, or a bare database in tests. */
export class LocalBus implements Bus {
  protected readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open event stream: many in a busy office; none leaks while removed on close.
    this.emitter.setMaxListeners(0);
  }

  publish(topic: string, payload: string): void {
    checkSize(payload);
    this.emitter.emit(topic, payload);
  }

  subscribe(topic: string, listener: BusListener): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  onResync(listener: () => void): () => void {
    this.emitter.on(RESYNC, listener);
    return () => this.emitter.off(RESYNC, listener);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}

function checkSize(payload: string): void {
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    throw new Error(`a bus message holds at most ${MAX_PAYLOAD_BYTES} bytes (got ${Buffer.byteLength(payload)})`);
  }
}

export interface PostgresBusOptions {
  /**
   * Where the listening connection goes (the same database as the pool); a function is asked again
   * at each (re)connection — with several hosts, the one writable now (ADR 0042).
   */
  connectionString: string | (() => Promise<string>);
  /** Sends the NOTIFYs: the app's pool, so that publishing needs no connection of its own. */
  pool: pg.Pool;
  /** Told when the listening connection is lost and when it is back (the app logs it). */
  onConnectionChange?: (event: 'lost' | 'back', error?: unknown) => void;
}

/**
 * LISTEN/NOTIFY. The listening connection opens on the first subscribe (a CLI command that only
 * publishes opens none) and is re-opened with backoff (0.1 s doubling to 5 s) whenever it ends.
 * A process ignores its own notifications: its listeners heard them when published.
 */
export class PostgresBus extends LocalBus {
  private readonly origin = randomBytes(6).toString('hex');
  private client: pg.Client | null = null;
  private started = false;
  private closed = false;
  private connectedOnce = false;
  private backoffMs = 100;
  private retryTimer: NodeJS.Timeout | null = null;
  private readyWaiters: (() => void)[] = [];
  private listening = false;

  /** Told when the listening connection is lost and when it is back (the app logs it). */
  onConnectionChange: ((event: 'lost' | 'back', error?: unknown) => void) | undefined;

  constructor(private readonly options: PostgresBusOptions) {
    super();
    this.onConnectionChange = options.onConnectionChange;
  }

  override publish(topic: string, payload: string): void {
    super.publish(topic, payload);
    if (this.closed) return;
    const message = `${this.origin}\n${topic}\n${payload}`;
    this.options.pool.query('select pg_notify($1, $2)', [BUS_CHANNEL, message]).catch(() => undefined);
  }

  override subscribe(topic: string, listener: BusListener): () => void {
    this.start();
    return super.subscribe(topic, listener);
  }

  override onResync(listener: () => void): () => void {
    this.start();
    return super.onResync(listener);
  }

  override ready(): Promise<void> {
    this.start();
    if (this.listening) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The server process id of the listening connection (tests terminate it), or null. */
  get listenerPid(): number | null {
    // `processID` is set by pg once connected; its typings leave it out.
    const pid = (this.client as unknown as { processID?: number } | null)?.processID;
    return this.listening && pid !== undefined ? pid : null;
  }

  override async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.listening = false;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    await super.close();
    if (client) await client.end().catch(() => undefined);
  }

  private start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let connectionString: string;
    try {
      const target = this.options.connectionString;
      connectionString = typeof target === 'string' ? target : await target();
    } catch {
      // No writable host just now (a failover under way): try again with the same backoff.
      if (this.closed) return;
      this.retryTimer = setTimeout(() => void this.connect(), this.backoffMs);
      this.retryTimer.unref();
      this.backoffMs = Math.min(this.backoffMs * 2, 5_000);
      return;
    }
    if (this.closed) return;
    const client = new pg.Client({
      connectionString,
      application_name: BUS_APPLICATION_NAME,
      keepAlive: true,
    });
    this.client = client;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      const wasListening = this.listening && this.client === client;
      if (this.client === client) {
        this.client = null;
        this.listening = false;
      }
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.closed) return;
      if (wasListening) this.onConnectionChange?.('lost', error);
      this.retryTimer = setTimeout(() => void this.connect(), this.backoffMs);
      this.retryTimer.unref();
      this.backoffMs = Math.min(this.backoffMs * 2, 5_000);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === BUS_CHANNEL && message.payload) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${BUS_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listening = true;
    this.backoffMs = 100;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    if (this.connectedOnce) {
      this.onConnectionChange?.('back');
      this.emitter.emit(RESYNC);
    }
    this.connectedOnce = true;
  }

  private receive(message: string): void {
    const first = message.indexOf('\n');
    const second = message.indexOf('\n', first + 1);
    if (first < 0 || second < 0) return;
    if (message.slice(0, first) === this.origin) return;
    this.emitter.emit(message.slice(first + 1, second), message.slice(second + 1));
  }
}

const buses = new WeakMap<object, Bus>();

/** Registers the bus of a database (openDatabase does). */
export function registerBus(db: object, bus: Bus): void {
  buses.set(db, bus);
}

/** The bus of a database; a bare database (tests) gets an in-process one of its own. */
export function busOf(db: object): Bus {
  let bus = buses.get(db);
  if (!bus) {
    bus = new LocalBus();
    buses.set(db, bus);
  }
  return bus;
}
