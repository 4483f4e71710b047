import { actorProfile } from '../briefing/actor-directory.ts';
import { defineCommand } from './command.ts';
import { cite, plural, typeLabel } from './format.ts';
import { messages } from './messages.ts';
import { messageReply, type Section } from './reply.ts';

const RELATION_WORDS: Record<string, { out: string; in: string }> = {
  supports: { out: 'supports', in: 'supported by' },
  opposes: { out: 'opposes', in: 'opposed by' },
  meets: { out: 'meets', in: 'meets' },
  criticises: { out: 'criticises', in: 'criticised by' },
  'allied-with': { out: 'allied with', in: 'allied with' },
};

export const actorCommand = defineCommand({
  name: 'actor',
  description: 'A profile of one actor: who they are, what they said and did, whom they relate to',
  preconditions: ['needs-articles'],
  options: [
    {
      name: 'name',
      description: 'The actor, e.g. Putin',
      type: 'string',
      required: true,
      minLength: 2,
      maxLength: 120,
      autocomplete: 'actor',
    },
  ],
  async run(options, ctx) {
    const { name } = options;
    const profile = await actorProfile(ctx.services, ctx.tenant, name);
    if (!profile) return messageReply(messages.actorNotFound(name), 'not-found');
    const { actor } = profile;
    const otherNames = actor.aliases.filter((a) => a !== actor.name && a.includes(' ')).slice(0, 4);
    const sections: Section[] = [
      {
        heading: 'Who they are',
        items:
          profile.roles.length > 0
            ? profile.roles.map((r) => cite(r.text, [r.source]))
            : ['The articles do not describe their role.'],
      },
      {
        heading: 'What they said',
        items:
          profile.quotes.length > 0
            ? profile.quotes.map((q) => cite(`“${q.text}”`, [q.source]))
            : profile.reported.length > 0
              ? profile.reported.map((r) => cite(`Reported: ${r.text}`, [r.source]))
              : ['The articles quote nothing from them.'],
      },
    ];
    if (profile.actions.length > 0) {
      sections.push({
        heading: 'What they did',
        items: profile.actions.map((a) => cite(a.text, [a.source])),
      });
    }
    if (profile.relations.length > 0) {
      const seen = new Set<string>();
      const items = profile.relations.flatMap((r) => {
        const words = RELATION_WORDS[r.kind] ?? { out: r.kind, in: r.kind };
        const line = `${r.direction === 'out' ? words.out : words.in} ${r.other}`;
        if (seen.has(line)) return [];
        seen.add(line);
        return [cite(line, [r.source])];
      });
      sections.push({ heading: 'Related actors', items });
    }
    sections.push({
      heading: 'Appears in',
      items: profile.sources.map((s) => `[${s.n}] #${s.articleId} ${s.title}`),
    });
    return {
      title: `${actor.name} (${typeLabel(actor.type)})`,
      body: otherNames.length > 0 ? `Also named: ${otherNames.join('; ')}.` : undefined,
      sections,
      sources: profile.sources,
      footer: `${plural(actor.mentionCount, 'mention')} in ${plural(actor.articleIds.length, 'article')}. Quotes are verbatim from the sources.`,
    };
  },
});
