/**
 * Azure's refusals as typed user errors: an ARM error body (code, message, recommended actions),
 * the request id to quote to Microsoft support, and the HTTP status. 401 means "sign in again".
 */
import { UserError } from '../errors';

/** What Azure said, parsed from any of the error shapes ARM and Data Protection use. */
export interface ArmErrorInfo {
  code: string;
  message: string;
  recommendedAction: string[];
  /** x-ms-request-id (or the correlation id): what support asks for. */
  requestId?: string;
  status: number;
  target?: string;
}

/** An ARM call Azure refused. `details` carries {@link ArmErrorInfo} for logs, JSON output and the UI. */
export class ArmError extends UserError {
  constructor(readonly info: ArmErrorInfo, what: string) {
    const tenants = info.code === 'InvalidAuthenticationTokenTenant' ? wrongTenant(info.message) : null;
    super(
      info.status === 401 ? 'azure-signed-out' : 'azure-refused',
      tenants
        ? `Azure did not accept the sign-in while ${what}: the resource belongs to tenant ${tenants.wanted ?? '(not named)'}, but you are signed in to tenant ${tenants.got ?? '(not named)'} (${info.code}).`
        : info.status === 401
          ? `Azure did not accept the sign-in while ${what} (${info.code}: ${info.message})`
          : `Azure refused ${what}: ${info.code}: ${info.message}`,
      tenants
        ? tenants.wanted
          ? `Sign in to that tenant: pgflex-restore azure login --tenant ${tenants.wanted}`
          : 'Sign in to the tenant that holds the subscription: pgflex-restore azure login --tenant <tenant id> (pgflex-restore azure account lists your tenants).'
        : info.status === 401
          ? 'Sign in again: pgflex-restore azure login'
          : info.recommendedAction.length
            ? info.recommendedAction.join(' ')
            : hintFor(info),
      { ...info },
    );
  }
}

/**
 * The two tenants of ARM's InvalidAuthenticationTokenTenant message: "The access token is from the
 * wrong issuer 'https://sts.windows.net/<got>/'. It must match the tenant 'https://sts.windows.net/<wanted>/' …".
 */
function wrongTenant(message: string): { got?: string; wanted?: string } {
  const id = (re: RegExp) => re.exec(message)?.[1];
  return { got: id(/wrong issuer '[^']*?\/([0-9a-f-]{36})\/?'/i), wanted: id(/must match the tenant '[^']*?\/([0-9a-f-]{36})\/?'/i) };
}

function hintFor(info: ArmErrorInfo): string {
  if (info.status === 403) return 'Your account lacks the permission for this operation: ask an Owner of the resource to grant it, or use an account that has it.';
  if (info.status === 404) return 'Check the resource id (subscription, resource group, name); it may have been deleted or be in another subscription.';
  if (info.status === 429 || info.status >= 500) return 'Azure is busy or failing; it was retried. Try again in a few minutes.';
  return `Quote request id ${info.requestId ?? '(none)'} to Microsoft support if it persists.`;
}

/** `"a"`, `["a","b"]`, null → string[] (Data Protection uses all three). */
export function asActionList(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  return [];
}

/** Parses an error response body: `{error:{code,message,details,...}}`, a bare `{code,message}`, or text. */
export function parseArmErrorBody(body: unknown, status: number, requestId?: string): ArmErrorInfo {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = { message: body.slice(0, 500) };
    }
  }
  const root = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const err = (root.error && typeof root.error === 'object' ? root.error : root) as Record<string, unknown>;
  const details = Array.isArray(err.details) ? (err.details as Array<Record<string, unknown>>) : [];
  const actions = [
    ...asActionList(err.recommendedAction ?? err.recommendedActions ?? err.recommendations),
    ...details.flatMap((d) => asActionList(d?.recommendedAction ?? d?.recommendations)),
  ];
  const detailText = details.map((d) => (typeof d?.message === 'string' ? d.message : '')).filter(Boolean);
  const message = typeof err.message === 'string' && err.message ? err.message : detailText[0] ?? `HTTP ${status}`;
  return {
    code: typeof err.code === 'string' && err.code ? err.code : `Http${status}`,
    message: detailText.length && !detailText.includes(message) ? `${message} (${detailText.join('; ')})` : message,
    recommendedAction: [...new Set(actions)],
    requestId,
    status,
    target: typeof err.target === 'string' ? err.target : undefined,
  };
}

/** The user is not signed in at all (no cached account, no AZURE_ACCESS_TOKEN). */
export function signedOutError(reason: string): UserError {
  return new UserError('azure-signed-out', `Not signed in to Azure: ${reason}`, 'Sign in: pgflex-restore azure login (or --device-code on a machine without a browser), or set AZURE_ACCESS_TOKEN.');
}
