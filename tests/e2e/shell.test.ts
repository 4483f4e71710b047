import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

/** Splits the scripted shell's transcript into replies: each follows a `briefing> line` echo. */
function replies(stdout: string): string[] {
  return stdout
    .split(/^briefing> .*$/m)
    .slice(1)
    .map((r) => r.trim());
}

describe('bin/briefing-bot shell (scripted, standard input not a terminal)', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeAll(async () => {
    data = tempDataDir();
    const ingest = await runCli(['ingest', '--data-dir', data.dir, DEMO_ARTICLE]);
    expect(ingest.code).toBe(0);
  });
  afterAll(() => data.cleanup());

  const shell = (input: string) => runCli(['shell', '--data-dir', data.dir], { input });

  it('answers "Who is Valery Tsepkalo?" with a cited sentence and a numbered source', async () => {
    const { code, stdout } = await shell('/ask Who is Valery Tsepkalo?\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/opposition politician.*\[1\]/);
    expect(stdout).toMatch(/Sources\n {2}\[1\] #1 Putin tightens his embrace/);
    expect(stdout).toContain('Extractive answer');
  });

  it('accepts named options and answers "What does Putin want?"', async () => {
    const { stdout } = await shell('/ask question: What does Putin want?\n');
    expect(stdout).toMatch(/(losing side|won’t topple|determined).*\[1\]/);
  });

  it('briefs with overview, key points, actors and sources', async () => {
    const { stdout } = await shell('/brief topic: Belarus length: short\n');
    expect(stdout).toContain('Briefing: Belarus');
    expect(stdout).toContain('Key points');
    expect(stdout).toMatch(/Actors\n(.|\n)*Vladimir Putin \(person\)/);
    expect(stdout).toMatch(/Sources\n {2}\[1\] #1 /);
    expect(stdout).not.toMatch(/SPUTNIK|subscrib/i);
  });

  it('lists actors and profiles one by any of its names', async () => {
    const { stdout } = await shell('/actors\n/actor Russian President Vladimir Putin\n/actor putin\n');
    const [actors, profile, sameProfile] = replies(stdout);
    expect(actors).toMatch(/Vladimir Putin \(person\)/);
    expect(actors).not.toMatch(/Monday|Friday|SPUTNIK|POOL|Belarusian \(/);
    expect(profile).toMatch(/^Vladimir Putin \(person\)/);
    expect(profile).toContain('Russian President');
    expect(sameProfile?.split('\n')[0]).toBe(profile?.split('\n')[0]);
  });

  it('resolves "he" in a follow-up to the actor of the previous question, across a restart', async () => {
    const first = await shell('/ask Who is Alexander Lukashenko?\n');
    expect(first.stdout).toContain('Lukashenko');
    // A new process: the conversation comes back from the store.
    const followUp = await shell('How old is he?\n');
    expect(followUp.stdout).toMatch(/66.*\[1\]/);
  });

  it('says plainly when the articles do not support an answer', async () => {
    const { stdout } = await shell('/ask What is the capital of Australia?\n/ask Who is Angela Merkel?\n');
    const [a, b] = replies(stdout);
    expect(a).toMatch(/don’t say|don't say/);
    expect(a).not.toMatch(/\[1\]/);
    expect(b).toMatch(/don’t say|don't say/);
  });

  it('gives one clear line for bad input and keeps going', async () => {
    const { code, stdout } = await shell(
      [
        '/nope',
        '/ask',
        '/brief length: huge',
        '/article show 999',
        '/article show abc',
        '/article',
        '/article frob',
        '/actor Nobody Atall',
        '/brief since: yesterday-ish',
        '/article add file: /definitely/not/here.txt',
        '/help',
      ].join('\n'),
    );
    expect(code).toBe(0);
    const out = replies(stdout);
    expect(out[0]).toBe('! Unknown command /nope. Type /help for the list.');
    expect(out[1]).toMatch(/^! \/ask needs "question"/);
    expect(out[2]).toBe('! /brief length must be one of: short, standard, long.');
    expect(out[3]).toBe('! There is no article #999 in this server. See `/article list`.');
    expect(out[4]).toMatch(/^! \/article show id must be a whole number/);
    expect(out[5]).toMatch(/^! \/article needs a subcommand: add, list, show, remove/);
    expect(out[6]).toMatch(/^! \/article has no subcommand "frob"/);
    expect(out[7]).toMatch(/^! No actor called "Nobody Atall"/);
    expect(out[8]).toMatch(/^! "yesterday-ish" is not a date or a period/);
    expect(out[9]).toMatch(/^! Not added: .*does not exist/);
    expect(out[10]).toMatch(/^Commands/);
  });

  it('adds, shows and removes pasted text', async () => {
    const text =
      'The European Commission proposed new sanctions on Monday. Ursula von der Leyen said the package targets officials responsible for the crackdown.';
    const { stdout } = await shell(
      [
        `/article add text: ${text} title: Sanctions proposed`,
        `/article add text: ${text}`,
        '/article show 2',
        '/article remove 2',
        '/article show 2',
      ].join('\n'),
    );
    const out = replies(stdout);
    expect(out[0]).toMatch(/^Added article #2 “Sanctions proposed”/);
    expect(out[1]).toMatch(/^Already stored as article #2/);
    expect(out[2]).toMatch(/^Sanctions proposed/);
    expect(out[3]).toBe('Removed article #2 “Sanctions proposed”.');
    expect(out[4]).toMatch(/no article #2/);
  });
});

describe('npm start path (shell --demo)', () => {
  it('ingests the bundled demo on first run only, then answers', async () => {
    const data = tempDataDir();
    try {
      const first = await runCli(['shell', '--demo', '--data-dir', data.dir], { input: '/article list\n' });
      expect(first.stdout).toContain('Articles (1 of 1)');
      await runCli(['shell', '--data-dir', data.dir], { input: '/article remove 1\n' });
      const second = await runCli(['shell', '--demo', '--data-dir', data.dir], { input: '/article list\n' });
      expect(second.stdout).toContain('No articles stored yet');
    } finally {
      data.cleanup();
    }
  });
});
