import { describe, expect, it } from 'vitest';
import { psqlSupportsRestrict } from '../../../electron/core/replay/roles-restrict';

describe('psqlSupportsRestrict', () => {
  it.each([
    ['17.6', true],
    ['17.5', false],
    ['16.10', true],
    ['16.9', false],
    ['15.14', true],
    ['15.13', false],
    ['psql (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)', true],
    ['14.19', true],
    ['14.18', false],
    ['13.22', true],
    ['13.21', false],
    ['12.22', false],
    ['9.6.24', false],
    ['18.0', true],
    ['18rc1', true],
    ['18beta2', false],
    ['19devel', true],
    ['not a version', false],
  ])('%s → %s', (version, expected) => {
    expect(psqlSupportsRestrict(version)).toBe(expected);
  });
});
