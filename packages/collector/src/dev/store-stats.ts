import { isDevelopment } from '../config';

/**
 * What the collector does to its stores, counted where it happens: D1 statements and the rows D1
 * says they read and wrote (`meta.rows_read`/`rows_written`), calls to Durable Objects (each one a
 * billed request), rows the objects' SQLite storage wrote (each cursor's `rowsWritten`) and alarms
 * they set (billed as a row written), and messages sent per queue.
 *
 * Development only (`LB_DEV_STATS=on`, refused in production by the configuration check): the
 * bindings are wrapped so every call counts, which costs a little time per call. `GET /dev/stats`
 * reads the counters; `bench/traffic-day.mjs` divides them by the beacons it sent, the figures the
 * scale plan in ARCHITECTURE.md rests on. On local workerd the Worker, the queue consumers and the
 * objects run in one isolate, so these counters see all of them.
 */
export type StoreStats = {
  /** `writes`: the statements that changed the database (D1 answers one at a time, writes take longest). */
  d1: { statements: number; writes: number; rowsRead: number; rowsWritten: number };
  objects: { calls: number; rowsWritten: number; rowsRead: number; alarmsSet: number };
  /** Messages sent, per producer binding. */
  queues: Record<string, number>;
};

const empty = (): StoreStats => ({
  d1: { statements: 0, writes: 0, rowsRead: 0, rowsWritten: 0 },
  objects: { calls: 0, rowsWritten: 0, rowsRead: 0, alarmsSet: 0 },
  queues: {},
});

let stats = empty();

export const storeStats = {
  snapshot(): StoreStats {
    return structuredClone(stats);
  },
  reset(): void {
    stats = empty();
  },
};

/** Whether the stores are counted: `LB_DEV_STATS=on`, and never in production. */
export function storeStatsOn(env: Pick<Env, 'LB_DEV_STATS' | 'LB_ENV'>): boolean {
  return env.LB_DEV_STATS === 'on' && isDevelopment(env);
}

const measuredEnvs = new WeakMap<Env, Env>();

/** The environment with its stores counted when `LB_DEV_STATS=on`; otherwise `env` itself. */
export function measuredEnv(env: Env): Env {
  if (!storeStatsOn(env)) return env;
  const known = measuredEnvs.get(env);
  if (known) return known;
  const measured: Env = {
    ...env,
    DB: measuredD1(env.DB),
    LEADS: measuredNamespace(env.LEADS),
    ACCOUNTS: measuredNamespace(env.ACCOUNTS),
    INGEST: measuredQueue('INGEST', env.INGEST),
    WEBHOOKS: measuredQueue('WEBHOOKS', env.WEBHOOKS),
    JOBS: measuredQueue('JOBS', env.JOBS),
  };
  measuredEnvs.set(env, measured);
  return measured;
}

let objectStorageCounted = false;

/**
 * Counts what Durable Objects' storage does when `LB_DEV_STATS=on`, and answers `state` itself (the
 * runtime accepts no stand-in for it). Every object of the isolate shares the storage classes, so
 * their `sql.exec` and `setAlarm` are wrapped once, on the classes' prototypes.
 */
export function countObjectStorage(state: DurableObjectState, env: Env): DurableObjectState {
  if (!storeStatsOn(env) || objectStorageCounted) return state;
  objectStorageCounted = true;
  const sql = Object.getPrototypeOf(state.storage.sql) as SqlStorage;
  const exec = sql.exec;
  sql.exec = function (this: SqlStorage, query: string, ...bindings: unknown[]) {
    return measuredCursor(exec.call(this, query, ...bindings));
  } as SqlStorage['exec'];
  const storage = Object.getPrototypeOf(state.storage) as DurableObjectStorage;
  const setAlarm = storage.setAlarm;
  storage.setAlarm = function (
    this: DurableObjectStorage,
    ...args: Parameters<DurableObjectStorage['setAlarm']>
  ) {
    stats.objects.alarmsSet++;
    return setAlarm.apply(this, args);
  };
  return state;
}

/**
 * A view of a runtime object with some members replaced. Everything else is read from the object
 * itself and its methods are called on it: the runtime's objects refuse another `this`.
 */
