import { compileModel } from '../scoring';
import type { ActiveModel } from '../storage/models';

/** Per model version, the model compiled with each site competitor list it has been asked for. */
const compiled = new WeakMap<ActiveModel, Map<string, ActiveModel>>();

/**
 * The model as it scores leads of one site: the site's `competitors` (site settings) join the
 * model's own list, so an address at a site's competitor is in the `competitor` category for that
 * site's leads only. Everything else, the version label included, is the model's. Compiled once per
 * version and list per isolate.
 */
export function withSiteCompetitors(
  model: ActiveModel,
  competitors: readonly string[] | undefined,
): ActiveModel {
  if (!competitors?.length) return model;
  const key = competitors.join(',');
  let bySite = compiled.get(model);
  if (!bySite) {
    bySite = new Map();
    compiled.set(model, bySite);
  }
  let entry = bySite.get(key);
  if (!entry) {
    const merged = {
      ...model.model,
      competitors: [...new Set([...(model.model.competitors ?? []), ...competitors])],
    };
    entry = { ...model, compiled: compileModel(merged) };
    bySite.set(key, entry);
  }
  return entry;
}
