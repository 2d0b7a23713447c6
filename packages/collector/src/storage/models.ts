import { type CompiledModel, compileModel, DEFAULT_MODEL, modelHash, type ScoringModel } from '../scoring';

/** A model version as stored: number 0 is the built-in default. */
export type ModelVersion = {
  version: number;
  hash: string;
  model: ScoringModel;
  note: string | null;
  createdAt: number | null;
  createdBy: string | null;
};

export type ActiveModel = ModelVersion & { compiled: CompiledModel };

const DEFAULT_VERSION = 0;

/** How long an isolate trusts its cached active model before asking D1 again. */
const CACHE_MS = 10_000;

/** The built-in model, compiled: a value, not a promise shared between requests (see storage/sites.ts). */
let defaultEntry: ActiveModel | undefined;
const compiledByVersion = new Map<number, ActiveModel>();
let active: { version: number; checkedAt: number } | undefined;

async function builtIn(): Promise<ActiveModel> {
  if (defaultEntry) return defaultEntry;
  const hash = await modelHash(DEFAULT_MODEL);
  defaultEntry ??= {
    version: DEFAULT_VERSION,
    hash,
    model: DEFAULT_MODEL,
    compiled: compileModel(DEFAULT_MODEL),
    note: 'built-in default model',
    createdAt: null,
    createdBy: null,
  };
  return defaultEntry;
}

type ModelRow = {
  version: number;
  hash: string;
  body: string;
  note: string | null;
  created_at: number;
  created_by: string | null;
};

