import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestArticle } from '../../src/briefing/ingest-article.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { TERMINAL_CHANNEL_ID } from '../../src/core/publisher.ts';
import { OfflineEngine } from '../../src/llm/offline/offline-engine.ts';
import { SqliteArticleStore } from '../../src/store/sqlite/sqlite-article-store.ts';
import { storeServices } from '../../src/store/store-services.ts';
import { DEMO_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

/** Splits the scripted shell's transcript into replies: each follows a `briefing> line` echo. */
function replies(stdout: string): string[] {
  return stdout
    .split(/^briefing> .*$/m)
    .slice(1)
    .map((r) => r.trim());
}

describe('digests in the terminal', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('sets, lists, previews, pauses and removes digests, refusing bad times and zones in plain words', async () => {
    expect((await runCli(['ingest', '--data-dir', data.dir, DEMO_ARTICLE])).code).toBe(0);
    const script = [
      '/digest set time: 08:00 timezone: Europe/Berlin',
      '/digest set time: 25:00 timezone: Europe/Berlin',
      '/digest set time: 08:00 timezone: Mars/Olympus',
      '/digest set 07:15 timezone: Europe/Kyiv topic: sanctions days: weekdays when-empty: post',
      '/digest list',
      '/digest preview',
      '/digest pause id: 1',
      '/digest list',
      '/digest remove id: 2',
      '/digest remove id: 2',
    ];
    const { code, stdout } = await runCli(['shell', '--data-dir', data.dir], {
      input: `${script.join('\n')}\n`,
    });
    expect(code).toBe(0);
    const [set, badTime, badZone, second, list, preview, pause, listPaused, removed, again] = replies(stdout);
    expect(set).toMatch(
      /^Scheduled digest #1: 08:00 Europe\/Berlin, every day in this terminal; next post \d{4}-\d\d-\d\d 08:00\.$/,
    );
    expect(badTime).toContain('"25:00" is not a time; use 24-hour HH:MM');
    expect(badZone).toContain('"Mars/Olympus" is not a known time zone');
    expect(second).toMatch(/^Scheduled digest #2: 07:15 Europe\/Kyiv, Monday to Friday in this terminal/);
    expect(list).toContain('#1 this terminal · 08:00 Europe/Berlin, every day · standard · next');
    expect(list).toMatch(/#2 this terminal · 07:15 Europe\/Kyiv, Monday to Friday · topic “sanctions”/);
    expect(list).toMatch(/UTC\)/);
    expect(preview).toMatch(/^Daily digest \(\d{4}-\d\d-\d\d\)/);
    expect(preview).toContain('Putin tightens his embrace of Lukashenko');
    expect(preview).toContain('Most in the news');
    expect(preview).toContain('Preview: only you see this, and nothing is recorded.');
    expect(pause).toContain('Paused digest #1');
    expect(listPaused).toContain('paused: `/digest resume` starts it again');
    expect(removed).toBe('Removed digest #2.');
    expect(again).toBe('! There is no digest #2 in this server. See `/digest list`.');
  });

  it('digest run-due posts what is due once, printing it, and nothing on the second run', async () => {
    // A schedule set two hours ago for an hour ago (UTC), and an article stored before it was due.
    const now = Date.now();
    const clock = new FakeClock(new Date(now - 2 * 3_600_000));
    const store = SqliteArticleStore.open({ path: join(data.dir, 'briefing.db'), clock });
    const due = new Date(now - 3_600_000).toISOString().slice(11, 16);
    await store.digestStore().upsertSchedule('local', {
      channelId: TERMINAL_CHANNEL_ID,
      time: due,
      timezone: 'UTC',
      length: 'short',
      days: 'daily',
      whenEmpty: 'skip',
      createdBy: 'terminal',
    });
    clock.advance(30 * 60_000);
    const services = {
      ...storeServices(store.backend(), { engine: new OfflineEngine(), clock, logger: silentLogger }),
    };
    const added = await ingestArticle(services, 'local', {
      title: 'Putin tightens his embrace of Lukashenko',
      text: readFileSync(DEMO_ARTICLE, 'utf8'),
    });
    expect(added.ok).toBe(true);
    await store.close();

    const first = await runCli(['digest', 'run-due', '--data-dir', data.dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Daily digest \(\d{4}-\d\d-\d\d\)/);
    expect(first.stdout).toContain('Putin tightens his embrace of Lukashenko');
    expect(first.stderr).toContain('1 digest run(s) handled');
    const second = await runCli(['digest', 'run-due', '--data-dir', data.dir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('0 digest run(s) handled');
  });

  it('refuses an unknown digest verb', async () => {
    const result = await runCli(['digest', 'run-now', '--data-dir', data.dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('digest takes one verb: run-due');
  });
});
