import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ShuttleError, type StatusBoard } from '@redis-shuttle/core';
import { jsonSummary } from '../output/summaryFormat.js';
import { metricsText } from './metricsFormat.js';

/** `GET /status` (the summary model as JSON) and `GET /metrics` (Prometheus), for the run's lifetime. */
export class StatusServer {
  private server: Server | undefined;

  constructor(private readonly status: StatusBoard) {}

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
      } else if (path === '/status') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(jsonSummary(this.status.snapshot()));
      } else if (path === '/metrics') {
        res
          .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
          .end(metricsText(this.status.snapshot()));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /status or /metrics\n');
      }
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new ShuttleError(
            'E_CONFIG',
            `cannot serve status on ${host}:${port}: ${error.code ?? error.message}`,
            {
              hint: 'choose another --status-port (0 picks a free one)',
            },
          ),
        ),
      );
      server.listen(port, host, () => resolve());
    });
    server.unref();
    return server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
