import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/commands/messages.ts';
import { discordText } from '../../src/transports/discord/discord-text.ts';
import { PERMISSIONS, type RecordedCall } from '../fakes/discord/fake-discord.ts';
import { closeAndCheck, contentCalls, Harness } from './harness.ts';

const NO_MENTIONS = { parse: [], replied_user: false };

type Embed = {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
};

function embedsOf(call: RecordedCall | undefined): Embed[] {
  return (call?.body?.embeds ??
    (call?.body?.data as Record<string, unknown> | undefined)?.embeds ??
    []) as Embed[];
}

describe('Discord transport: /brief, buttons, modal, thread follow-ups, restart', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    const running = h;
    h = undefined;
    await closeAndCheck(running);
  });

  it('defers /brief, edits in embeds with buttons, starts a thread and answers follow-ups in it with memory', async () => {
    h = await Harness.start({ ingest: true });
    const { fake } = h;
    const brief = fake.slashCommand({ name: 'brief', options: { topic: 'Belarus' } });
    const thread = await fake.waitFor((c) => c.path.endsWith('/threads'));
    const calls = fake.callsFor(brief.id);
    // Acknowledged first (type 5 = deferred), then the reply is edited in.
    expect(calls[0]?.path).toMatch(/\/callback$/);
    expect(calls[0]?.body?.type).toBe(5);
    const edit = calls.find((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'));
    const [embed] = embedsOf(edit);
    expect(embed?.title).toBe('Briefing: Belarus');
    expect(embed?.description).toMatch(/\[\d\]/);
    expect(embed?.fields?.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Key points', 'Actors', 'Sources']),
    );
    expect(embed?.fields?.find((f) => f.name === 'Sources')?.value).toMatch(
      /^\[1\] \[Putin tightens his embrace of Lukashenko\]\(https:\/\/news\.example\/belarus\)/,
    );
    const buttons = (
      (edit?.body?.components ?? []) as { components: { custom_id: string; label: string }[] }[]
    )[0]?.components;
    expect(buttons?.map((b) => b.label)).toEqual(['Sources', 'Ask a follow-up']);
    // The thread hangs from the briefing message and carries its title.
    const original = fake.original(brief.id)!;
    expect(thread.path).toBe(`/channels/${h.channelId}/messages/${original.id}/threads`);
    expect(thread.body?.name).toBe('Briefing: Belarus');

    // Follow-ups in the thread, without mentioning the bot, continue the briefing's conversation.
    const threadId = String(original.id);
    fake.userMessage({ channelId: threadId, content: 'Who is Putin?' });
    const first = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
    );
    expect(first.body?.message_reference).toBeTruthy();
    fake.userMessage({ channelId: threadId, content: 'What does he want?' });
    const answers = await fake.waitForCount(
      (c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`,
      2,
    );
    const text = JSON.stringify(answers[1]?.body);
    expect(text).toMatch(/want|determined/);
    expect(text).toMatch(/Putin/);

    // "Sources" lists the briefing's sources privately.
    const sources = fake.buttonClick({ messageId: threadId, customId: 'brief:sources' });
    const sourcesReply = await fake.waitFor((c) => c.path.startsWith(`/interactions/${sources.id}/`));
    expect(sourcesReply.body?.type).toBe(4);
    expect(((sourcesReply.body?.data ?? {}) as { flags: number }).flags & 64).toBe(64);
    expect(JSON.stringify(sourcesReply.body)).toContain('[1] [Putin tightens his embrace of Lukashenko]');

    // "Ask a follow-up" opens a modal; its question is answered in the same conversation ("he" = Putin).
    const ask = fake.buttonClick({ messageId: threadId, customId: 'brief:ask' });
    const modal = await fake.waitFor((c) => c.path.startsWith(`/interactions/${ask.id}/`));
    expect(modal.body?.type).toBe(9);
    expect(((modal.body?.data ?? {}) as { custom_id: string }).custom_id).toBe('brief:ask-modal');
    const submit = fake.modalSubmit({
      messageId: threadId,
      customId: 'brief:ask-modal',
      fields: { question: 'Where will he host Lukashenko?' },
    });
    const answer = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(`/${submit.token}/`));
    expect(fake.callsFor(submit.id)[0]?.body?.type).toBe(5);
    expect(JSON.stringify(answer.body)).toMatch(/Q: Where will he host Lukashenko\?/);

    // Nobody is ever pinged: allowed_mentions is empty on every call that sends content.
    const sends = contentCalls(fake.calls);
    expect(sends.length).toBeGreaterThanOrEqual(5);
    for (const { call, payload } of sends) {
      expect(payload.allowed_mentions, `${call.method} ${call.path}`).toEqual(NO_MENTIONS);
    }
  });

  it('keeps answering in a briefing thread after a restart (same data dir, new client)', async () => {
    h = await Harness.start({ ingest: true });
    const { fake, dataDir } = h;
    const brief = fake.slashCommand({ name: 'brief' });
    await fake.waitFor((c) => c.path.endsWith('/threads'));
    const threadId = String(fake.original(brief.id)!.id);
    fake.userMessage({ channelId: threadId, content: 'What does Putin want?' });
    await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`);
    expect(h.logger.errors).toEqual([]);
    await h.stopBot();

    // The new harness takes over the fake and the data dir, and cleans both up.
    h = await Harness.start({ fake, dataDir, ownsDataDir: true });
    const before = fake.calls.length;
    fake.userMessage({ channelId: threadId, content: 'What does he want?' });
    const reply = await fake.waitFor(
      (c) =>
        c.method === 'POST' && c.path === `/channels/${threadId}/messages` && fake.calls.indexOf(c) >= before,
    );
    expect(JSON.stringify(reply.body)).toMatch(/want|determined/);
  });

  it('answers @mentions and replies outside threads, without the Message Content intent', async () => {
    h = await Harness.start({ ingest: true, messageContent: false });
    const { fake } = h;
    fake.userMessage({ channelId: h.channelId, content: 'Who is Putin?', mentionBot: true });
    const answer = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${h!.channelId}/messages`,
    );
    expect(JSON.stringify(answer.body)).toMatch(/Russian President|Putin/);
    // A plain message (no mention, not a reply, not in a briefing thread) is left alone.
    const count = fake.calls.length;
    fake.userMessage({ channelId: h.channelId, content: 'lunch anyone?' });
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.length).toBe(count);
  });

  it('carries on without a thread when the bot may not create one', async () => {
    h = await Harness.start({ ingest: true });
    h.fake.denyThreads(h.channelId);
    const brief = h.fake.slashCommand({ name: 'brief' });
    const denied = await h.fake.waitFor((c) => c.path.endsWith('/threads'));
    expect(denied.status).toBe(403);
    const [briefing] = (h.fake.original(brief.id)?.embeds ?? []) as Embed[];
    expect(briefing?.title).toBe('Briefing: latest articles');
    // The buttons still work from the stored conversation.
    const sources = h.fake.buttonClick({
      messageId: String(h.fake.original(brief.id)!.id),
      customId: 'brief:sources',
    });
    const reply = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${sources.id}/`));
    expect(JSON.stringify(reply.body)).toContain('Putin tightens his embrace');
    expect(h.logger.entries.some((e) => e.msg?.includes('no thread'))).toBe(true);
  });

  it('refuses /article add to a member without Manage Server, privately and without deferring', async () => {
    h = await Harness.start({ ingest: true });
    const add = h.fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { text: 'x '.repeat(50) },
    });
    const reply = await h.fake.waitFor((c) => c.path.startsWith(`/interactions/${add.id}/`));
    expect(reply.body?.type).toBe(4);
    expect(((reply.body?.data ?? {}) as { flags: number }).flags & 64).toBe(64);
    expect(((reply.body?.data ?? {}) as { content: string }).content).toMatch(
      /Only members who can manage this server/,
    );
  });

  it('adds an article from an attachment for a manager, and refuses a file over 5 MB without downloading it', async () => {
    h = await Harness.start();
    const { fake } = h;
    const text =
      'Minsk, Belarus. The opposition leader spoke to reporters on Monday about the election and the protests that followed it.';
    const file = fake.addAttachment('report.txt', new TextEncoder().encode(`Opposition speaks\n\n${text}`));
    const add = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { file },
      permissions: PERMISSIONS.manager,
    });
    const done = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(`/${add.token}/`));
    expect(done.body?.content).toMatch(/^Added article #1 “Opposition speaks”/);
    expect(fake.attachmentDownloads).toBe(1);

    const big = { ...fake.addAttachment('big.txt', new Uint8Array(10)), size: 6 * 1024 * 1024 };
    const refused = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { file: big },
      permissions: PERMISSIONS.manager,
    });
    const followUp = await fake.waitFor(
      (c) => c.method === 'POST' && c.path.includes(`/webhooks/`) && c.path.includes(refused.token),
    );
    expect(followUp.body?.content).toMatch(/6\.0 MB; the limit is 5 MB/);
    expect(followUp.body?.flags).toBe(64);
    expect(fake.attachmentDownloads).toBe(1);
  });

  it('refuses an attachment whose download breaks off partway with the download refusal, not an internal error', async () => {
    h = await Harness.start();
    const { fake } = h;
    const bytes = new TextEncoder().encode(
      `Cut off\n\n${'Minsk reporters heard the statement. '.repeat(2_000)}`,
    );
    const file = fake.addAttachment('cut.txt', bytes, 'text/plain', { failAfterBytes: 1024 });
    const add = fake.slashCommand({
      name: 'article',
      subcommand: 'add',
      options: { file },
      permissions: PERMISSIONS.manager,
    });
    const followUp = await fake.waitFor(
      (c) => c.method === 'POST' && c.path.includes('/webhooks/') && c.path.includes(add.token),
    );
    expect(followUp.body?.content).toBe(discordText.attachmentUnavailable);
    expect(followUp.body?.flags).toBe(64);
    expect(fake.attachmentDownloads).toBe(1);
    expect(await h.services.store.countArticles(h.guildId)).toBe(0);
    // Nothing reached the generic handler (afterEach also checks no error was logged).
    expect(JSON.stringify(fake.callsFor(add.id).map((c) => c.body))).not.toContain(messages.internal);
  });
});
