/** The @azure/arm-* SDK clients this product uses, pointed at the context's ARM endpoint with its token. */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible';
import { StorageManagementClient } from '@azure/arm-storage';
import { isRestError } from '@azure/core-rest-pipeline';
import { ArmError, parseArmErrorBody } from './azure-errors';
import { PLACEHOLDER_CREDENTIAL, sdkOptions, useArmAuth, type ArmContext } from './arm-pipeline';

/** Storage management for one subscription. */
export function storageClient(ctx: ArmContext, subscriptionId: string): StorageManagementClient {
  return useArmAuth(new StorageManagementClient(PLACEHOLDER_CREDENTIAL, subscriptionId, sdkOptions(ctx)), ctx);
}

/** Authorization (role assignments, permissions) for one subscription. */
export function authorizationClient(ctx: ArmContext, subscriptionId: string): AuthorizationManagementClient {
  return useArmAuth(new AuthorizationManagementClient(PLACEHOLDER_CREDENTIAL, subscriptionId, sdkOptions(ctx)), ctx);
}

/** An SDK failure as an ArmError (the SDKs throw RestError with the response attached). */
export function toArmError(err: unknown, what: string): unknown {
  if (!isRestError(err) || !err.statusCode) return err;
  const headers = err.response?.headers;
  const body = err.response?.bodyAsText ?? { error: { code: err.code, message: err.message } };
  return new ArmError(parseArmErrorBody(body, err.statusCode, headers?.get('x-ms-request-id') ?? headers?.get('x-ms-correlation-request-id')), what);
}

/** HTTP status of an SDK or ArmError failure, if any. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof ArmError) return err.info.status;
  if (isRestError(err)) return err.statusCode;
  return undefined;
}

/** PostgreSQL Flexible Server management for one subscription. */
export function flexibleServerClient(ctx: ArmContext, subscriptionId: string): PostgreSQLManagementFlexibleServerClient {
  return useArmAuth(new PostgreSQLManagementFlexibleServerClient(PLACEHOLDER_CREDENTIAL, subscriptionId, sdkOptions(ctx)), ctx);
}
