import type { GroupCommand } from './command.ts';
import { digestListCommand } from './digest-list.ts';
import { digestPauseCommand, digestRemoveCommand, digestResumeCommand } from './digest-manage.ts';
import { digestPreviewCommand } from './digest-preview.ts';
import { digestSetCommand } from './digest-set.ts';

export const digestCommand: GroupCommand = {
  name: 'digest',
  description: 'Daily digests posted into channels at their local time',
  subcommands: [
    digestSetCommand,
    digestListCommand,
    digestPreviewCommand,
    digestPauseCommand,
    digestResumeCommand,
    digestRemoveCommand,
  ],
};
