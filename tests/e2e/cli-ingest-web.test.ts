import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articlePage, PAYWALL_PAGE, RICH_HEAD, STORY_PARAGRAPHS } from '../helpers/article-pages.ts';
import { LocalServer } from '../helpers/local-server.ts';
import { BIN, REPO_ROOT, runCli, tempDataDir } from '../helpers/run-cli.ts';

const html = { 'content-type': 'text/html; charset=utf-8' };

const SECOND_STORY = [
  'Flooding closed the coastal road between Riverton and Eastbay on Friday after two days of heavy rain, the regional traffic office said.',
  'Drivers were sent inland through the hills, adding about an hour to the journey, and the ferry company put on extra crossings for foot passengers.',
  'Engineers expect the water to recede by Sunday, but they warned that the damaged sea wall near the lighthouse will need weeks of repair.',
  'Local schools stayed open, although several bus routes were cancelled and parents were asked to collect younger children early in the afternoon.',
];

// Each case starts the CLI several times; on a loaded machine one start can take seconds.
describe('bin/briefing-bot ingest of links, URL lists and JSONL', { timeout: 60_000 }, () => {
  let server: LocalServer;
  let data: ReturnType<typeof tempDataDir>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await LocalServer.start();
    server.serve('/story', articlePage({ head: RICH_HEAD }), html);
    server.serve(
      '/plain',
      articlePage({ title: 'Coastal road closed by floods', paragraphs: SECOND_STORY }),
      html,
    );
    server.serve('/report.pdf', '%PDF-1.4', { 'content-type': 'application/pdf' });
    server.serve('/paywall', PAYWALL_PAGE, html);
    server.on('/moved', (_q, r) => r.writeHead(302, { location: 'http://192.168.0.1/router' }).end());
    env = { BRIEFING_FETCH_ALLOW: server.endpoint };
  });
  afterAll(() => server.close());
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('stores article links with their metadata, refuses the rest with reasons, and re-runs as duplicates', async () => {
    const links = ['/story', '/report.pdf', '/paywall', '/missing', '/moved'].map((p) => server.url(p));
    const first = await runCli(['ingest', '--data-dir', data.dir, ...links], { env });
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^#1\tadded\tRiverton votes to rebuild harbour bridge$/m);
    expect(first.stdout).toMatch(
      /rejected\t.*report\.pdf: the link is a PDF document \(application\/pdf\), not a web page/,
    );
    expect(first.stdout).toMatch(/rejected\t.*paywall: the page shows only a subscription prompt/);
    expect(first.stdout).toMatch(/rejected\t.*missing: the site says the page does not exist \(HTTP 404\)/);
    expect(first.stdout).toMatch(
      /rejected\t.*moved: that link points to a private or reserved network address/,
    );
    expect(first.stderr).toContain(
      '1 added, 0 duplicate, 0 near-duplicate, 4 rejected (BAD_CONTENT_TYPE 1, BLOCKED_ADDRESS 1, NOT_FOUND 1, paywall 1)',
    );
    // Not a terminal: progress is plain lines.
    expect(first.stderr).toMatch(/^ingest: 5\/5 \(1 added, 4 rejected\)$/m);

    const show = await runCli(['shell', '--data-dir', data.dir], { input: '/article show 1\n' });
    expect(show.stdout).toContain('Riverton Post · by Dana Kim · 2026-03-03');
    expect(show.stdout).toContain(server.url('/news/2026/bridge-vote'));

    const plain = server.url('/plain');
    await runCli(['ingest', '--data-dir', data.dir, plain], { env });
    const fetchesBefore = server.requests.filter((r) => r.path === '/plain').length;
    const again = await runCli(
      ['ingest', '--data-dir', data.dir, server.url('/story'), `${plain}#comments`],
      { env },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^#1\tduplicate\t/m);
    expect(again.stdout).toMatch(/^#2\tduplicate\tCoastal road closed by floods$/m);
    // A link already stored is not fetched again.
    expect(server.requests.filter((r) => r.path === '/plain').length).toBe(fetchesBefore);
  });

  it('refuses local servers unless BRIEFING_FETCH_ALLOW names them, and validates the setting', async () => {
    const refused = await runCli(['ingest', '--data-dir', data.dir, server.url('/story')]);
    expect(refused.stdout).toMatch(/rejected\t.*: links to port \d+ are not fetched/);
    const bad = await runCli(['ingest', '--data-dir', data.dir, server.url('/story')], {
      env: { BRIEFING_FETCH_ALLOW: '169.254.169.254:80' },
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/BRIEFING_FETCH_ALLOW: .*metadata/);
  });

  it('reads --urls lists and JSONL files, rejecting bad lines by number', async () => {
    const list = join(data.dir, 'urls.txt');
    writeFileSync(list, `# reading list\n${server.url('/story')}\n\n${server.url('/missing')}\n`);
    const jsonl = join(data.dir, 'articles.jsonl');
    writeFileSync(
      jsonl,
      [
        JSON.stringify({
          title: 'Coastal road closed',
          text: SECOND_STORY.join('\n\n'),
          published: '2026-03-06',
          source: 'Eastbay Times',
        }),
        JSON.stringify({ title: 'Same again', text: SECOND_STORY.join('\n\n') }),
        '{not json',
        JSON.stringify({ title: 'No text here' }),
        JSON.stringify({ title: 'Bad date', text: STORY_PARAGRAPHS.join('\n\n'), published: 'someday' }),
      ].join('\n'),
    );
    const result = await runCli(['ingest', '--data-dir', data.dir, '--urls', list, jsonl], { env });
    expect(result.stdout).toMatch(/^#1\tadded\tCoastal road closed$/m);
    expect(result.stdout).toMatch(/^#1\tduplicate\t/m);
    expect(result.stdout).toMatch(/rejected\t.*articles\.jsonl:3: not valid JSON/);
    expect(result.stdout).toMatch(/rejected\t.*articles\.jsonl:4: text: /);
    expect(result.stdout).toMatch(/rejected\t.*articles\.jsonl:5: "someday" is not a date/);
    expect(result.stdout).toMatch(/^#2\tadded\tRiverton votes to rebuild harbour bridge$/m);
    expect(result.stderr).toContain(
      '2 added, 1 duplicate, 0 near-duplicate, 4 rejected (bad-json 2, bad-date 1, NOT_FOUND 1)',
    );
  });

  it('stops after the current item on Ctrl-C, and a re-run adds only what is missing', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      server.on('/held', (_q, res) => {
        release = () =>
          res
            .writeHead(200, html)
            .end(articlePage({ title: 'Coastal road closed by floods', paragraphs: SECOND_STORY }));
        resolve();
      });
    });
    const links = [server.url('/story'), server.url('/held'), server.url('/paywall')];
    const child = spawn(process.execPath, [BIN, 'ingest', '--data-dir', data.dir, ...links], {
      cwd: REPO_ROOT,
      env: { ...process.env, BRIEFING_DATA_DIR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let acknowledged: () => void = () => {};
    const stopping = new Promise<void>((resolve) => {
      acknowledged = resolve;
    });
    let firstStored: () => void = () => {};
    const stored = new Promise<void>((resolve) => {
      firstStored = resolve;
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (stdout.includes('\n')) firstStored();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (stderr.includes('stopping after the current item')) acknowledged();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The first link is stored and the second is being fetched: that one is in hand.
    await Promise.all([held, stored]);
    child.kill('SIGINT');
    await stopping;
    release?.();
    expect(await exited).toBe(130);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/2 added, .* \(interrupted; run again to continue\)/);
    // The link after the one in hand may have been fetched ahead, but it was not stored or reported.
    expect(stdout).not.toContain('paywall');
    const rerun = await runCli(['ingest', '--data-dir', data.dir, ...links], { env });
    expect(rerun.stdout).toMatch(/^#1\tduplicate/m);
    expect(rerun.stdout).toMatch(/^#2\tduplicate/m);
    expect(rerun.stdout).toMatch(/rejected\t.*paywall/);
  });
});
