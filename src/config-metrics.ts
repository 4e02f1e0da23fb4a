/**
 * Where a process serves its metrics (`kindly serve`, `kindly worker`, `kindly inbound` alike): a
 * listener of its own, never the public HTTP port, since counters can say what a public request
 * changed. Kept beside `config.ts`, which spreads these variables into its schema and this result
 * into its Config.
 */
import { z } from 'zod';

const port = 'must be a port number from 0 to 65535';

export const metricsEnv = {
  KINDLY_METRICS_PORT: z.coerce.number(port).int(port).min(0, port).max(65535, port).optional(),
  KINDLY_METRICS_HOST: z.string().min(1).optional(),
};

type Vars = z.infer<z.ZodObject<typeof metricsEnv>>;

export interface MetricsConfig {
  metrics: {
    /** Unset: no listener, and no /metrics anywhere. */
    port: number | undefined;
    /** Loopback unless the operator says otherwise: process metrics are not for the world. */
    host: string;
  };
}

export function metricsConfig(vars: Vars): MetricsConfig['metrics'] {
  return { port: vars.KINDLY_METRICS_PORT, host: vars.KINDLY_METRICS_HOST ?? '127.0.0.1' };
}
