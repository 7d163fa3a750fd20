/** Groups replay errors by category so a screen full of them reads as a few decisions. */
import type { ErrorCategory, ReplayError } from '../../../electron/contract';

/** An error with the database (or roles/schema file) it came from. */
export interface SourcedError extends ReplayError {
  source: string;
}

export interface ErrorGroup {
  category: ErrorCategory;
  /** True when every error in the group is benign (the result is still complete). */
  benign: boolean;
  explanation: string;
  errors: SourcedError[];
  /** Databases/files the group touches, in first-seen order. */
  sources: string[];
}

/** Real problems first (data, missing objects…), benign last; within that, larger groups first. */
const ORDER: Record<ErrorCategory, number> = {
  server: 0, data: 1, 'missing-object': 2, extension: 3, privilege: 4, ownership: 5, other: 6, benign: 7,
};

/** Title for a category, in plain words. */
export const CATEGORY_LABEL: Record<ErrorCategory, string> = {
  server: 'Target server failed',
  data: 'Data not loaded',
  'missing-object': 'Missing objects',
  extension: 'Extensions',
  privilege: 'Privileges',
  ownership: 'Ownership',
  other: 'Other errors',
  benign: 'Harmless (already exists)',
};

/** Groups errors by category, keeping each group's errors in arrival order. */
export function groupErrors(errors: readonly SourcedError[]): ErrorGroup[] {
  const groups = new Map<ErrorCategory, ErrorGroup>();
  for (const e of errors) {
    let g = groups.get(e.category);
    if (!g) {
      g = { category: e.category, benign: true, explanation: e.explanation, errors: [], sources: [] };
      groups.set(e.category, g);
    }
    g.errors.push(e);
    g.benign &&= e.benign;
    if (!g.sources.includes(e.source)) g.sources.push(e.source);
  }
  return [...groups.values()].sort((a, b) => ORDER[a.category] - ORDER[b.category] || b.errors.length - a.errors.length);
}
