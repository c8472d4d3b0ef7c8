import { Client } from 'pg';

const CHANNEL = 'event_store_appended';

/**
 * One LISTEN connection per store, shared by its live subscribers. `append_to_stream` notifies at
 * commit; each notification wakes every registered listener. If the connection drops, listeners
 * are woken (so they re-read) and the next registration reconnects; polling covers the gap.
 */
export class AppendNotifier {
  private client?: Client;
  private connecting?: Promise<void>;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onError?: (error: Error) => void,
  ) {}

  /** Calls `listener` after every committed append; returns the function that unregisters it. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.ensureListening();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
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
    client.on('notification', () => this.wakeAll());
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    } catch (error) {
      this.onError?.(error as Error);
      await client.end().catch(() => undefined);
    }
  }

  private drop(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (error && !this.closed) this.onError?.(error);
    client.end().catch(() => undefined);
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const listener of this.listeners) listener();
  }
}
