import type { GroupCommand } from './command.ts';
import { feedAddCommand } from './feed-add.ts';
import { feedCheckCommand } from './feed-check.ts';
import { feedListCommand } from './feed-list.ts';
import { feedRemoveCommand } from './feed-remove.ts';
import { feedResumeCommand } from './feed-resume.ts';

export const feedCommand: GroupCommand = {
  name: 'feed',
  description: 'Follow news feeds: add, list, remove, check now, resume',
  subcommands: [feedAddCommand, feedListCommand, feedRemoveCommand, feedCheckCommand, feedResumeCommand],
};
