import { describe, expect, it } from 'vitest';
import type { ReplayError } from '../../../electron/contract';
import { groupErrors, type SourcedError } from '../../../renderer/src/lib/group-errors';

const err = (source: string, category: ReplayError['category'], message: string, benign = category === 'benign'): SourcedError => ({
  source, category, benign, message, tocId: 1, item: 'TABLE public.x', command: null, explanation: `${category} explained`,
});

describe('groupErrors', () => {
  it('groups by category, real problems first, benign last, and lists the sources once', () => {
    const groups = groupErrors([
      err('roles', 'benign', 'role "app_ro" already exists'),
      err('shop', 'ownership', 'role "app_owner" does not exist'),
      err('inventory', 'ownership', 'role "app_owner" does not exist'),
      err('shop', 'data', 'invalid input syntax'),
      err('shop', 'ownership', 'role "app_owner" does not exist'),
      err('roles', 'benign', 'role "app_rw" already exists'),
    ]);
    expect(groups.map((g) => g.category)).toEqual(['data', 'ownership', 'benign']);
    expect(groups[1].errors).toHaveLength(3);
    expect(groups[1].sources).toEqual(['shop', 'inventory']);
    expect(groups[2].benign).toBe(true);
    expect(groups[1].benign).toBe(false);
    expect(groups[1].explanation).toBe('ownership explained');
  });
  it('marks a group not benign as soon as one of its errors is real', () => {
    const [g] = groupErrors([err('a', 'other', 'x', true), err('b', 'other', 'y', false)]);
    expect(g.benign).toBe(false);
  });
  it('returns nothing for no errors', () => {
    expect(groupErrors([])).toEqual([]);
  });
});
