import type { HttpHeader } from '../../sim/index.ts';
import { badRequest } from './errors.ts';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 500;

/** `page` and `per_page` as rest.utils parses them (1-based, at most 500). */
export function readPaging(query: URLSearchParams): { page: number; perPage: number } {
  const page = readPositive(query.get('page'), 1, 'page');
  const perPage = readPositive(query.get('per_page'), DEFAULT_PER_PAGE, 'per_page');
  if (perPage > MAX_PER_PAGE) {
    throw badRequest(
      `invalid per_page query: "${perPage}" is greater than the maximum ${MAX_PER_PAGE}`,
    );
  }
  return { page, perPage };
}

function readPositive(text: string | null, fallback: number, name: string): number {
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw badRequest(`invalid ${name} query: "${text}"`);
  }
  return value;
}

/**
 * One page of a list and the `Link` headers (first, prev, next) the Mender
 * services send with it, relative to the request path.
 */
export function paginate<T>(
  items: readonly T[],
  paging: { page: number; perPage: number },
  path: string,
  query: URLSearchParams,
): { page: T[]; headers: HttpHeader[] } {
  const start = (paging.page - 1) * paging.perPage;
  const page = items.slice(start, start + paging.perPage);
  const link = (pageNumber: number, rel: string) => {
    const linkQuery = new URLSearchParams(query);
    linkQuery.set('page', String(pageNumber));
    linkQuery.set('per_page', String(paging.perPage));
    return `<${path}?${linkQuery.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (paging.page > 1) links.push(link(paging.page - 1, 'prev'));
  if (start + paging.perPage < items.length) links.push(link(paging.page + 1, 'next'));
  return { page, headers: links.map((value) => ['link', value] as const) };
}
