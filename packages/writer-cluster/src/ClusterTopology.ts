import { Redis, type RedisOptions } from 'ioredis';
import { type ClusterView, hostOf, nodeUrl, parseClusterNodes } from './clusterUtils.js';

/**
 * Asks the cluster for its slot map (`CLUSTER NODES`) on a control connection of its own, outside
 * every write log. When the node it asks goes away, it asks the seed or any other node it knows.
 */
export class ClusterTopology {
  private client: Redis | undefined;
  private clientEndpoint: string;
  private known: string[] = [];

  constructor(
    private readonly seedUrl: string,
    private readonly seedEndpoint: string,
    private readonly redisOptions: RedisOptions,
  ) {
    this.clientEndpoint = seedEndpoint;
  }

  /** Connects to the seed (the error is the caller's to explain). */
  async connect(): Promise<Redis> {
    this.client = await this.open(this.seedUrl);
    return this.client;
  }

  /** The current view; tries every known node until one answers. */
  async fetch(): Promise<ClusterView> {
    const tried = new Set<string>();
    const candidates = [this.clientEndpoint, ...this.known, this.seedEndpoint];
    let lastError: unknown;
    for (const endpoint of candidates) {
      if (tried.has(endpoint)) continue;
      tried.add(endpoint);
      try {
        if (this.client?.status !== 'ready' || endpoint !== this.clientEndpoint) {
          this.client?.disconnect();
          this.client = undefined;
          this.client = await this.open(
            endpoint === this.seedEndpoint ? this.seedUrl : nodeUrl(this.seedUrl, endpoint),
          );
          this.clientEndpoint = endpoint;
        }
        const text = String(await this.client.call('CLUSTER', 'NODES'));
        const view = parseClusterNodes(text, hostOf(endpoint));
        if (view.masters.size > 0) this.known = [...view.masters];
        return view;
      } catch (error) {
        lastError = error;
        this.client?.disconnect();
        this.client = undefined;
      }
    }
    throw lastError;
  }

  /** A command outside the write logs (COMMAND INFO, COMMAND GETKEYS). */
  async call(...args: Array<string | Buffer>): Promise<unknown> {
    if (this.client?.status !== 'ready') await this.fetch();
    return this.client!.call(String(args[0]), ...args.slice(1));
  }

  private async open(url: string): Promise<Redis> {
    const client = new Redis(url, {
      ...this.redisOptions,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      commandTimeout: 5000,
    });
    client.on('error', () => {
      // reported through the failing command
    });
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw error;
    }
    return client;
  }

  close(): void {
    this.client?.disconnect();
    this.client = undefined;
  }
}
