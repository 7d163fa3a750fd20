import { describe, expect, it } from 'vitest';
import { commentText, contentKey, showKey } from '../../../electron/core/verify/archive-facts';
import { checkServerVersion, objectsSql } from '../../../electron/core/verify/catalog-queries';
import { aclTypeOfTag, applyAcl, OWNER, parseAclStatements, type AclDefaults } from '../../../electron/core/verify/grants';

const own = (...privileges: string[]) => privileges.map((privilege) => ({ grantee: OWNER, privilege, grantable: false }));
const DEFAULTS: AclDefaults = {
  r: own('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'), s: own('USAGE', 'SELECT', 'UPDATE'),
  f: [...own('EXECUTE'), { grantee: 'PUBLIC', privilege: 'EXECUTE', grantable: false }], n: own('USAGE', 'CREATE'), T: own('USAGE'), L: own('SELECT', 'UPDATE'), c: [],
};

describe('ACL statements as pg_dump writes them', () => {
  it('reads grants, revokes, grant options, quoted roles and column lists, past SET SESSION AUTHORIZATION', () => {
    const ops = parseAclStatements([
      'SET SESSION AUTHORIZATION "Gr ""antor";',
      'GRANT SELECT(name),UPDATE("a, b") ON TABLE shop."on ON" TO "T O ""x";',
      'RESET SESSION AUTHORIZATION;',
      'REVOKE GRANT OPTION FOR ALL ON TABLE shop.t FROM bob;',
      'GRANT ALL ON TABLE shop.t TO PUBLIC WITH GRANT OPTION;', '',
    ].join('\n'));
    expect(ops).toEqual([
      { grant: true, optionOnly: false, privileges: ['SELECT', 'UPDATE'], grantee: 'T O "x', withGrantOption: false },
      { grant: false, optionOnly: true, privileges: ['ALL'], grantee: 'bob', withGrantOption: false },
      { grant: true, optionOnly: false, privileges: ['ALL'], grantee: 'PUBLIC', withGrantOption: true },
    ]);
    expect(parseAclStatements('ALTER TABLE t OWNER TO x;')).toBeNull();
  });

  it('applies them to the defaults, the backup owner standing for whoever owns the object', () => {
    const ops = parseAclStatements('REVOKE ALL ON TABLE t FROM olga;\nGRANT SELECT ON TABLE t TO olga;\nGRANT ALL ON TABLE t TO bob WITH GRANT OPTION;\nREVOKE GRANT OPTION FOR DELETE ON TABLE t FROM bob;\n')!;
    const got = applyAcl(DEFAULTS.r, ops, 'r', 'olga', DEFAULTS);
    expect(got.filter((g) => g.grantee === OWNER)).toEqual(own('SELECT'));
    expect(got.filter((g) => g.grantee === 'bob' && g.grantable).map((g) => g.privilege).sort()).toEqual(['INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE']);
    expect(got.find((g) => g.grantee === 'bob' && g.privilege === 'DELETE')).toEqual({ grantee: 'bob', privilege: 'DELETE', grantable: false });
    expect(applyAcl([], parseAclStatements('GRANT ALL(c) ON TABLE t TO bob;')!, 'c', 'olga', DEFAULTS).map((g) => g.privilege)).toEqual(['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']);
    expect([aclTypeOfTag('TABLE t'), aclTypeOfTag('LARGE OBJECT 5'), aclTypeOfTag('DOMAIN d'), aclTypeOfTag('LANGUAGE plperl')]).toEqual(['r', 'L', 'T', null]);
  });
});

describe('comments and keys', () => {
  it('reads the text of a COMMENT statement, standard or E-string', () => {
    expect(commentText("COMMENT ON COLUMN public.\"it's IS 'x'\".c IS 'it''s ; IS ''odd''';\n")).toBe("it's ; IS 'odd'");
    // E'back\\slash' (pg_dump with standard_conforming_strings off) is one backslash.
    expect(commentText("COMMENT ON TABLE t IS E'back\\\\slash';")).toBe('back\\slash');
    expect(commentText('COMMENT ON TABLE t IS NULL;')).toBeNull();
  });

  it('keys domains as types and shows keys with their schema', () => {
    expect(contentKey('shop', 'DOMAIN d')).toBe(contentKey('shop', 'TYPE d'));
    expect(showKey(contentKey('shop', 'CONSTRAINT c ON DOMAIN d'))).toBe('CONSTRAINT c ON DOMAIN shop.d');
    expect(showKey(contentKey('shop', 'COLUMN t.c'))).toBe('COLUMN shop.t.c');
    expect(showKey(contentKey('', 'SCHEMA shop'))).toBe('SCHEMA shop');
  });
});

describe('server versions', () => {
  it('reads PostgreSQL 11 and 12 without tgparentid, and refuses older servers clearly', () => {
    expect(objectsSql(120000)).not.toContain('tgparentid');
    expect(objectsSql(130000)).toContain('tgparentid');
    expect(() => checkServerVersion(110000)).not.toThrow();
    expect(() => checkServerVersion(100023)).toThrow(/PostgreSQL 10; checking a restore against its archive reads catalogs of PostgreSQL 11 or newer/);
    expect(() => checkServerVersion(90624)).toThrow(/PostgreSQL 9\.6;/);
  });
});
