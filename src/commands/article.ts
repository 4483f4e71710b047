import { articleAddCommand } from './article-add.ts';
import { articleListCommand } from './article-list.ts';
import { articleRemoveCommand } from './article-remove.ts';
import { articleShowCommand } from './article-show.ts';
import type { GroupCommand } from './command.ts';

export const articleCommand: GroupCommand = {
  name: 'article',
  description: 'Add, list, show or remove stored articles',
  subcommands: [articleAddCommand, articleListCommand, articleShowCommand, articleRemoveCommand],
};
