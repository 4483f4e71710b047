import type { Message } from 'discord.js';
import type { Caller } from '../../commands/preconditions.ts';
import { type BotDeps, conversationIdFor, NO_MENTIONS } from './context.ts';
import { pageBody } from './deliver.ts';
import { renderReply } from './render-discord.ts';

/** How many DM refusals are remembered; past that, someone may be told twice, which is harmless. */
const MAX_REMEMBERED_DMS = 10_000;

/**
 * A chat message: a follow-up invocation when it is in a thread with a stored conversation (a
 * briefing's or digest's thread), replies to one of the bot's messages, or @mentions the bot.
 * Bots, the bot itself included, are ignored; a DM is refused once per person (the dispatcher
 * refuses it; this transport only remembers whom it told).
 */
export async function handleMessage(message: Message, deps: BotDeps): Promise<void> {
  const client = message.client;
  if (message.author.bot || message.system || !client.user) return;
  const botId = client.user.id;
  const caller: Caller = {
    tenant: message.guildId ?? undefined,
    userId: message.author.id,
    conversationId: conversationIdFor(message.channel, message.channelId),
    canManage: false,
  };
  if (!message.inGuild()) {
    if (deps.refusedDms.has(message.author.id)) return;
    if (deps.refusedDms.size >= MAX_REMEMBERED_DMS) deps.refusedDms.clear();
    deps.refusedDms.add(message.author.id);
  } else {
    const mentioned = message.mentions.users.has(botId);
    const repliesToBot = message.mentions.repliedUser?.id === botId;
    const inConversationThread =
      message.channel.isThread() &&
      (await deps.services.store.getConversation(message.guildId, message.channelId)) !== undefined;
    if (!mentioned && !repliesToBot && !inConversationThread) return;
    // Without the Message Content intent Discord sends empty text unless the bot is mentioned.
    if (!mentionFree(message.content, botId) && !mentioned) return;
  }
  const options = { question: mentionFree(message.content, botId) };
  const admitted = await deps.dispatcher.admit({ trigger: 'follow-up', name: 'follow-up', options }, caller);
  const reply = admitted.ok ? await deps.work.run(() => admitted.run(options)) : admitted.reply;
  const [first, ...rest] = renderReply(reply);
  if (!first) return;
  await message.reply({ ...pageBody(first), allowedMentions: NO_MENTIONS });
  for (const page of rest) {
    if (message.channel.isSendable())
      await message.channel.send({ ...pageBody(page), allowedMentions: NO_MENTIONS });
  }
}

function mentionFree(text: string, botId: string): string {
  return text.replace(new RegExp(`<@!?${botId}>`, 'g'), '').trim();
}
