import { MessageFlags, type REST, Routes } from 'discord.js';
import type { Reply } from '../../commands/reply.ts';
import { followUpButtons } from './brief-followups.ts';
import { NO_MENTIONS_API } from './context.ts';
import { pageBody } from './deliver.ts';
import { toApiRow } from './discord-publisher.ts';
import { renderReply } from './render-discord.ts';

/** An interaction's webhook: enough to answer it from any process while its token lives. */
export interface InteractionWebhook {
  applicationId: string;
  /** A credential: it is in every route below, and never logged. */
  token: string;
}

/**
 * Delivers a reply to a deferred interaction knowing only its webhook, as `deliver` does with the
 * interaction object: the first page edits `@original`, the rest are follow-ups; an ephemeral reply
 * replaces the public "thinking…" message with private follow-ups. Webhook routes take no bot
 * authorisation (the token is the credential), as discord.js's own editReply sends them.
 * Returns the edited message's ids when it is public (a briefing's thread hangs from it).
 */
export async function deliverByWebhook(
  rest: REST,
  webhook: InteractionWebhook,
  reply: Reply,
): Promise<{ id: string; channelId: string } | undefined> {
  const pages = renderReply(reply);
  const [first, ...others] = pages;
  if (!first) return undefined;
  const original = Routes.webhookMessage(webhook.applicationId, webhook.token, '@original');
  const followUp = Routes.webhook(webhook.applicationId, webhook.token);
  const ephemeral = reply.ephemeral === true;
  const followUpBody = (page: (typeof pages)[number]) => ({
    ...pageBody(page),
    allowed_mentions: NO_MENTIONS_API,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  });
  if (ephemeral) {
    await rest.delete(original, { auth: false }).catch(() => {});
    for (const page of pages) await rest.post(followUp, { auth: false, body: followUpBody(page) });
    return undefined;
  }
  const starts = reply.conversation !== undefined && !reply.error;
  const message = (await rest.patch(original, {
    auth: false,
    body: {
      ...pageBody(first),
      components: starts ? followUpButtons().map(toApiRow) : [],
      allowed_mentions: NO_MENTIONS_API,
    },
  })) as { id: string; channel_id: string };
  for (const page of others) await rest.post(followUp, { auth: false, body: followUpBody(page) });
  return { id: message.id, channelId: message.channel_id };
}
