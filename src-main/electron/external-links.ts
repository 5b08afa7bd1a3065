/**
 * The web pages the app may hand to the system browser: https on the hosts it links to (the
 * Hugging Face hub, where its models and access tokens come from). Anything else a page asks to
 * open, from a link in an article or a compromised renderer, stays closed.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['huggingface.co'];

export function isAllowedExternalLink(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Credentials in a link ("https://huggingface.co@evil.example") are a disguise, never ours.
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  return EXTERNAL_LINK_HOSTS.includes(parsed.hostname.toLowerCase());
}
