import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('metrics listener configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kindly-config-metrics-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ KINDLY_DATA_DIR: dataDir, ...env }).config;

  it('opens no listener unless asked, and binds loopback whatever HOST says', () => {
    expect(load({ HOST: '0.0.0.0' }).metrics).toEqual({ port: undefined, host: '127.0.0.1' });
    // An empty variable (as `KINDLY_METRICS_PORT=` in an env file leaves it) is unset.
    expect(load({ KINDLY_METRICS_PORT: '' }).metrics.port).toBeUndefined();
  });

  it('reads the port and host', () => {
    expect(load({ KINDLY_METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(load({ KINDLY_METRICS_PORT: '0', KINDLY_METRICS_HOST: '::' }).metrics).toEqual({
      port: 0,
      host: '::',
    });
  });

  it.each(['metrics', '70000', '-1', '94.64'])(
    'refuses KINDLY_METRICS_PORT=%s with a readable line',
    (value) => {
      let caught: unknown;
      try {
        load({ KINDLY_METRICS_PORT: value });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).message).toBe(
        'KINDLY_METRICS_PORT: must be a port number from 0 to 65535',
      );
    },
  );
});
