import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import { mergeActors } from '../../actors/registry.ts';
import { suggestTimeZones } from '../../digests/schedule-time.ts';
import type { BotDeps } from './context.ts';
import { safeError } from './context.ts';
import { truncateAtWord } from './split-message.ts';

/** Discord shows at most 25 suggestions, each named in at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_NAME = 100;
const ARTICLES_SCANNED = 500;

/**
 * Suggestions while typing an option marked `autocomplete`: actor names or articles, from this
 * server only. The lists come from `deps.suggestions`, a short per-server cache, so a burst of
 * keystrokes reads the store once rather than merging every actor on each one.
 */
export async function handleAutocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  let choices: ApplicationCommandOptionChoiceData[] = [];
  try {
    if (interaction.inGuild()) choices = await suggest(interaction, deps, interaction.guildId);
  } catch (error) {
    deps.services.logger.warn({ tenant: interaction.guildId, ...safeError(error) }, 'autocomplete failed');
  }
  await interaction.respond(choices.slice(0, MAX_CHOICES));
}

async function suggest(
  interaction: AutocompleteInteraction,
  deps: BotDeps,
  tenant: string,
): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  const resolved = deps.dispatcher.resolve({
    trigger: 'slash',
    name: interaction.commandName,
    subcommand: interaction.options.getSubcommand(false) ?? undefined,
  });
  if (!resolved.ok) return [];
  const kind = resolved.command.options.find((o) => o.name === focused.name)?.autocomplete;
  const query = String(focused.value).trim().toLowerCase();
  const { store } = deps.services;
  if (kind === 'actor') {
    const actors = await deps.suggestions.actors(tenant, async () =>
      mergeActors(await store.listArticleActors(tenant)).map((a) => ({
        name: a.name,
        keys: [a.name, ...a.aliases].map((n) => n.toLowerCase()),
      })),
    );
    return actors
      .filter((a) => !query || a.keys.some((k) => k.includes(query)))
      .slice(0, MAX_CHOICES)
      .map((a) => ({ name: truncateAtWord(a.name, MAX_NAME), value: a.name.slice(0, MAX_NAME) }));
  }
  if (kind === 'timezone') {
    return suggestTimeZones(String(focused.value), MAX_CHOICES).map((zone) => ({ name: zone, value: zone }));
  }
  if (kind === 'article') {
    const articles = await deps.suggestions.articles(tenant, async () =>
      (await store.listArticles(tenant, { limit: ARTICLES_SCANNED })).map((a) => ({
        id: a.id,
        title: a.title,
        key: a.title.toLowerCase(),
      })),
    );
    const idPrefix = query.replace(/^#/, '');
    return articles
      .filter((a) => !query || String(a.id).startsWith(idPrefix) || a.key.includes(query))
      .slice(0, MAX_CHOICES)
      .map((a) => ({ name: truncateAtWord(`#${a.id} ${a.title}`, MAX_NAME), value: a.id }));
  }
  return [];
}
