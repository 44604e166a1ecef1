// Raw HTTP/1.1 over a socket, for requests that fetch refuses to send (`GET //[`, a method HTTP does
// not know, a header without a colon): resolves with the status of the first answer, `closed` when
// the server closed the connection without one, or `timeout` when nothing came within `wait`.
import { connect } from 'node:net';

export interface RawAnswer {
  status: number | 'closed' | 'timeout';
  /** What arrived of the answer by the time its status line was read, as latin1 text. */
  received: string;
  ms: number;
}

export function raw(port: number, text: string | Buffer, wait = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let settled = false;
    const status = () => Number(/^HTTP\/1\.[01] (\d{3}) /.exec(received)?.[1]) || undefined;
    const done = (answer: RawAnswer['status']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: answer, received, ms: performance.now() - started });
    };
    const timer = setTimeout(() => done('timeout'), wait);
    socket.on('error', () => done(status() ?? 'closed'));
    socket.on('close', () => done(status() ?? 'closed'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      // The status and the headers: enough to tell the replay server's own errors from recorded ones.
      const found = status();
      if (found !== undefined && received.includes('\r\n\r\n')) done(found);
    });
    socket.write(text);
  });
}
