/** Who is calling the JSON API, as `bearerAuth` found out; routes read it for roles and audit events. */
import type { Context } from 'hono';
import type { ApiTokenRole } from '../../core/model.js';

export interface Principal {
  role: ApiTokenRole;
  /** For audit events: `operator` for the token from the environment, `token:<id>` for a named one. */
  actor: string;
  /** The named token's id; null for the operator's token from the environment. */
  tokenId: string | null;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

export const environmentOperator: Principal = { role: 'operator', actor: 'operator', tokenId: null };

/** The caller; a route mounted without `bearerAuth` is the operator's by construction. */
export function principalOf(c: Context): Principal {
  const principal: Principal | undefined = c.get('principal');
  return principal ?? environmentOperator;
}
