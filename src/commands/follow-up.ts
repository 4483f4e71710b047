import { answer, QUESTION_LIMITS } from './ask.ts';
import { defineCommand } from './command.ts';

/**
 * A chat message that is not a command: a question in the caller's conversation (a briefing's
 * thread, a reply to the bot, a mention, the modal, a terminal line without a slash).
 */
export const followUpCommand = defineCommand({
  name: 'follow-up',
  description: 'A follow-up question in the current conversation',
  hidden: true,
  expensive: true,
  inputLabel: 'A follow-up question',
  preconditions: ['rate-limited', 'needs-articles'],
  options: [
    { name: 'question', description: 'The question', type: 'string', required: true, ...QUESTION_LIMITS },
  ],
  async run(options, ctx) {
    return answer(options.question, ctx);
  },
});
