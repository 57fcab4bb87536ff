/** Links the API sends back: the next page (RFC 8288), under the client's base path. */
export function nextPageLink(url: string, basePath: string, cursor: string): string {
  const next = new URL(url);
  next.searchParams.set("cursor", cursor);
  return `<${basePath}${next.pathname}${next.search}>; rel="next"`;
}
