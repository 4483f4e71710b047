/** The Publisher test double lives beside its port; re-exported here for the feed tests. */
export { type RecordedPost, RecordingPublisher } from '../../src/core/publisher.ts';
