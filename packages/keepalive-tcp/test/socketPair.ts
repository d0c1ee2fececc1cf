import { createServer, type Server, type Socket, connect } from 'node:net';

/** A connected loopback TCP socket (not Redis: only its socket options matter) and a way to close it. */
export async function loopbackSocket(): Promise<{ socket: Socket; close: () => Promise<void> }> {
  const accepted: Socket[] = [];
  const server: Server = createServer((peer) => accepted.push(peer));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    close: async () => {
      socket.destroy();
      for (const peer of accepted) peer.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
