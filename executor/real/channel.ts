/**
 * The coordinator's side of the agent channels: one unix-socket server; every agent task holds
 * one connection, opened by its parent before the clone and announced with "id TOKEN". Lines:
 * "0 hello HOSTTID HOSTTGID" when a task starts, "SEQ ok [V]" / "SEQ err ERRNO" answers.
 * Answers whose SEQ nobody waits for (a stop that was continued later, say) are dropped.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync } from 'node:fs';

export interface Answer {
  ok: boolean;
  /** value for ok, errno number for err */
  n?: number;
}

export class Conn {
  token = '';
  private buf = '';
  private waiters = new Map<number, (a: Answer) => void>();
  private helloWaiter: ((h: { tid: number; tgid: number }) => void) | null = null;
  hello: { tid: number; tgid: number } | null = null;
  closed = false;

  constructor(readonly sock: Socket, private readonly onId: (c: Conn) => void) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => this.data(d));
    sock.on('error', () => undefined);
    sock.on('close', () => {
      this.closed = true;
    });
  }

  private data(d: string): void {
    this.buf += d;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      this.line(line);
    }
  }

  private line(line: string): void {
    const w = line.split(' ');
    if (w[0] === 'id') {
      this.token = w[1];
      this.onId(this);
      return;
    }
    if (w[1] === 'hello') {
      this.hello = { tid: Number(w[2]), tgid: Number(w[3]) };
      this.helloWaiter?.(this.hello);
      this.helloWaiter = null;
      return;
    }
    const seq = Number(w[0]);
    const waiter = this.waiters.get(seq);
    if (!waiter) return;
    this.waiters.delete(seq);
    waiter({ ok: w[1] === 'ok', n: w[2] === undefined ? undefined : Number(w[2]) });
  }

  /** Wait for the answer with this seq (null on timeout). */
  answer(seq: number, timeoutMs: number): Promise<Answer | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        resolve(null);
      }, timeoutMs);
      this.waiters.set(seq, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });
  }

  /** Register interest in an answer without awaiting it yet (for races with /proc polling). */
  expect(seq: number): { promise: Promise<Answer | null>; cancel: () => void } {
    let cancel = (): void => undefined;
    const promise = new Promise<Answer | null>((resolve) => {
      this.waiters.set(seq, resolve);
      cancel = () => {
        this.waiters.delete(seq);
        resolve(null);
      };
    });
    return { promise, cancel };
  }

  waitHello(timeoutMs: number): Promise<{ tid: number; tgid: number } | null> {
    if (this.hello) return Promise.resolve(this.hello);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.helloWaiter = null;
        resolve(null);
      }, timeoutMs);
      this.helloWaiter = (h) => {
        clearTimeout(timer);
        resolve(h);
      };
    });
  }

  send(line: string): void {
    if (!this.closed) this.sock.write(line + '\n');
  }

  close(): void {
    this.sock.destroy();
  }
}

export class ChannelServer {
  private server: Server;
  private byToken = new Map<string, Conn>();
  private tokenWaiters = new Map<string, (c: Conn) => void>();
  readonly conns = new Set<Conn>();

  private constructor(readonly path: string) {
    this.server = createServer((sock) => {
      const c = new Conn(sock, (conn) => this.identified(conn));
      this.conns.add(c);
      sock.on('close', () => this.conns.delete(c));
    });
  }

  static async listen(path: string): Promise<ChannelServer> {
    const s = new ChannelServer(path);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(path, () => resolve());
    });
    // agents in user namespaces without a uid map connect as "nobody"
    chmodSync(path, 0o777);
    return s;
  }

  private identified(c: Conn): void {
    const w = this.tokenWaiters.get(c.token);
    if (w) {
      this.tokenWaiters.delete(c.token);
      w(c);
    } else this.byToken.set(c.token, c);
  }

  /** The connection announced with this token (null on timeout). */
  conn(token: string, timeoutMs: number): Promise<Conn | null> {
    const c = this.byToken.get(token);
    if (c) {
      this.byToken.delete(token);
      return Promise.resolve(c);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.tokenWaiters.delete(token);
        resolve(null);
      }, timeoutMs);
      this.tokenWaiters.set(token, (conn) => {
        clearTimeout(timer);
        resolve(conn);
      });
    });
  }

  /** Forget a token whose clone failed (the parent closed that connection). */
  drop(token: string): void {
    this.byToken.get(token)?.close();
    this.byToken.delete(token);
    this.tokenWaiters.delete(token);
  }

  close(): Promise<void> {
    for (const c of this.conns) c.close();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
