// Answering a suggestion: the newest ready models, compiled once per process and version, score the
// text; the categories still active and the lead units the caller may dispatch to (handling units,
// not regions, in the county of `unitId` or of the caller's jurisdiction — as the dispatch action
// checks them) are named, top 3 each.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { anchorPathOf, jurisdictionPaths, can, type Actor } from '../auth/index.ts';
import { countyOf, findUnitById, findUnitsByIds } from '../org/index.ts';
import { listCategories } from '../cases/index.ts';
import { TextClassifier, type TextClassifierModel } from './classifier.ts';
import { latestReadyVersion, loadModelJson } from './suggestions.repository.ts';
import { textFeatures } from './text-features.ts';

export interface Suggestions {
  categories: { code: string; name: string; confidence: number }[];
  leadUnits: { unitId: number; name: string; confidence: number }[];
  modelVersion: number | null;
}

interface LoadedModels {
  version: number;
  category: TextClassifier | null;
  leadUnit: TextClassifier | null;
  categoryNames: Map<string, string>;
  units: Map<number, { name: string; path: string; type: string }>;
}

const TOP = 3;
const loaded = new WeakMap<AppContext, LoadedModels>();

function compile(json: string | null): TextClassifier | null {
  return json ? new TextClassifier(JSON.parse(json) as TextClassifierModel) : null;
}

/**
 * How long a process trusts the newest ready version it last read before reading it again: another
 * process's training shows up within this; this process's own is taken at once (`modelsChanged`).
 * The statement cost as much as the classifier itself on every request (bench/README.md).
 */
export const MODEL_VERSION_RECHECK_MS = 5_000;
/** How long the county of an area is kept: a county is not re-parented while cases are typed. */
const COUNTY_KEEP_MS = 60_000;

interface Remembered {
  version: number | null;
  checkedAt: number;
  /** The read of the newest version in flight, shared by the requests that wait for it. */
  reading: Promise<number | null> | null;
  /** The version being compiled, shared likewise (compiling costs ~100 ms and tens of MB). */
  compiling: { version: number; models: Promise<LoadedModels | null> } | null;
  counties: Map<string, { path: string; at: number }>;
}
const remembered = new WeakMap<AppContext, Remembered>();

function memoOf(ctx: AppContext): Remembered {
  let memo = remembered.get(ctx);
  if (!memo) {
    memo = { version: null, checkedAt: -Infinity, reading: null, compiling: null, counties: new Map() };
    remembered.set(ctx, memo);
  }
  return memo;
}

/**
 * A training run of this process finished: the newest version is read again and compiled now, so
 * that no request waits for it.
 */
export function modelsChanged(ctx: AppContext): void {
  memoOf(ctx).checkedAt = -Infinity;
  warmModels(ctx);
}

/** Compiles the newest models in the background (at start-up and after training); errors wait for a request. */
export function warmModels(ctx: AppContext): void {
  currentModels(ctx).catch(() => undefined);
}

async function newestVersion(ctx: AppContext): Promise<number | null> {
  const memo = memoOf(ctx);
  if (performance.now() - memo.checkedAt >= MODEL_VERSION_RECHECK_MS) {
    // One read for all the requests that find the memo out of date at the same moment.
    memo.reading ??= latestReadyVersion(ctx.db)
      .then((version) => {
        memo.version = version;
        memo.checkedAt = performance.now();
        return version;
      })
      .finally(() => {
        memo.reading = null;
      });
    return memo.reading;
  }
  return memo.version;
}

/** The path of the county over `path` (the path itself above county level), kept for a minute. */
async function countyPathOf(ctx: AppContext, path: string): Promise<string> {
  const counties = memoOf(ctx).counties;
  const now = performance.now();
  const kept = counties.get(path);
  if (kept && now - kept.at < COUNTY_KEEP_MS) return kept.path;
  const county = (await countyOf(ctx.db, { path }))?.path ?? path;
  counties.set(path, { path: county, at: now });
  return county;
}

