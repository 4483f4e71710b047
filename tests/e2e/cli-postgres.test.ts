import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type PgTestSchema, skipPgTests } from '../helpers/pg-schema.ts';
import { FOUNDING_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

const skip = await skipPgTests();

/**
 * The whole CLI with DATABASE_URL set: every store is in PostgreSQL (nothing is written to the
 * data dir's briefing.db), and two processes see each other's articles.
 */
describe.skipIf(skip)('the CLI on PostgreSQL (DATABASE_URL)', () => {
  let schema: PgTestSchema;
  const data = tempDataDir();
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    schema = await createTestSchema('cli_pg');
    env = { DATABASE_URL: schema.url, BRIEFING_DATABASE_SCHEMA: schema.schema, BRIEFING_LLM: 'offline' };
  });
  afterAll(async () => {
    await schema?.drop();
    data.cleanup();
  });

  it('migrates, stores in one process and answers from another', { timeout: 120_000 }, async () => {
    const migrated = await runCli(['migrate', '--data-dir', data.dir], { env });
    expect(migrated.stderr).toBe('');
    expect(migrated.stdout).toContain('PostgreSQL');
    expect(migrated.code).toBe(0);

    const ingest = await runCli(['ingest', FOUNDING_ARTICLE, '--data-dir', data.dir], { env });
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/#1\tadded/);

    const again = await runCli(['ingest', FOUNDING_ARTICLE, '--data-dir', data.dir], { env });
    expect(again.stdout).toMatch(/duplicate/i);

    const shell = await runCli(['shell', '--data-dir', data.dir], {
      env,
      input: '/actors\n/ask question: Who is Lukashenko?\n/usage\n',
    });
    expect(shell.code).toBe(0);
    expect(shell.stdout).toContain('Lukashenko');
    expect(shell.stdout).toMatch(/\[1\]/);
    expect(shell.stdout).not.toMatch(/went wrong/i);
    // Nothing went to SQLite: the data dir holds at most the LLM cache and history, no briefing.db.
    expect(readdirSync(data.dir)).not.toContain('briefing.db');
  });

  it('a server that cannot be reached is told in plain words, not a stack trace', async () => {
    const result = await runCli(['shell', '--data-dir', data.dir], {
      env: { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
      input: '/actors\n',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/PostgreSQL/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
