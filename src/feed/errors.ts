/** The one error a broken or non-feed body produces; messages start with `feed: `. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message.startsWith('feed: ') ? message : `feed: ${message}`, options);
  }
}
