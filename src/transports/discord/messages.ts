import type { Message } from 'discord.js';
import { runFollowUp } from '../../commands/run-command.ts';
import { type BotDeps, commandContext, conversationIdFor, NO_MENTIONS } from './context.ts';
import { pageBody } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { renderReply } from './render-discord.ts';

/** How many DM refusals are remembered; past that, someone may be told twice, which is harmless. */
const MAX_REMEMBERED_DMS = 10_000;

/**
 * A chat message: answered as a follow-up when it is in a thread with a stored conversation (a
 * briefing's thread), replies to one of the bot's messages, or @mentions the bot. Bots, the bot
 * itself included, are ignored; a DM gets one refusal per person.
 */
export async function handleMessage(message: Message, deps: BotDeps): Promise<void> {
  const client = message.client;
  if (message.author.bot || message.system || !client.user) return;
  if (!message.inGuild()) {
    if (deps.refusedDms.has(message.author.id)) return;
    if (deps.refusedDms.size >= MAX_REMEMBERED_DMS) deps.refusedDms.clear();
    deps.refusedDms.add(message.author.id);
    await message.reply({ content: discordText.dmRefusal, allowedMentions: NO_MENTIONS });
    return;
  }
  const botId = client.user.id;
  const mentioned = message.mentions.users.has(botId);
  const repliesToBot = message.mentions.repliedUser?.id === botId;
  const conversationId = conversationIdFor(message.channel, message.channelId);
  const { store } = deps.services;
  const inBriefingThread =
    message.channel.isThread() &&
    (await store.getConversation(message.guildId, message.channelId)) !== undefined;
  if (!mentioned && !repliesToBot && !inBriefingThread) return;
  const text = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), '').trim();
  // Without the Message Content intent Discord sends empty text unless the bot is mentioned.
  if (!text && !mentioned) return;
  const decision = deps.limiter.take(`${message.guildId}:${message.author.id}`);
  if (!decision.allowed) {
    await message.reply({
      content: discordText.rateLimited(decision.retryAfterMs),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const ctx = commandContext(deps, {
    guildId: message.guildId,
    userId: message.author.id,
    conversationId,
    canManage: false,
  });
  const reply = await deps.work.run(() => runFollowUp(text, ctx));
  const [first, ...rest] = renderReply(reply);
  if (!first) return;
  await message.reply({ ...pageBody(first), allowedMentions: NO_MENTIONS });
  for (const page of rest) {
    if (message.channel.isSendable())
      await message.channel.send({ ...pageBody(page), allowedMentions: NO_MENTIONS });
  }
}
