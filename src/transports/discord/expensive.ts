import type { Reply } from '../../commands/reply.ts';
import type { BotDeps } from './context.ts';
import { NO_MENTIONS, safeError } from './context.ts';
import { pageBody, type RepliableInteraction, tellPrivately } from './deliver.ts';
import { discordText } from './discord-text.ts';
import { renderPreview } from './render-discord.ts';
import { ThrottledEditor } from './streaming.ts';

/** Takes a rate-limit token for the caller; tells them how long to wait when there is none. */
export async function admit(
  interaction: RepliableInteraction,
  deps: BotDeps,
  guildId: string,
): Promise<boolean> {
  const decision = deps.limiter.take(`${guildId}:${interaction.user.id}`);
  if (decision.allowed) return true;
  await tellPrivately(interaction, discordText.rateLimited(decision.retryAfterMs));
  return false;
}

/**
 * Runs engine work for a deferred interaction, showing a streaming engine's text as it comes
 * (one edit per interval at most); previews stop before the caller sends the final reply.
 */
export async function runWithPreview(
  interaction: RepliableInteraction,
  deps: BotDeps,
  tenant: string,
  run: (onPartialText: (textSoFar: string) => void) => Promise<Reply>,
): Promise<Reply> {
  const { services } = deps;
  const editor = new ThrottledEditor({
    clock: services.clock,
    intervalMs: deps.streamIntervalMs,
    edit: async (text) => {
      try {
        await interaction.editReply({ ...pageBody(renderPreview(text)), allowedMentions: NO_MENTIONS });
      } catch (error) {
        services.logger.warn({ tenant, ...safeError(error) }, 'preview edit failed');
      }
    },
  });
  try {
    return await deps.work.run(() => run((text) => editor.push(text)));
  } finally {
    await editor.finish();
  }
}
