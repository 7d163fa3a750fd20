/** Types of the target server: how to reach it and what the pre-flight found. */

import type { SslMode } from '../../shared/replay-options';
import type { ExpiringPassword } from './expiring-password';

export type { SslMode };

/** A PostgreSQL server to replay into. The password never goes on a command line. */
export interface TargetConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** Instead of `password`: one that runs out (an Entra token), asked for at each new connection. */
  expiringPassword?: ExpiringPassword;
  /** Maintenance database to connect to; default 'postgres'. */
  database?: string;
  sslmode?: SslMode;
}

export type CheckStatus = 'ok' | 'warn' | 'fail';

export type PreflightCheckId =
  | 'reachable'
  | 'server-version'
  | 'privileges'
  | 'name-conflicts'
  | 'extensions'
  | 'ownership'
  | 'connection-slots'
  | 'firewall';

/** One line of the pre-flight checklist. */
export interface PreflightCheck {
  id: PreflightCheckId;
  label: string;
  status: CheckStatus;
  detail: string;
  /** What to do when the status is not ok. */
  fix?: string;
}

/** What the replay plans to put on the target. */
export interface PreflightInput {
  databases: {
    /** Name in the backup. */
    name: string;
    /** Name it will get on the target. */
    targetName: string;
    /** Extensions the archive creates. */
    extensions: string[];
    /** Roles that own objects in the archive. */
    owners: string[];
  }[];
  /** Custom-archive format versions of the dumps ('1.14', '1.15', …). */
  archiveVersions: string[];
  /** The replay's worker budget (--jobs); 1 when not known yet. */
  jobs?: number;
}

/** Connections the connecting role may still open on the target, and why that many. */
export interface ConnectionSlots {
  /** max_connections. */
  max: number;
  /** Client sessions open now (this pre-flight's included: the replay reuses its slot). */
  used: number;
  /** Slots kept for superusers (superuser_reserved_connections, reserved_connections) that this role may not take. */
  reserved: number;
  /** The role's CONNECTION LIMIT, when it has one, and its sessions open now. */
  roleLimit: number | null;
  roleUsed: number;
  /** What this role may still open. */
  free: number;
}

export interface PreflightResult {
  /** As the server reports it, e.g. '15.18' or '16.4 (Debian 16.4-1)'. */
  serverVersion: string;
  serverMajor: number;
  /** The role we connected as (for the roles sanitizer). */
  currentUser: string;
  isSuperuser: boolean;
  canCreateDb: boolean;
  canCreateRole: boolean;
  /** Member of azure_pg_admin. */
  isAzureAdmin: boolean;
  /** The server has the `azure.extensions` parameter, i.e. it is an Azure Flexible Server. */
  isAzureFlexible: boolean;
  /** The allow-list from `azure.extensions`, lower case; null when not on Azure. */
  azureExtensions: string[] | null;
  /** Extensions the dumps need that the server has but `azure.extensions` does not allow, lower case. */
  extensionsNotAllowed: string[];
  existingDatabases: string[];
  /** Other client sessions connected to a database, by name (databases with none are absent). */
  sessions: Record<string, DatabaseSessions>;
  /** Superusers of the target: a non-superuser cannot alter them, so a roles file leaves them alone. */
  superuserRoles: string[];
  /** Owners named in the dumps that do not exist on the target (the roles file may create them). */
  missingOwners: string[];
  /** Some owners cannot be taken on by the connecting role: restore with `--no-owner`. */
  needsNoOwner: boolean;
  connectionSlots: ConnectionSlots;
  checks: PreflightCheck[];
}

/** The sessions connected to one database: another pgflex-restore replay's guards, and the rest. */
export interface DatabaseSessions {
  replaying: number;
  others: number;
}