/** A stored version (compiled, cached per isolate: versions are immutable). */
export async function getModelVersion(db: D1Database, version: number): Promise<ActiveModel | null> {
  if (version === DEFAULT_VERSION) return builtIn();
  const cached = compiledByVersion.get(version);
  if (cached) return cached;
  const row = await db.prepare('SELECT * FROM models WHERE version = ?1').bind(version).first<ModelRow>();
  if (!row) return null;
  const model = JSON.parse(row.body) as ScoringModel;
  const entry: ActiveModel = {
    version: row.version,
    hash: row.hash,
    model,
    compiled: compileModel(model),
    note: row.note,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
  compiledByVersion.set(version, entry);
  return entry;
}

/** The version of the latest publication, 0 (the default model) when nothing was published. */
export async function activeVersion(db: D1Database, now = Date.now()): Promise<number> {
  if (active && now - active.checkedAt < CACHE_MS) return active.version;
  const row = await db
    .prepare('SELECT version FROM model_publications ORDER BY id DESC LIMIT 1')
    .first<{ version: number }>();
  active = { version: row?.version ?? DEFAULT_VERSION, checkedAt: now };
  return active.version;
}

/** The active model, compiled. */
export async function getActiveModel(db: D1Database): Promise<ActiveModel> {
  const version = await activeVersion(db);
  return (await getModelVersion(db, version)) ?? builtIn();
}

/**
 * The hash of what a model says, without its label: a stored version is labelled `v<number>`, so
 * the same rules saved twice differ only there. Equal content, equal hash.
 */
export function contentHash(model: ScoringModel): Promise<string> {
  return modelHash({ ...model, version: '' });
}

/** Stores a validated model as a new version; its `version` label becomes `v<number>`. */
export async function createModelVersion(
  db: D1Database,
  model: ScoringModel,
  meta: { note?: string; by: string; now: number },
): Promise<ModelVersion> {
  // The number comes from the insert itself, so concurrent creations cannot collide; the label
  // that depends on it is filled in right after.
  const inserted = await db
    .prepare("INSERT INTO models (hash, body, note, created_at, created_by) VALUES ('', '', ?1, ?2, ?3)")
    .bind(meta.note ?? null, meta.now, meta.by)
    .run();
  const version = Number(inserted.meta.last_row_id);
  const labelled: ScoringModel = { ...model, version: `v${version}` };
  const [hash, content] = await Promise.all([modelHash(labelled), contentHash(labelled)]);
  await db
    .prepare('UPDATE models SET hash = ?2, body = ?3, content_hash = ?4 WHERE version = ?1')
    .bind(version, hash, JSON.stringify(labelled), content)
    .run();
  return { version, hash, model: labelled, note: meta.note ?? null, createdAt: meta.now, createdBy: meta.by };
}

/** Versions stored before content hashes existed are hashed this many at a time when looked for. */
const BACKFILL_BATCH = 100;

/**
 * The stored version that says exactly what `model` says (the built-in default included), if any.
 * Versions stored before content hashes existed get theirs filled in on the way.
 */
export async function findModelVersionByContent(db: D1Database, model: ScoringModel): Promise<number | null> {
  const wanted = await contentHash(model);
  if (wanted === (await contentHash(DEFAULT_MODEL))) return DEFAULT_VERSION;
  for (;;) {
    const found = await db
      .prepare('SELECT version FROM models WHERE content_hash = ?1 ORDER BY version DESC LIMIT 1')
      .bind(wanted)
      .first<{ version: number }>();
    if (found) return found.version;
    const { results } = await db
      .prepare("SELECT version, body FROM models WHERE content_hash IS NULL AND body != '' LIMIT ?1")
      .bind(BACKFILL_BATCH)
      .all<{ version: number; body: string }>();
    if (results.length === 0) return null;
    await db.batch(
      await Promise.all(
        results.map(async (r) =>
          db
            .prepare('UPDATE models SET content_hash = ?2 WHERE version = ?1')
            .bind(r.version, await contentHash(JSON.parse(r.body) as ScoringModel)),
        ),
      ),
    );
  }
}

/**
 * Saving a model: the version that already says the same (saving an unchanged model creates no new
 * version), else a new one. `created` tells which.
 */
export async function saveModelVersion(
  db: D1Database,
  model: ScoringModel,
  meta: { note?: string; by: string; now: number },
): Promise<{ version: number; hash: string; label: string; created: boolean }> {
  const existing = await findModelVersionByContent(db, model);
  if (existing !== null) {
    const stored = await getModelVersion(db, existing);
    if (stored) return { version: existing, hash: stored.hash, label: stored.model.version, created: false };
  }
  const stored = await createModelVersion(db, model, meta);
  return { version: stored.version, hash: stored.hash, label: stored.model.version, created: true };
}

export async function listModelVersions(db: D1Database): Promise<Omit<ModelVersion, 'model'>[]> {
  const { results } = await db
    .prepare('SELECT version, hash, note, created_at, created_by FROM models ORDER BY version DESC LIMIT 100')
    .all<Omit<ModelRow, 'body'>>();
  const def = await builtIn();
  return [
    ...results.map((r) => ({
      version: r.version,
      hash: r.hash,
      note: r.note,
      createdAt: r.created_at,
      createdBy: r.created_by,
    })),
    { version: def.version, hash: def.hash, note: def.note, createdAt: null, createdBy: null },
  ];
}

export async function recordPublication(
  db: D1Database,
  p: { version: number; action: 'publish' | 'rollback'; by: string; now: number },
): Promise<void> {
  await db
    .prepare('INSERT INTO model_publications (version, action, at, by) VALUES (?1, ?2, ?3, ?4)')
    .bind(p.version, p.action, p.now, p.by)
    .run();
  active = { version: p.version, checkedAt: p.now };
}

export async function publications(db: D1Database) {
  const { results } = await db
    .prepare('SELECT version, action, at, by FROM model_publications ORDER BY id DESC LIMIT 50')
    .all<{ version: number; action: string; at: number; by: string | null }>();
  return results;
}

/**
 * The version a rollback re-publishes: the latest earlier publication of another version than the
 * current one, else the built-in default; undefined when the default is active and nothing else was.
 */
export function rollbackTarget(history: readonly { version: number }[]): number | undefined {
  const current = history[0]?.version ?? 0;
  return history.find((p, i) => i > 0 && p.version !== current)?.version ?? (current !== 0 ? 0 : undefined);
}
