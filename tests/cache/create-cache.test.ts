import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmCache } from '../../src/llm/cache/create-cache.ts';
import type { CacheKeyParts } from '../../src/llm/cache/llm-cache.ts';
import { RecordingLogger } from './recording-logger.ts';
import { REDIS_URL, skipRedisTests } from './redis-probe.ts';

const skipRedis = await skipRedisTests();

const parts: CacheKeyParts = {
  task: 'analyse',
  promptVersion: `create-cache-test-${process.pid}-${Date.now()}`,
  model: 'm',
  inputs: ['sha256:x'],
};
const compute = async () => ({ value: { ok: true }, cacheable: true });

describe('createLlmCache', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'create-cache-'));
    dirs.push(dir);
    return dir;
  };

  it('uses a SQLite file (creating its directory) when no Redis URL is given, and persists across restarts', async () => {
    const sqlitePath = path.join(tempDir(), 'nested', 'cache.db');
    const logger = new RecordingLogger();
    const first = createLlmCache({ sqlitePath, logger });
    expect((await first.cache.getOrCompute(parts, compute)).hit).toBe(false);
    await first.close();
    expect(fs.existsSync(sqlitePath)).toBe(true);
    const second = createLlmCache({ sqlitePath, logger });
    expect((await second.cache.getOrCompute(parts, compute)).hit).toBe(true);
    await second.close();
    expect(logger.at('warn')).toEqual([]);
  });

  it('falls back to an in-process cache with a warning when the SQLite file cannot be opened', async () => {
    const dir = tempDir();
    const logger = new RecordingLogger();
    // A directory where the file should be: SQLite cannot open it.
    const { cache, close } = createLlmCache({ sqlitePath: dir, logger });
    expect((await cache.getOrCompute(parts, compute)).hit).toBe(false);
    expect((await cache.getOrCompute(parts, compute)).hit).toBe(true);
    expect(logger.at('warn')).toHaveLength(1);
    await close();
  });

  it('serves commands and closes promptly when the Redis URL points nowhere', async () => {
    const logger = new RecordingLogger();
    const { cache, close } = createLlmCache({
      redisUrl: 'redis://bot:pa55word@127.0.0.1:1',
      sqlitePath: ':memory:',
      logger,
    });
    expect(await cache.getOrCompute(parts, compute)).toEqual({ value: { ok: true }, hit: false });
    await close();
    expect(logger.at('warn')).toHaveLength(1);
    expect(JSON.stringify(logger.entries)).not.toContain('pa55word');
  });

  it.skipIf(skipRedis)('uses Redis when a URL is given', async () => {
    const logger = new RecordingLogger();
    const { cache, close } = createLlmCache({
      redisUrl: REDIS_URL,
      sqlitePath: ':memory:',
      logger,
      ttlMs: 5000,
    });
    try {
      expect((await cache.getOrCompute(parts, compute)).hit).toBe(false);
      expect((await cache.getOrCompute(parts, compute)).hit).toBe(true);
      expect(logger.at('info')[0]?.obj).toMatchObject({ backend: 'redis' });
    } finally {
      await close();
    }
  });
});
