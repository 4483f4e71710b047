import type { Reply } from '../../commands/reply.ts';
import type { BotDeps } from './context.ts';
import { NO_MENTIONS, safeError } from './context.ts';
import { pageBody, type RepliableInteraction } from './deliver.ts';
import { renderPreview } from './render-discord.ts';
import { ThrottledEditor } from './streaming.ts';

/**
 * Runs engine work for a deferred interaction in the work queue, showing a streaming engine's
 * text as it comes (one edit per interval at most); previews stop before the caller sends the
 * final reply.
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
