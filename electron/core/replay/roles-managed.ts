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
  if (AZURE_MANAGED_ROLES.includes(name) || extra.includes(name)) {
    return `"${name}" is managed by Azure and cannot be created or altered by the server admin`;
  }
  if (name.startsWith('pg_')) return `"${name}" is a predefined PostgreSQL role`;
  return null;
}

/** True for PostgreSQL's predefined roles (pg_read_all_data, pg_monitor, …). */
export function isPredefinedRole(name: string): boolean {
  return name.startsWith('pg_');
}
