/** Every sentence the fetcher shows a person, one per refusal, so wording stays consistent. */
export const fetchMessages = {
  badUrl: 'That is not a valid web address; give a full http:// or https:// link.',
  badScheme: (scheme: string) => `Only http:// and https:// links can be fetched, not ${scheme}//.`,
  credentials: 'Links with a user name or password in them are not fetched.',
  badPort: (port: string) => `Links to port ${port} are not fetched; only the standard web ports are.`,
  hostNotAllowed: (host: string) => `Links to ${host} are not fetched here.`,
  blockedAddress: 'That link points to a private or reserved network address, which the bot never fetches.',
  metadataAddress: 'That link points to a cloud metadata address, which the bot never fetches.',
  unresolvable: (host: string) => `The site "${host}" could not be found (no DNS answer).`,
  tooLarge: (limitMb: number) => `The page is larger than the ${limitMb} MB limit, so it was not read.`,
  timeout: (seconds: number) => `The site took longer than ${seconds} s to answer, so the fetch was stopped.`,
  tooManyRedirects: (max: number) => `The link redirects more than ${max} times, so it was not followed.`,
  redirectLoop: 'The link redirects in a loop, so it was not followed.',
  redirectWithoutLocation: 'The site answered with a redirect but did not say where to.',
  notFound: (status: number) => `The site says the page does not exist (HTTP ${status}).`,
  forbidden: (status: number) => `The site refused access to the page (HTTP ${status}).`,
  httpError: (status: number) => `The site answered with an error (HTTP ${status}).`,
  badContentType: (what: string, type: string) =>
    `The link is ${describeType(type)}, not ${what}, so it was not read.`,
  badEncoding: 'The site sent a compressed body that could not be decoded.',
  network: 'The site could not be reached (connection failed).',
} as const;

/** A content type in words a person recognises ("a PDF document (application/pdf)"). */
function describeType(type: string): string {
  if (type === '') return 'of an unknown type';
  if (type === 'application/pdf') return `a PDF document (${type})`;
  if (type.startsWith('image/')) return `an image (${type})`;
  if (type.startsWith('video/')) return `a video (${type})`;
  if (type.startsWith('audio/')) return `an audio file (${type})`;
  return `of type ${type}`;
}
