import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatRequestBody,
  FakeOpenAiServer,
  type FakeResponse,
  httpError,
  json,
  taskOf,
} from '../fakes/fake-openai-server.ts';
import { FOUNDING_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

/** A plausible model: one analysis of the founding article, cited answers, and a switch to fail. */
function model(state: { down: boolean }) {
  return (body: ChatRequestBody): FakeResponse => {
    if (state.down) return httpError(500, { body: { error: { message: 'overloaded' } } });
    const task = taskOf(body);
    if (task.includes('analysis')) {
      return json({
        summary: 'Putin is backing Lukashenko against the protests in Belarus.',
        keyPoints: [{ text: 'Putin hosts Lukashenko in Sochi.', sentences: [1] }],
        actors: [
          { name: 'Vladimir Putin', type: 'person', aliases: ['Putin'], roles: ['Russian President'] },
          {
            name: 'Valery Tsepkalo',
            type: 'person',
            aliases: ['Tsepkalo'],
            roles: ['opposition politician'],
          },
        ],
        quotes: [
          {
            speaker: 'Valery Tsepkalo',
            text: 'Belarusians are really aghast at Putin’s support for Lukashenko',
          },
          { speaker: 'Valery Tsepkalo', text: 'Putin will invade Poland' },
        ],
        relations: [
          { subject: 'Vladimir Putin', kind: 'supports', object: 'Alexander Lukashenko', sentence: 17 },
        ],
      });
    }
    if (task.includes('answer')) {
      return json({
        answer:
          'Valery Tsepkalo is an opposition politician in exile in Poland [1]; he said “Putin is a genius” [1] [4].',
        supported: true,
      });
    }
    return httpError(400, { body: { error: { message: `unexpected task ${task}` } } });
  };
}

describe('the shell with an LLM (fake OpenAI-compatible server on 127.0.0.1)', () => {
  const state = { down: false };
  let fake: FakeOpenAiServer;
  let data: ReturnType<typeof tempDataDir>;
  let env: NodeJS.ProcessEnv;
  const analyses = () => fake.requests.filter((r) => taskOf(r) === 'article_analysis');

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start(model(state));
    data = tempDataDir();
    env = {
      BRIEFING_LLM: 'openai',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'test-key',
      OPENAI_MODEL: 'fake-model',
      OPENAI_MAX_RETRIES: '0',
      BRIEFING_LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await fake.close();
    data.cleanup();
  });

  it('analyses an article once, even when two servers store it', async () => {
    const a = await runCli(['ingest', '--data-dir', data.dir, '--guild', 'alpha', FOUNDING_ARTICLE], { env });
    expect(a.stdout).toMatch(/^#1\tadded\t/m);
    expect(analyses()).toHaveLength(1);
    const b = await runCli(['ingest', '--data-dir', data.dir, '--guild', 'beta', FOUNDING_ARTICLE], { env });
    expect(b.stdout).toMatch(/^#2\tadded\t/m);
    expect(analyses()).toHaveLength(1);
    // The article text reaches the model only as delimited data.
    const user = analyses()[0]!.messages.find((m) => m.role === 'user')!.content;
    expect(user).toMatch(/<article[^>]*>[\s\S]*Valery Tsepkalo[\s\S]*<\/article>/);
  });

  it('answers with grounded citations: fabricated quotes lose their marks, unknown sources vanish', async () => {
    const { stdout } = await runCli(['shell', '--data-dir', data.dir, '--guild', 'alpha'], {
      env,
      input: '/ask Who is Valery Tsepkalo?\n/actor Tsepkalo\n/usage\n',
    });
    expect(stdout).toContain('Valery Tsepkalo is an opposition politician in exile in Poland [1]');
    expect(stdout).not.toContain('“Putin is a genius”');
    expect(stdout).not.toContain('[4]');
    expect(stdout).toContain('Generated answer (openai:fake-model)');
    // The profile keeps the verbatim quote and drops the invented one.
    expect(stdout).toContain('“Belarusians are really aghast at Putin’s support for Lukashenko”');
    expect(stdout).not.toContain('invade Poland');
    expect(stdout).toMatch(/LLM calls: 2 · tokens in 200, out 40/);
  });

  it('answers from the offline engine, and says so, when the LLM is down', async () => {
    state.down = true;
    const { code, stdout } = await runCli(['shell', '--data-dir', data.dir, '--guild', 'beta'], {
      env,
      input: '/ask What does Putin want?\n',
    });
    state.down = false;
    expect(code).toBe(0);
    expect(stdout).toMatch(/losing side/);
    expect(stdout).toMatch(/offline engine/);
    expect(stdout).toContain(
      'The LLM was unavailable, so this answer comes from the offline engine (extractive).',
    );
    expect(stdout).not.toContain('Generated answer');
  });

  it('refuses a broken configuration at start-up with a clear message', async () => {
    const { code, stderr } = await runCli(['shell', '--data-dir', data.dir], {
      env: { BRIEFING_LLM: 'openai', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('BRIEFING_LLM=openai needs OPENAI_API_KEY');
  });
});
