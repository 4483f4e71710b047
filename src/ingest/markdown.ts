/** Reduces Markdown to plain prose: headings, emphasis, links and images become text; code is dropped. */
export function markdownToText(md: string): { text: string; heading?: string } {
  let heading: string | undefined;
  const text = md
    .replace(/```[\s\S]*?```/g, '')
    .replace(/^#{1,6}\s+(.*)$/gm, (_m, h: string) => {
      heading ??= h.trim();
      return `${h.trim()}\n`;
    })
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|\W)[*_]([^*_\n]+)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/^\s*(-{3,}|\*{3,}|_{3,})\s*$/gm, '');
  return heading === undefined ? { text } : { text, heading };
}