/**
 * The newest ready models; compiled again only when a newer version is stored — once per process,
 * however many requests wait for it meanwhile. (Before, each request that found a new version
 * compiled its own copy: right after a training run, 16 concurrent requests compiled 16 copies under
 * the 256 MB heap, and the process answered under 100 requests a second for several seconds.)
 */
export async function currentModels(ctx: AppContext): Promise<LoadedModels | null> {
  const version = await newestVersion(ctx);
  if (version === null) return null;
  const cached = loaded.get(ctx);
  if (cached?.version === version) return cached;
  const memo = memoOf(ctx);
  if (memo.compiling?.version !== version) {
    const models = compileModels(ctx, version).finally(() => {
      if (memo.compiling?.models === models) memo.compiling = null;
    });
    memo.compiling = { version, models };
  }
  return memo.compiling.models;
}

async function compileModels(ctx: AppContext, version: number): Promise<LoadedModels | null> {
  const json = await loadModelJson(ctx.db, version);
  if (!json) return null;
  const category = compile(json.category);
  const leadUnit = compile(json.leadUnit);
  const categories = await listCategories(ctx.db);
  const unitIds = (leadUnit?.labels ?? []).map(Number).filter(Number.isSafeInteger);
  const units = await findUnitsByIds(ctx.db, unitIds);
  const models: LoadedModels = {
    version,
    category,
    leadUnit,
    categoryNames: new Map(categories.filter((c) => c.active === 1).map((c) => [c.code, c.name])),
    units: new Map(units.map((u) => [u.id, { name: u.name, path: u.path, type: u.type }])),
  };
  // A newer version compiled meanwhile is not replaced by an older one.
  if ((loaded.get(ctx)?.version ?? -Infinity) < version) loaded.set(ctx, models);
  return models;
}

interface DispatchAreas {
  /** Counties (or, above county level, areas) whose handling units the caller may pick. */
  areas: string[];
  /** Where the case is: a township's unit is suggested only for its own township. */
  location: string | null;
}

async function dispatchAreas(ctx: AppContext, actor: Actor, unitId: number | undefined): Promise<DispatchAreas> {
  if (unitId !== undefined) {
    const unit = await findUnitById(ctx.db, unitId);
    if (!unit || !can(actor, 'suggestion:read', [unit.path])) {
      throw new AppError('NOT_FOUND', '单位不存在 / No such unit', [
        { field: 'unitId', message: '不在您的辖区 / Not in your area' },
      ]);
    }
    return { areas: [await countyPathOf(ctx, unit.path)], location: unit.path };
  }
  const areas = [];
  for (const path of jurisdictionPaths(actor, 'suggestion:read')) areas.push(await countyPathOf(ctx, path));
  return { areas, location: null };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export async function suggest(
  ctx: AppContext,
  actor: Actor,
  input: { text: string; unitId?: number | undefined },
): Promise<Suggestions> {
  const { areas, location } = await dispatchAreas(ctx, actor, input.unitId);
  const models = await currentModels(ctx);
  if (!models) return { categories: [], leadUnits: [], modelVersion: null };
  const features = textFeatures(input.text);
  const categories = (models.category?.bestFeatures(features, TOP, (code) => models.categoryNames.has(code)) ?? []).map(
    (p) => ({ code: p.label, name: models.categoryNames.get(p.label)!, confidence: round(p.confidence) }),
  );
  const dispatchable = (label: string) => {
    const unit = models.units.get(Number(label));
    if (!unit || unit.type === 'region' || !areas.some((area) => isWithin(unit.path, area))) return false;
    // The model learnt 城关街道司法所 from 城关 cases; for a case in 南关 it means 南关's own.
    return location === null || isWithin(location, anchorPathOf(unit));
  };
  const leadUnits = (models.leadUnit?.bestFeatures(features, TOP, dispatchable) ?? []).map((p) => ({
    unitId: Number(p.label),
    name: models.units.get(Number(p.label))!.name,
    confidence: round(p.confidence),
  }));
  return { categories, leadUnits, modelVersion: models.version };
}
