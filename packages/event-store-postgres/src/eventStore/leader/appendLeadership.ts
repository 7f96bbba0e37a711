import { randomUUID, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { type ConnectionErrorHandler, connectClient } from '@reckon/database';
import type { AppendOptions, AppendRequest, AppendResult } from '@reckon/event-store';
import type pg from 'pg';
import {
  type AnswerMessage,
  type CallMessage,
  callMessage,
  fromWireError,
  lineReader,
  MAX_LINE_CHARS,
  toWireError,
} from './wire.js';

/** The session lock whose holder is the log leader. */
const LEADER_LOCK = `hashtext('reckon.event_store.append_leader')`;
/** After a failed election or a lost leader, a store appends by itself this long before it tries again. */
const RETRY_MS = 1000;
/** How long a follower waits for the leader's socket to accept before it appends by itself. */
const CONNECT_TIMEOUT_MS = 1000;

/** The leader could not be reached, or went away with the call: the call is appended directly (idempotently). */
export class LeaderUnavailableError extends Error {
  override name = 'LeaderUnavailableError';
}

type Append = (requests: readonly AppendRequest[], options: AppendOptions) => Promise<AppendResult>;

/** Where a store's appends go: it leads, it forwards them to the leader, or it appends alone. */
export type AppendRole = 'leader' | 'follower' | 'alone';

/** Told when a store's role changes, with the leader's address (none when alone). */
export type AppendRoleListener = (role: AppendRole, leaderAddress: string | undefined) => void;

/**
 * Appends shared across processes (see docs/event-store.md, "Across processes"). Of the stores on
 * one database that enable it, the one holding a session advisory lock is the *log leader*: it
 * listens on a socket, published with a token in `event_store_leader`, and appends the calls the
 * others forward to it through its own store, where they join its groups and share its commits.
 * The others are *followers*. Nothing depends on there being exactly one leader: every append
 * still goes through the same database function, so a call is appended directly whenever no
 * leader is reachable, and a call whose leader went away before answering is appended again
 * directly, which its event ids make idempotent.
 */
export class AppendLeadership {
  /** The connection holding the leader lock, while this store leads. */
  private lock: pg.Client | undefined;
  private server: net.Server | undefined;
  private token = '';
  private readonly followers = new Set<net.Socket>();
  private readonly serving = new Set<Promise<unknown>>();
  private link: LeaderLink | undefined;
  private electing: Promise<void> | undefined;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private address: string | undefined;
  private told: AppendRole = 'alone';

  constructor(
    private readonly url: string,
    private readonly host: string,
    private readonly appendHere: Append,
    private readonly onConnectionError?: ConnectionErrorHandler,
    private readonly onRole?: AppendRoleListener,
  ) {}

  get role(): AppendRole {
    if (this.lock) return 'leader';
    return this.link?.open ? 'follower' : 'alone';
  }

  /**
   * Tries the election again in RETRY_MS: from the next append then, or by itself if none comes (so
   * that a follower whose leader is gone takes the lead, or finds the new one, without traffic).
   */
  private retryLater(): void {
    this.retryAt = Date.now() + RETRY_MS;
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.route();
    }, RETRY_MS + 10);
    this.retryTimer.unref(); // never what keeps a process alive
  }

  /** Tells the listener when the role is not the one it was last told. */
  private roleChanged(): void {
    const role = this.role;
    if (role === this.told) return;
    this.told = role;
    this.onRole?.(role, role === 'alone' ? undefined : this.address);
  }

  /**
   * The leader to forward the next call to, or undefined to append it here: this store leads, or
   * no leader is reachable just now (an election is then tried in the background, at most once a second).
   */
  route(): LeaderLink | undefined {
    if (this.link?.open) return this.link;
    if (!this.lock && !this.electing && !this.closed && Date.now() >= this.retryAt) {
      this.electing = this.elect()
        .catch(() => {
          this.retryLater();
        })
        .finally(() => {
          this.electing = undefined;
        });
    }
    return undefined;
  }

  /** Takes the lead if nobody holds it, or links to the leader who does. */
  async elect(): Promise<void> {
    const client = await connectClient(this.url, {
      applicationName: 'reckon-log-leader',
      onConnectionError: this.onConnectionError,
    });
    let leading = false;
    try {
      const won = (await client.query<{ won: boolean }>(`SELECT pg_try_advisory_lock(${LEADER_LOCK}) AS won`)).rows[0]!
        .won;
      if (won && !this.closed) {
        await this.lead(client);
        leading = true;
        return;
      }
      // A leader just elected publishes itself a moment after it takes the lock.
      let leader: { address: string; token: string } | undefined;
      for (let attempt = 0; attempt < 40 && !leader && !this.closed; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        leader = (
          await client.query<{ address: string; token: string }>('SELECT address, token FROM event_store_leader')
        ).rows[0];
      }
      if (!leader || this.closed) {
        this.retryLater(); // a leader is being elected and has not published itself yet
        return;
      }
      this.link = await LeaderLink.open(leader.address, leader.token, () => {
        this.link = undefined;
        this.retryLater();
        if (!this.closed) this.roleChanged();
      });
      this.address = leader.address;
      this.roleChanged();
    } finally {
      if (!leading) await client.end().catch(() => {}); // also releases a lock won while closing
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.electing;
    await this.link?.close();
    await this.abdicate();
  }

  private async lead(client: pg.Client): Promise<void> {
    const token = randomUUID();
    const server = net.createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as net.AddressInfo;
    await client
      .query(
        `INSERT INTO event_store_leader (singleton, address, token, pid) VALUES (true, $1, $2, pg_backend_pid())
       ON CONFLICT (singleton) DO UPDATE SET address = excluded.address, token = excluded.token, pid = excluded.pid, since = now()`,
        [`${this.host}:${port}`, token],
      )
      .catch((error: unknown) => {
        server.close();
        throw error;
      });
    this.token = token;
    this.server = server;
    this.lock = client;
    this.address = `${this.host}:${port}`;
    this.roleChanged();
    // The lock lives as long as its connection: a lost connection ends this store's lead.
    client.on('error', () => void this.abdicate());
    client.on('end', () => void this.abdicate());
  }

  /** A follower's connection: its first line must be the token, then calls, answered as they complete. */
  private serve(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.followers.add(socket);
    socket.on('close', () => this.followers.delete(socket));
    socket.on('error', () => socket.destroy());
    let trusted = false;
    socket.on(
      'data',
      lineReader(
        (line) => {
          if (!trusted) {
            const given = Buffer.from(line);
            const expected = Buffer.from(this.token);
            trusted = given.length === expected.length && timingSafeEqual(given, expected);
            if (!trusted) socket.destroy();
            return;
          }
          let call: CallMessage;
          try {
            call = JSON.parse(line) as CallMessage;
          } catch {
            socket.destroy();
            return;
          }
          const answered: Promise<AnswerMessage> = this.appendHere(
            call.requests,
            call.order ? { order: call.order } : {},
          ).then(
            (result) => ({ id: call.id, result }),
            (error: unknown) => ({ id: call.id, error: toWireError(error) }),
          );
          this.serving.add(answered);
          void answered.then((answer) => {
            this.serving.delete(answered);
            if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
          });
        },
        () => socket.destroy(),
        // Before its token, a connection gets a token's length: nobody unknown fills the leader's memory.
        () => (trusted ? MAX_LINE_CHARS : 64),
      ),
    );
  }

  /** Stops leading: no new followers, the calls in hand are answered, then the lock is released. */
  private async abdicate(): Promise<void> {
    const { server, lock } = this;
    if (!server || !lock) return;
    this.server = undefined;
    this.lock = undefined;
    this.retryLater();
    if (!this.closed) this.roleChanged();
    server.close();
    await Promise.allSettled([...this.serving]);
    for (const socket of this.followers) socket.end();
    await lock.query('DELETE FROM event_store_leader WHERE token = $1', [this.token]).catch(() => {});
    await lock.end().catch(() => {});
  }
}