function bound<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value = Reflect.get(t, key, t) as unknown;
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

function measuredCursor<T extends Record<string, SqlStorageValue>>(
  cursor: SqlStorageCursor<T>,
): SqlStorageCursor<T> {
  // Writes happen when the statement runs; reads as its rows are consumed.
  let written = cursor.rowsWritten;
  let read = cursor.rowsRead;
  stats.objects.rowsWritten += written;
  stats.objects.rowsRead += read;
  const settle = () => {
    stats.objects.rowsWritten += cursor.rowsWritten - written;
    stats.objects.rowsRead += cursor.rowsRead - read;
    written = cursor.rowsWritten;
    read = cursor.rowsRead;
  };
  const after =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      const out = fn.apply(cursor, args);
      settle();
      return out;
    };
  return bound(cursor, {
    toArray: after(cursor.toArray),
    one: after(cursor.one),
    next: after(cursor.next),
  });
}

function countD1(
  meta: { rows_read?: number; rows_written?: number; changed_db?: boolean } | undefined,
): void {
  stats.d1.statements++;
  if (meta?.changed_db || (meta?.rows_written ?? 0) > 0) stats.d1.writes++;
  stats.d1.rowsRead += meta?.rows_read ?? 0;
  stats.d1.rowsWritten += meta?.rows_written ?? 0;
}

const statements = new WeakMap<D1PreparedStatement, D1PreparedStatement>();

function measuredStatement(stmt: D1PreparedStatement): D1PreparedStatement {
  const measured = bound(stmt, {
    bind: (...values: unknown[]) => measuredStatement(stmt.bind(...values)),
    run: async () => {
      const r = await stmt.run();
      countD1(r.meta);
      return r;
    },
    all: async () => {
      const r = await stmt.all();
      countD1(r.meta);
      return r;
    },
    // `first` reports no meta: it is answered from `all`, which does.
    first: async (column?: string) => {
      const r = await stmt.all<Record<string, unknown>>();
      countD1(r.meta);
      const row = r.results[0];
      if (row === undefined) return null;
      return column === undefined ? row : (row[column] ?? null);
    },
    raw: async (options?: { columnNames?: boolean }) => {
      stats.d1.statements++;
      return options?.columnNames ? stmt.raw({ columnNames: true }) : stmt.raw();
    },
  });
  statements.set(measured, stmt);
  return measured;
}

function measuredD1(db: D1Database): D1Database {
  return bound(db, {
    prepare: (query: string) => measuredStatement(db.prepare(query)),
    batch: async (list: D1PreparedStatement[]) => {
      const results = await db.batch(list.map((s) => statements.get(s) ?? s));
      for (const r of results) countD1(r.meta);
      return results;
    },
  });
}

function measuredNamespace<N extends Env['LEADS'] | Env['ACCOUNTS']>(ns: N): N {
  return bound<DurableObjectNamespace>(ns as unknown as DurableObjectNamespace, {
    get: (id: DurableObjectId, options?: DurableObjectNamespaceGetDurableObjectOptions) => {
      const stub = (ns as unknown as DurableObjectNamespace).get(id, options);
      return new Proxy(stub, {
        get(target, key) {
          const value = Reflect.get(target, key, target) as unknown;
          if (typeof value !== 'function' || key === 'then') return value;
          return (...args: unknown[]) => {
            stats.objects.calls++;
            // Reflect.apply: `.apply` on an RPC method would be taken for a remote method named "apply".
            return Reflect.apply(value, target, args);
          };
        },
      });
    },
  }) as unknown as N;
}

function measuredQueue<T>(name: string, queue: Queue<T>): Queue<T> {
  const add = (n: number) => {
    stats.queues[name] = (stats.queues[name] ?? 0) + n;
  };
  return bound(queue, {
    send: async (body: T, options?: QueueSendOptions) => {
      const r = await queue.send(body, options);
      add(1);
      return r;
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<T>>, options?: QueueSendBatchOptions) => {
      const list = [...messages];
      const r = await queue.sendBatch(list, options);
      add(list.length);
      return r;
    },
  });
}
