import { Client } from 'pg';

/** The channel appends are announced on (AppendAnnouncer); its payload is the announcing store's mark. */
export const APPENDED_CHANNEL = 'event_store_appended';

const RECONNECT_MS = 1_000;

/**
 * Wakes a store's live subscribers after every append: at once for the store's own appends
 * (`appended`, called as an append returns), through one LISTEN connection per store for the
 * appends of other stores (other processes), which announce theirs with a NOTIFY (AppendAnnouncer).
 * The store's own announcements, which carry its mark, are ignored: its subscribers are awake
 * already. If the connection drops (or cannot be opened), listeners are woken so they re-read, and
 * it reconnects every second while anyone listens; the subscribers' polling covers the gap.
 */
export class AppendNotifier {
  private client?: Client;
  private connecting?: Promise<void>;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly ownMark: string,
    private readonly onError?: (error: Error) => void,
  ) {}

  /** This store appended: wakes its listeners without waiting for a notification. */
  appended(): void {
    this.wakeAll();
  }

  /** Calls `listener` after every committed append; returns the function that unregisters it. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.ensureListening();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.payload !== this.ownMark) this.wakeAll();
    });
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    } catch (error) {
      this.onError?.(error as Error);
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry || this.listeners.size === 0) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.ensureListening();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private drop(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (error && !this.closed) this.onError?.(error);
    client.end().catch(() => undefined);
    this.wakeAll();
    this.scheduleReconnect();
  }

  private wakeAll(): void {
    for (const listener of this.listeners) listener();
  }
}