/** A follower's connection to the leader: calls go out as lines and are matched to answers by id. */
export class LeaderLink {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: AppendResult) => void; reject: (e: Error) => void }>();
  private drained: (() => void) | undefined;
  open = true;

  private constructor(
    private readonly socket: net.Socket,
    onClose: () => void,
  ) {
    socket.on(
      'data',
      lineReader(
        (line) => {
          let answer: AnswerMessage;
          try {
            answer = JSON.parse(line) as AnswerMessage;
          } catch {
            socket.destroy(); // not a leader speaking: its calls in flight are appended directly
            return;
          }
          const waiter = this.waiting.get(answer.id);
          if (!waiter) return;
          this.waiting.delete(answer.id);
          if ('result' in answer) waiter.resolve(answer.result);
          else waiter.reject(fromWireError(answer.error));
          if (this.waiting.size === 0) this.drained?.();
        },
        () => socket.destroy(),
      ),
    );
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.open = false;
      for (const waiter of this.waiting.values()) waiter.reject(new LeaderUnavailableError('the log leader went away'));
      this.waiting.clear();
      this.drained?.();
      onClose();
    });
  }

  static open(address: string, token: string, onClose: () => void): Promise<LeaderLink> {
    const at = address.lastIndexOf(':');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
      socket.setNoDelay(true);
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(new LeaderUnavailableError(`no answer from ${address}`)));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        socket.write(`${token}\n`);
        resolve(new LeaderLink(socket, onClose));
      });
    });
  }

  forward(requests: readonly AppendRequest[], options: AppendOptions): Promise<AppendResult> {
    if (!this.open) return Promise.reject(new LeaderUnavailableError('the log leader went away'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.write(callMessage(id, requests, options));
    });
  }

  /** Waits for the answers to the calls in flight, then closes the connection. */
  async close(): Promise<void> {
    if (this.waiting.size > 0) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
    }
    this.socket.end();
  }
}
