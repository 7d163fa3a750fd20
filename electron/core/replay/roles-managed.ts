/**
 * Roles that a Flexible Server target manages itself: their statements in a roles file are never
 * replayed. Each comes with the reason shown to the user.
 */

/** Roles Azure creates and owns on every Flexible Server. */
export const AZURE_MANAGED_ROLES: readonly string[] = ['azuresu', 'azure_pg_admin', 'azure_superuser', 'replication', 'localadmin'];

/** Why a role is left alone, or null when it is an ordinary role that should be replayed. */
export function managedReason(name: string, connectingRole: string, extra: readonly string[] = []): string | null {
  if (name === connectingRole) {
    return `"${name}" is the role you connect as: it exists already and cannot change its own attributes`;
  }
  if (AZURE_MANAGED_ROLES.includes(name)) {
    return `"${name}" is managed by Azure and cannot be created or altered by the server admin`;
  }
  if (extra.includes(name)) {
    return `"${name}" is a superuser on the target (or managed by its platform): the connecting user cannot alter it, so it is left as it is`;
  }
  if (name.startsWith('pg_')) return `"${name}" is a predefined PostgreSQL role`;
  return null;
}

/**
 * Why a role named in a GRANT/REVOKE list is left out, or null to keep it. `granted` is the role
 * given (`GRANT x TO …`), `member` the role receiving it. Predefined roles may be granted, and
 * the connecting role's memberships are kept in both directions (they let the admin act as an
 * object owner).
 */
export function managedListReason(
  name: string,
  position: 'granted' | 'member',
  connectingRole: string,
  extra: readonly string[] = [],
): string | null {
  if (name === connectingRole) return null;
  if (AZURE_MANAGED_ROLES.includes(name) || extra.includes(name)) {
    return position === 'granted'
      ? `"${name}" is managed by Azure: membership in it is not replayed (grant it by hand if this role should administer the server)`
      : `"${name}" is managed by Azure: its own memberships are not replayed`;
  }
  if (isPredefinedRole(name) && position === 'member') {
    return `"${name}" is a predefined PostgreSQL role: its own memberships are not replayed`;
  }
  return null;
}

/** True for PostgreSQL's predefined roles (pg_read_all_data, pg_monitor, …). */
export function isPredefinedRole(name: string): boolean {
  return name.startsWith('pg_');
}
