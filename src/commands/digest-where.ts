import { TERMINAL_CHANNEL_ID } from '../core/publisher.ts';

/** A channel as replies name it: a Discord channel mention, or "this terminal". */
export function channelLabel(channelId: string): string {
  return channelId === TERMINAL_CHANNEL_ID ? 'this terminal' : `<#${channelId}>`;
}
