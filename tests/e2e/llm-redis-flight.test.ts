/**
 * Single flight across processes: with REDIS_URL set, two bot processes asking the same question
 * at the same time make one LLM call (a SET NX PX lock on the shared Redis; the other waits for
 * the result). Against a private redis-server this test starts and kills.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasRedisServer, PrivateRedis } from '../cache/redis-server-process.ts';
import { delay, FakeOpenAiServer, taskOf } from '../fakes/fake-openai-server.ts';
import { plausibleModel } from '../fakes/plausible-model.ts';
import { FOUNDING_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

describe.skipIf(!hasRedisServer)('two processes, one Redis, one call', () => {
  let redis: PrivateRedis;
  let fake: FakeOpenAiServer;
  let data: ReturnType<typeof tempDataDir>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    // Slow answers: the second process asks while the first is still waiting for the model.
    fake = await FakeOpenAiServer.start((body) => {
      const { response } = plausibleModel(body);
      return taskOf(body) === 'answer' ? delay(1500, response) : response;
    });
    data = tempDataDir();
    env = {
      BRIEFING_LLM: 'openai',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'test-key',
      OPENAI_MODEL: 'fake-model',
      OPENAI_MAX_RETRIES: '0',
      BRIEFING_LOG_LEVEL: 'silent',
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
    };
    for (const guild of ['alpha', 'beta']) {
      const r = await runCli(['ingest', '--data-dir', data.dir, '--guild', guild, FOUNDING_ARTICLE], { env });
      expect(r.code).toBe(0);
    }
  });
  afterAll(async () => {
    await fake.close();
    await redis.stop();
    data.cleanup();
  });

  it('asks the model once for the same question from two servers at once', async () => {
    const ask = (guild: string) =>
      runCli(['shell', '--data-dir', data.dir, '--guild', guild], {
        env,
        input: '/ask Who is Mikhail Vinogradov?\n',
      });
    const [a, b] = await Promise.all([ask('alpha'), ask('beta')]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toContain('Generated answer (openai:fake-model)');
    expect(b.stdout).toContain('Generated answer (openai:fake-model)');
    expect(fake.requests.filter((r) => taskOf(r) === 'answer')).toHaveLength(1);
  }, 30_000);
});
