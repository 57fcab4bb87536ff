import type { UseInfiniteQueryResult } from "@tanstack/react-query";

type Paged = Pick<UseInfiniteQueryResult, "hasNextPage" | "isFetchingNextPage" | "fetchNextPage">;

/** The next page of a list read by cursor, on request: a button while the API says there is more. */
export function LoadMore({ list }: { list: Paged }) {
  if (!list.hasNextPage) return null;
  return (
    <p className="sentinel">
      <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
        {list.isFetchingNextPage ? "Loading more…" : "Load more"}
      </button>
    </p>
  );
}
