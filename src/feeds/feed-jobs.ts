import type { Services } from '../briefing/services.ts';
import type { DueJob } from '../core/scheduler.ts';
import { feedDeps } from './feed-deps.ts';
import { FeedPollJob } from './feed-poll-job.ts';

/** The feed poller for a process's scheduler, when its services have the feed ports. */
export function feedJobs(services: Services): DueJob[] {
  const deps = feedDeps(services);
  return deps ? [new FeedPollJob(deps)] : [];
}
